package com.acme;

import dev.kindling.annotation.FunctionHandler;
import jakarta.inject.Singleton;

@Singleton
public class Deferred { // expect: Deferred
  @FunctionHandler
  public String charge(ChargeOrder order) {
    return "charged";
  }
}
