package dev.kindling.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kindling.local.InvocationResult;
import dev.kindling.local.LocalFunction;
import dev.kindling.test.Events;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An {@code @Idempotent} function without an {@code IdempotencyStore} bean, run by the real runtime
 * interface client: locally it uses the in-memory store; in a Lambda environment it refuses to
 * initialize (per-environment idempotency is not idempotency) unless the in-memory store is chosen.
 */
class IdempotencyStoreInLambdaTest {
  private static final String HANDLER = "dev.kindling.sample.OrderApi_HttpHandler::handleRequest";

  private static InvocationResult createOrder(Map<String, String> environment) {
    try (LocalFunction function =
        LocalFunction.builder(HANDLER).classpath(LambdaClasspath.entries()).environment(environment).build()) {
      var event = Events.tree("apigw-http-v2.json");
      ((com.fasterxml.jackson.databind.node.ObjectNode) event.get("headers")).put("idempotency-key", "k-1");
      return function.invoke(Events.text(event));
    }
  }

  @Test
  void withoutAStoreInLambdaInitFailsAndSaysHowToFixIt() {
    InvocationResult result = createOrder(Map.of("KINDLING_LOCAL", "false"));

    assertThat(result.success()).isFalse();
    assertThat(result.payload())
        .contains("@Idempotent needs an IdempotencyStore in Lambda")
        .contains("kindling-idempotency-dynamodb")
        .contains("KINDLING_IDEMPOTENCY_STORE=memory");
  }

  @Test
  void theInMemoryStoreChosenExplicitlyRunsInLambda() {
    InvocationResult result = createOrder(Map.of("KINDLING_LOCAL", "false", "KINDLING_IDEMPOTENCY_STORE", "memory"));

    assertThat(result.success()).as(result.payload()).isTrue();
    assertThat(result.payload()).contains("\"statusCode\":201");
  }

  @Test
  void locallyTheInMemoryStoreIsTheDefault() {
    InvocationResult result = createOrder(Map.of());

    assertThat(result.success()).as(result.payload()).isTrue();
    assertThat(result.payload()).contains("\"statusCode\":201");
  }
}
