package com.acme;

import dev.kindling.annotation.HttpRoute;
import dev.kindling.annotation.PathParam;
import jakarta.inject.Singleton;

@Singleton
public class HttpPathEmptySegment {
  @HttpRoute(
      path = "/orders//{id}") // expect: HttpPath
  public String order(@PathParam String id) {
    return id;
  }
}
