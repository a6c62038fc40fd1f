package com.acme;

import dev.kindling.annotation.HttpRoute;
import jakarta.inject.Singleton;

@Singleton
public class HttpStatus {
  @HttpRoute(
      path = "/orders",
      status = 42) // expect: HttpStatus
  public String orders() {
    return "[]";
  }
}
