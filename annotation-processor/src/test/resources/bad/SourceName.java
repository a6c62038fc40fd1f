package com.acme;

import dev.kindling.annotation.SqsHandler;
import jakarta.inject.Singleton;

@Singleton
public class SourceName {
  @SqsHandler(
      queue = "orders", // expect: SourceName
      fifo = true)
  public void charge(String orderId) {}
}
