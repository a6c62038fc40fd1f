package com.acme;

import dev.kindling.annotation.FunctionHandler;

public class NotABean { // expect: NotABean
  @FunctionHandler
  public String echo(String text) {
    return text;
  }
}
