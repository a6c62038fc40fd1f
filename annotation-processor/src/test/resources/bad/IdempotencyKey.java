package com.acme;

import dev.kindling.annotation.Idempotent;
import dev.kindling.annotation.SqsHandler;
import jakarta.inject.Singleton;

@Singleton
public class IdempotencyKey {
  public record ChargeOrder(String orderId, long cents) {}

  @SqsHandler(queue = "orders")
  @Idempotent(
      key = {"orderId", "customerId"}) // expect: IdempotencyKey
  public void charge(ChargeOrder order) {}
}
