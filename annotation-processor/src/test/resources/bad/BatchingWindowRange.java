package com.acme;

import dev.kindling.annotation.SqsHandler;
import jakarta.inject.Singleton;

@Singleton
public class BatchingWindowRange {
  @SqsHandler(
      queue = "orders",
      maxBatchingWindowSeconds = 600) // expect: BatchingWindow
  public void charge(String orderId) {}
}
