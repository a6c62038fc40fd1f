package com.acme;

import dev.kindling.annotation.HttpRoute;
import dev.kindling.annotation.PathParam;
import jakarta.inject.Singleton;

@Singleton
public class HttpPathSegment {
  @HttpRoute(
      path = "/orders/order-{id}") // expect: HttpPath
  public String order(@PathParam String id) {
    return id;
  }
}
