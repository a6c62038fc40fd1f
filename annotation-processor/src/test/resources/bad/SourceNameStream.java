package com.acme;

import dev.kindling.annotation.KinesisHandler;
import jakarta.inject.Singleton;

@Singleton
public class SourceNameStream {
  @KinesisHandler(
      stream = "click stream") // expect: SourceName
  public void click(String click) {}
}
