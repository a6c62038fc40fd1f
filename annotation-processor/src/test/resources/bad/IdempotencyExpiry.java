package com.acme;

import dev.kindling.annotation.FunctionHandler;
import dev.kindling.annotation.Idempotent;
import jakarta.inject.Singleton;

@Singleton
public class IdempotencyExpiry {
  public record ChargeOrder(String orderId, long cents) {}

  @FunctionHandler
  @Idempotent(
      expiry = "1 hour") // expect: IdempotencyExpiry
  public String charge(ChargeOrder order) {
    return order.orderId();
  }
}
