package com.acme;

import dev.kindling.annotation.HttpRoute;
import dev.kindling.annotation.PathParam;
import jakarta.inject.Singleton;

@Singleton
public class DuplicateRoute {
  @HttpRoute(path = "/orders/{id}")
  public String find(@PathParam String id) {
    return id;
  }

  @HttpRoute(
      path = "/orders/{orderId}") // expect: DuplicateRoute
  public String lookUp(@PathParam String orderId) {
    return orderId;
  }
}
