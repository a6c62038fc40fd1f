package com.acme;

import dev.kindling.annotation.KinesisHandler;
import jakarta.inject.Singleton;

@Singleton
public class MaxRetryAttempts {
  @KinesisHandler(
      stream = "clicks",
      maxRetryAttempts = -2) // expect: MaxRetryAttempts
  public void click(String click) {}
}
