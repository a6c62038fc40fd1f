package com.acme;

import dev.kindling.annotation.SqsHandler;
import jakarta.inject.Singleton;

public class GeneratedNameClashNestedBatch {
  @Singleton
  public static class Inner {
    @SqsHandler(queue = "charges")
    public void charge(String orderId) {}
  }
}

/** Its charge entry would be named like that of GeneratedNameClashNestedBatch.Inner#charge. */
@Singleton
class GeneratedNameClashNestedBatch_Inner {
  @SqsHandler(queue = "refunds")
  public void charge(String orderId) {} // expect: GeneratedNameClash
}
