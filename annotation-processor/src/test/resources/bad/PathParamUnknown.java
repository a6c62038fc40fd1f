package com.acme;

import dev.kindling.annotation.HttpRoute;
import dev.kindling.annotation.PathParam;
import jakarta.inject.Singleton;

@Singleton
public class PathParamUnknown {
  @HttpRoute(path = "/orders/{id}/lines/{line}")
  public String line(
      @PathParam String id,
      @PathParam int line,
      @PathParam("lineId") String lineId) { // expect: PathParamUnknown
    return id;
  }
}
