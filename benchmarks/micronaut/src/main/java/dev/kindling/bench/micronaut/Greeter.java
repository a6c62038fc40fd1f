package dev.kindling.bench.micronaut;

import jakarta.inject.Singleton;

/** The function's logic as a Micronaut singleton, as in variant (b). */
@Singleton
public class Greeter {
  static final double UNIT_PRICE = 2.5;

  public GreetingResponse greet(GreetingRequest request) {
    return new GreetingResponse("Hello, " + request.name() + "!", request.quantity() * UNIT_PRICE);
  }
}
