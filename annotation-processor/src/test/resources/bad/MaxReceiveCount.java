package com.acme;

import dev.kindling.annotation.SqsHandler;
import jakarta.inject.Singleton;

@Singleton
public class MaxReceiveCount {
  @SqsHandler(
      queue = "orders",
      maxReceiveCount = 0) // expect: MaxReceiveCount
  public void charge(String orderId) {}
}
