package com.acme;

import dev.kindling.annotation.SqsHandler;
import jakarta.inject.Singleton;

@Singleton
public class FifoMaxReceiveCount {
  @SqsHandler(
      queue = "orders.fifo",
      fifo = true,
      maxReceiveCount = 3) // expect: FifoMaxReceiveCount
  public void charge(String orderId) {}
}
