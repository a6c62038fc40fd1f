package com.acme;

import dev.kindling.annotation.HttpRoute;
import jakarta.inject.Singleton;

@Singleton
public class TargetModifiersStatic {
  @HttpRoute(path = "/health")
  public static String health() { // expect: TargetModifiers
    return "UP";
  }
}
