package com.acme;

import dev.kindling.annotation.SqsHandler;
import jakarta.inject.Singleton;

@Singleton
public class SqsSignatureReturn {
  public record ChargeOrder(String orderId) {}

  @SqsHandler(queue = "orders")
  public boolean charge(ChargeOrder order) { // expect: SqsSignature
    return true;
  }
}
