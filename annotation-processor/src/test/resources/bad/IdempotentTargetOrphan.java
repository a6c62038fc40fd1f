package com.acme;

import dev.kindling.annotation.Idempotent;
import jakarta.inject.Singleton;

@Singleton
public class IdempotentTargetOrphan {
  @Idempotent // expect: IdempotentTarget
  public String refund(String orderId) {
    return orderId;
  }
}
