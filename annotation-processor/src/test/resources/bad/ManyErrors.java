package com.acme;

import dev.kindling.annotation.FunctionHandler;
import dev.kindling.annotation.HttpRoute;
import dev.kindling.annotation.PathParam;
import dev.kindling.annotation.QueryParam;
import java.util.Map;

/** Several different mistakes in one class; the clean echo method must not be generated either. */
public class ManyErrors { // expect: NotABean
  @FunctionHandler
  public String echo(String text) {
    return text;
  }

  @FunctionHandler
  String status(
      String orderId,
      String region) { // expect: FunctionSignature
    return orderId;
  }

  @HttpRoute(
      method = "GRAB", // expect: HttpMethod
      path = "/orders/{id}", // expect: PathVariableUnbound
      status = 1000) // expect: HttpStatus
  private String find( // expect: TargetModifiers
      @PathParam("orderId") String orderId, // expect: PathParamUnknown
      @QueryParam Map<String, String> filter) { // expect: HttpParamType
    return orderId;
  }
}
