package com.acme;

import dev.kindling.annotation.HttpRoute;
import jakarta.inject.Singleton;

public class GeneratedNameClashNested {
  @Singleton
  public static class Inner {
    @HttpRoute(path = "/inner")
    public String inner() {
      return "inner";
    }
  }
}

/** Its HTTP entry would be named like that of GeneratedNameClashNested.Inner. */
@Singleton
class GeneratedNameClashNested_Inner {
  @HttpRoute(path = "/outer")
  public String outer() { // expect: GeneratedNameClash
    return "outer";
  }
}
