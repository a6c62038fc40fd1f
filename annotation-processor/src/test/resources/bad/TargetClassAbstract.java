package com.acme;

import dev.kindling.annotation.FunctionHandler;
import jakarta.inject.Singleton;

@Singleton
public abstract class TargetClassAbstract { // expect: TargetClass
  @FunctionHandler
  public String echo(String text) {
    return text;
  }
}
