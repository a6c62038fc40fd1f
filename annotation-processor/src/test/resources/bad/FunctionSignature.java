package com.acme;

import dev.kindling.annotation.FunctionHandler;
import jakarta.inject.Singleton;

@Singleton
public class FunctionSignature {
  public record Order(String id) {}

  @FunctionHandler
  public void charge(
      Order order,
      String note) { // expect: FunctionSignature
  }
}
