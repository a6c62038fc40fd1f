package com.acme;

import dev.kindling.annotation.FunctionHandler;
import dev.kindling.annotation.Idempotent;
import jakarta.inject.Singleton;

@Singleton
public class IdempotentTargetPerCaller {
  public record Quote(String orderId) {}

  @FunctionHandler
  @Idempotent(key = "orderId",
      perCaller = true) // expect: IdempotentTarget
  public Quote quote(Quote quote) {
    return quote;
  }
}
