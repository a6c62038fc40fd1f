package com.acme;

import dev.kindling.annotation.SqsHandler;
import jakarta.inject.Singleton;

@Singleton
public class DeadLetterModule {
  @SqsHandler(
      queue = "orders.fifo",
      fifo = true,
      deadLetterUnprocessable = true) // expect: DeadLetterModule
  public void charge(String orderId) {}
}
