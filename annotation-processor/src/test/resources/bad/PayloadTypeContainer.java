package com.acme;

import dev.kindling.annotation.SqsHandler;
import jakarta.inject.Singleton;
import java.util.List;

@Singleton
public class PayloadTypeContainer {
  public static final class Line {
    public Line(String sku, int quantity) {}
  }

  @SqsHandler(queue = "orders")
  public void lines(
      List<Line> lines) {} // expect: PayloadType
}
