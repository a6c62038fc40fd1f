package com.acme;

import dev.kindling.annotation.FunctionHandler;
import dev.kindling.annotation.HttpRoute;
import jakarta.inject.Singleton;

@Singleton
public class MultipleHandlers {
  @HttpRoute(method = "POST", path = "/echo")
  @FunctionHandler
  public String echo(String text) { // expect: MultipleHandlers
    return text;
  }
}
