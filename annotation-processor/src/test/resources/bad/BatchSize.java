package com.acme;

import dev.kindling.annotation.SqsHandler;
import jakarta.inject.Singleton;

@Singleton
public class BatchSize {
  @SqsHandler(
      queue = "orders.fifo",
      fifo = true,
      batchSize = 50) // expect: BatchSize
  public void charge(String orderId) {}
}
