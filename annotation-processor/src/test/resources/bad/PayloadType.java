package com.acme;

import dev.kindling.annotation.HttpRoute;
import jakarta.inject.Singleton;

@Singleton
public class PayloadType {
  public static class Order {
    private final String id;

    public Order(String id) {
      this.id = id;
    }

    public String id() {
      return id;
    }
  }

  @HttpRoute(method = "POST", path = "/orders")
  public String create(
      Order order) { // expect: PayloadType
    return order.id();
  }
}
