package com.acme;

import dev.kindling.annotation.SqsHandler;
import jakarta.inject.Singleton;

@Singleton
public class SourceNameFifoLength {
  @SqsHandler(
      queue = "order-charges-in-the-order-they-were-placed-by-the-customer-at-checkout-time.fifo", // expect: SourceName
      fifo = true)
  public void charge(String orderId) {}
}
