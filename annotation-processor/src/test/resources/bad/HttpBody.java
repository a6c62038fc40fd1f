package com.acme;

import dev.kindling.annotation.HttpRoute;
import jakarta.inject.Singleton;

@Singleton
public class HttpBody {
  public record Order(String id) {}

  public record Note(String text) {}

  @HttpRoute(method = "POST", path = "/orders")
  public String create(
      Order order,
      Note note) { // expect: HttpBody
    return order.id();
  }
}
