package dev.kindling.bench.kindling;

import dev.kindling.annotation.FunctionHandler;
import jakarta.inject.Singleton;

/**
 * Variant (b): a Kindling {@code @FunctionHandler} on a Micronaut singleton. The processor generates
 * {@code GreetingFunction_GreetFunctionHandler}, so the handler string is
 * {@code dev.kindling.bench.kindling.GreetingFunction_GreetFunctionHandler::handleRequest}.
 */
@Singleton
public class GreetingFunction {
  static final double UNIT_PRICE = 2.5;

  @FunctionHandler
  public GreetingResponse greet(GreetingRequest request) {
    return new GreetingResponse("Hello, " + request.name() + "!", request.quantity() * UNIT_PRICE);
  }
}
