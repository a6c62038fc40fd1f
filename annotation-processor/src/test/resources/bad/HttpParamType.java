package com.acme;

import dev.kindling.annotation.HttpRoute;
import dev.kindling.annotation.QueryParam;
import jakarta.inject.Singleton;
import java.util.List;

@Singleton
public class HttpParamType {
  @HttpRoute(path = "/orders")
  public String orders(
      @QueryParam List<String> tags) { // expect: HttpParamType
    return "[]";
  }
}
