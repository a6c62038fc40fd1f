package dev.kindling.bench.idempotent;

import dev.kindling.annotation.FunctionHandler;
import dev.kindling.annotation.Idempotent;
import jakarta.inject.Singleton;

/**
 * Variants (d) and (e): variant (b)'s function made idempotent (keyed by the whole payload). The
 * processor generates {@code IdempotentGreeting_GreetFunctionHandler}. Which store guards it depends
 * only on the class path: the in-memory store, or the DynamoDB store when kindling-idempotency-dynamodb
 * is there.
 */
@Singleton
public class IdempotentGreeting {
  static final double UNIT_PRICE = 2.5;

  @FunctionHandler
  @Idempotent
  public GreetingResponse greet(GreetingRequest request) {
    return new GreetingResponse("Hello, " + request.name() + "!", request.quantity() * UNIT_PRICE);
  }
}
