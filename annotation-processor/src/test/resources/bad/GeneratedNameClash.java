package com.acme;

import dev.kindling.annotation.FunctionHandler;
import jakarta.inject.Singleton;

@Singleton
public class GeneratedNameClash {
  @FunctionHandler
  public String charge(String orderId) {
    return orderId;
  }

  @FunctionHandler
  public String charge(long cents) { // expect: GeneratedNameClash
    return Long.toString(cents);
  }
}
