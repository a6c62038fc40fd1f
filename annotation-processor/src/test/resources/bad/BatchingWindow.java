package com.acme;

import dev.kindling.annotation.SqsHandler;
import jakarta.inject.Singleton;

@Singleton
public class BatchingWindow {
  @SqsHandler(queue = "orders", batchSize = 100) // expect: BatchingWindow
  public void charge(String orderId) {}
}
