package com.acme;

import dev.kindling.annotation.SqsHandler;
import jakarta.inject.Singleton;

@Singleton
public class ParallelFifo {
  @SqsHandler(
      queue = "orders.fifo",
      fifo = true,
      parallel = true) // expect: ParallelFifo
  public void charge(String orderId) {}
}
