package com.acme;

import dev.kindling.annotation.HttpRoute;
import jakarta.inject.Singleton;

@Singleton
public class HttpPathTrailingSlash {
  @HttpRoute(
      path = "/orders/") // expect: HttpPath
  public String orders() {
    return "[]";
  }
}
