package com.acme;

import dev.kindling.annotation.HttpRoute;
import dev.kindling.annotation.PathParam;
import dev.kindling.runtime.RecordContext;
import jakarta.inject.Singleton;

@Singleton
public class RecordContextParam {
  @HttpRoute(path = "/orders/{id}")
  public String find(
      @PathParam String id,
      RecordContext record) { // expect: RecordContextParam
    return id;
  }
}
