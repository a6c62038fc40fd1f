package com.acme;

import dev.kindling.annotation.HttpRoute;
import jakarta.inject.Singleton;

@Singleton
public class HttpMethod {
  @HttpRoute(
      method = "FETCH", // expect: HttpMethod
      path = "/orders")
  public String orders() {
    return "[]";
  }
}
