package com.acme;

import dev.kindling.annotation.HttpRoute;
import jakarta.inject.Singleton;

@Singleton
public class GeneratedNameClashExisting {
  @HttpRoute(path = "/health")
  public String health() { // expect: GeneratedNameClash
    return "UP";
  }
}

/** Hand-written, with the name Kindling would generate for the HTTP entry. */
class GeneratedNameClashExisting_HttpHandler {}
