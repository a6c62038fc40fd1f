package com.acme;

import dev.kindling.annotation.HttpRoute;
import jakarta.inject.Singleton;

@Singleton
public class PathVariableUnbound {
  @HttpRoute(
      path = "/orders/{id}") // expect: PathVariableUnbound
  public String find() {
    return "{}";
  }
}
