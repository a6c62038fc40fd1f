package dev.kindling.sample.documented;

import static dev.kindling.sample.documented.DocumentedSupport.failures;
import static dev.kindling.sample.documented.DocumentedSupport.invoke;
import static dev.kindling.sample.documented.DocumentedSupport.message;
import static dev.kindling.sample.documented.DocumentedSupport.sqsEvent;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kindling.test.Events;
import dev.kindling.test.TestContext;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code parallel = true} records still running at the deadline margin (default 1000 ms): contexts
 * with about 1.3 s remaining.
 */
class DocumentedStragglerTest {
  @BeforeEach
  void reset() {
    DocumentedEffects.reset();
  }

  private static String body(String order, long sleep) {
    return "{\"orderId\":\"" + order + "\",\"sleepMillis\":" + sleep + "}";
  }

  @Test
  void aStragglerIsReportedAndItsRedeliveryDoesNotRunItAgain() throws Exception {
    String slow = "slow-" + UUID.randomUUID();
    String fast = "fast-" + UUID.randomUUID();
    String slowId = UUID.randomUUID().toString();
    String fastId = UUID.randomUUID().toString();
    long start = System.currentTimeMillis();
    JsonNode response = invoke(new DocumentedQueue_ParallelSqsHandler(),
        Events.text(sqsEvent(message(slowId, body(slow, 3_000)), message(fastId, body(fast, 0)))),
        TestContext.withRemainingMillis(1_300));
    assertThat(System.currentTimeMillis() - start).isLessThan(1_200);
    assertThat(failures(response)).containsExactly(slowId);

    // Redelivered at once (visibility timeout shorter than the straggler): not run again.
    JsonNode redelivery = invoke(new DocumentedQueue_ParallelSqsHandler(),
        Events.text(sqsEvent(message(slowId, body(slow, 3_000)))), TestContext.create());
    assertThat(failures(redelivery)).containsExactly(slowId);

    Thread.sleep(3_500);
    JsonNode later = invoke(new DocumentedQueue_ParallelSqsHandler(),
        Events.text(sqsEvent(message(slowId, body(slow, 3_000)))), TestContext.create());
    assertThat(failures(later)).isEmpty();
    assertThat(DocumentedEffects.EFFECTS.stream().filter(e -> e.startsWith("parallel ")).toList()).containsExactlyInAnyOrder(
        "parallel start " + slow, "parallel start " + fast, "parallel done " + fast, "parallel done " + slow);
  }

  /** The straggler lease (15 min) must hold even when the method's expiry is shorter. */
  @Test
  void aStragglersClaimOutlivesAShortExpiry() throws Exception {
    String slow = "slow-" + UUID.randomUUID();
    String slowId = UUID.randomUUID().toString();
    JsonNode response = invoke(new DocumentedQueue_ParallelShortSqsHandler(),
        Events.text(sqsEvent(message(slowId, body(slow, 4_500)))), TestContext.withRemainingMillis(1_300));
    assertThat(failures(response)).containsExactly(slowId);
    Thread.sleep(2_500);
    JsonNode redelivery = invoke(new DocumentedQueue_ParallelShortSqsHandler(),
        Events.text(sqsEvent(message(slowId, body(slow, 10)))), TestContext.create());
    assertThat(failures(redelivery)).as("the straggler is still running").containsExactly(slowId);
    Thread.sleep(2_500);
    assertThat(DocumentedEffects.EFFECTS.stream().filter(e -> e.startsWith("pshort start")).count())
        .as("ran twice: " + DocumentedEffects.EFFECTS).isEqualTo(1);
  }
}
