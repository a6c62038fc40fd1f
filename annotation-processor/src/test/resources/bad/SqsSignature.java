package com.acme;

import dev.kindling.annotation.SqsHandler;
import jakarta.inject.Singleton;

@Singleton
public class SqsSignature {
  public record ChargeOrder(String orderId) {}

  @SqsHandler(queue = "orders")
  public void charge(
      ChargeOrder order,
      String note) { // expect: SqsSignature
  }
}
