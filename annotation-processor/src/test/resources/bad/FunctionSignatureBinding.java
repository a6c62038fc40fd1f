package com.acme;

import dev.kindling.annotation.FunctionHandler;
import dev.kindling.annotation.HeaderParam;
import jakarta.inject.Singleton;

@Singleton
public class FunctionSignatureBinding {
  @FunctionHandler
  public String echo(@HeaderParam("X-Tenant") String tenant) { // expect: FunctionSignature
    return tenant;
  }
}
