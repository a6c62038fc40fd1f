package com.acme;

import dev.kindling.annotation.FunctionHandler;
import jakarta.inject.Singleton;

@Singleton
public class TargetModifiers {
  @FunctionHandler
  private String echo(String text) { // expect: TargetModifiers
    return text;
  }
}
