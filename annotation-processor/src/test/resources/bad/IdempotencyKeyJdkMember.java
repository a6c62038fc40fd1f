package com.acme;

import dev.kindling.annotation.Idempotent;
import dev.kindling.annotation.SqsHandler;
import jakarta.inject.Singleton;
import java.util.List;

@Singleton
public class IdempotencyKeyJdkMember {
  public record Order(String orderId, List<String> lines) {}

  @SqsHandler(queue = "orders")
  @Idempotent(
      key = "lines.empty") // expect: IdempotencyKey
  public void charge(Order order) {}
}
