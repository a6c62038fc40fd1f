package dev.kindling.sample.documented;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.kindling.local.InvocationResult;
import dev.kindling.local.LocalFunction;
import dev.kindling.sample.LambdaClasspath;
import dev.kindling.test.Events;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * "No store bean in a Lambda environment fails init unless KINDLING_IDEMPOTENCY_STORE=memory", for
 * queue and function entries, run by the real runtime interface client.
 */
class DocumentedStoreInLambdaTest {
  private static Path location(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<Path> classpath() {
    List<Path> entries = new ArrayList<>(LambdaClasspath.entries());
    entries.add(location(DocumentedQueue.class));
    entries.add(location(SQSEvent.class));
    return entries;
  }

  private static InvocationResult run(String handler, String event, Map<String, String> environment) {
    try (LocalFunction function =
        LocalFunction.builder(handler).classpath(classpath()).environment(environment).build()) {
      return function.invoke(event);
    }
  }

  private static final String SQS = "dev.kindling.sample.documented.DocumentedQueue_ChargeSqsHandler::handleRequest";
  private static final String FUNCTION = "dev.kindling.sample.documented.DocumentedQueue_BookFunctionHandler::handleRequest";

  private static String sqsEvent() {
    return Events.text(DocumentedSupport.sqsEvent(DocumentedSupport.message("m-1", "{\"orderId\":\"o-1\"}")));
  }

  @Test
  void aQueueEntryWithoutAStoreInLambdaFailsInit() {
    InvocationResult result = run(SQS, sqsEvent(), Map.of("KINDLING_LOCAL", "false"));
    assertThat(result.success()).isFalse();
    assertThat(result.payload()).contains("@Idempotent needs an IdempotencyStore in Lambda");
  }

  @Test
  void aFunctionEntryWithoutAStoreInLambdaFailsInit() {
    InvocationResult result = run(FUNCTION, "{\"id\":\"b-1\"}", Map.of("KINDLING_LOCAL", "false"));
    assertThat(result.success()).isFalse();
    assertThat(result.payload()).contains("@Idempotent needs an IdempotencyStore in Lambda");
  }

  @Test
  void theMemoryStoreChosenExplicitlyRuns() {
    InvocationResult result =
        run(SQS, sqsEvent(), Map.of("KINDLING_LOCAL", "false", "KINDLING_IDEMPOTENCY_STORE", "memory"));
    assertThat(result.success()).as(result.payload()).isTrue();
    assertThat(result.payload()).contains("\"batchItemFailures\":[]");
  }

  @Test
  void anUnknownStoreChoiceFailsInitInsteadOfRunningUnguarded() {
    InvocationResult result =
        run(SQS, sqsEvent(), Map.of("KINDLING_LOCAL", "false", "KINDLING_IDEMPOTENCY_STORE", "dynamodb"));
    assertThat(result.success()).isFalse();
    assertThat(result.payload()).contains("KINDLING_IDEMPOTENCY_STORE");
  }
}
