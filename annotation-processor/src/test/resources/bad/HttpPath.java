package com.acme;

import dev.kindling.annotation.HttpRoute;
import jakarta.inject.Singleton;

@Singleton
public class HttpPath {
  @HttpRoute(
      method = "GET",
      path = "orders") // expect: HttpPath
  public String orders() {
    return "[]";
  }
}
