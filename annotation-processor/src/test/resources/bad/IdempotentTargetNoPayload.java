package com.acme;

import dev.kindling.annotation.FunctionHandler;
import dev.kindling.annotation.Idempotent;
import jakarta.inject.Singleton;

@Singleton
public class IdempotentTargetNoPayload {
  @FunctionHandler
  @Idempotent // expect: IdempotentTarget
  public String rotateKeys() {
    return "rotated";
  }
}
