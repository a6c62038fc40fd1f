package com.acme;

import dev.kindling.annotation.FunctionHandler;
import jakarta.inject.Singleton;

public class TargetClass {
  @Singleton
  public class Echo { // expect: TargetClass
    @FunctionHandler
    public String echo(String text) {
      return text;
    }
  }
}
