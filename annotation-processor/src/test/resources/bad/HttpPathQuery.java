package com.acme;

import dev.kindling.annotation.HttpRoute;
import dev.kindling.annotation.QueryParam;
import jakarta.inject.Singleton;

@Singleton
public class HttpPathQuery {
  @HttpRoute(
      path = "/orders?status={status}") // expect: HttpPath
  public String orders(@QueryParam String status) {
    return "[]";
  }
}
