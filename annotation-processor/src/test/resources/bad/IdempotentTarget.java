package com.acme;

import dev.kindling.annotation.Idempotent;
import dev.kindling.annotation.SqsHandler;
import jakarta.inject.Singleton;

@Singleton
public class IdempotentTarget {
  public record ChargeOrder(String orderId, long cents) {}

  @SqsHandler(queue = "orders")
  @Idempotent(
      keyOptional = true) // expect: IdempotentTarget
  public void charge(ChargeOrder order) {}
}
