package com.acme;

import dev.kindling.annotation.FunctionHandler;
import jakarta.inject.Singleton;

@Singleton
public interface TargetClassInterface { // expect: TargetClass
  @FunctionHandler
  default String echo(String text) {
    return text;
  }
}
