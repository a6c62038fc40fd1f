package dev.kindling.sample.documented.edges;

import static dev.kindling.sample.documented.edges.EdgeSupport.event;
import static dev.kindling.sample.documented.edges.EdgeSupport.failures;
import static dev.kindling.sample.documented.edges.EdgeSupport.fifoRecord;
import static dev.kindling.sample.documented.edges.EdgeSupport.invoke;
import static dev.kindling.sample.documented.edges.EdgeSupport.sqsRecord;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kindling.runtime.deadletter.DeadLetter;
import dev.kindling.sample.documented.batches.DocumentedDeadLetters;
import dev.kindling.test.TestContext;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Round 3: @Idempotent with parallel, FIFO and deadLetterUnprocessable together. */
class EdgeBatchTest {
  @BeforeEach
  void reset() {
    EdgeHandlers.EFFECTS.clear();
    EdgeHandlers.FAIL_ONCE.clear();
    DocumentedDeadLetters.reset();
  }

  private static String order(String id, long sleep) {
    return "{\"orderId\":\"" + id + "\",\"sleepMillis\":" + sleep + "}";
  }

  private static Map<String, DeadLetter.Reason> moved() {
    synchronized (DocumentedDeadLetters.SENT) {
      return DocumentedDeadLetters.SENT.stream().collect(Collectors.toMap(DeadLetter::messageId, DeadLetter::reason));
    }
  }

  /** Parallel + deadLetterUnprocessable + @Idempotent, everything finishing well before the margin. */
  @Test
  void parallelMovesWhatCanNeverSucceedAndReportsTheRest() {
    String u = UUID.randomUUID().toString();
    invoke(new EdgeHandlers_ParallelDeadSqsHandler(), event(sqsRecord("pre-" + u, order("pre-" + u, 0))));
    EdgeHandlers.FAIL_ONCE.add("o5-" + u);
    JsonNode response = invoke(new EdgeHandlers_ParallelDeadSqsHandler(), event(
        sqsRecord("m1-" + u, order("o1-" + u, 0)),
        sqsRecord("m2-" + u, "not json"),
        sqsRecord("m3-" + u, order(" ", 0)),
        sqsRecord("m4-" + u, order("pre-" + u, 7)),
        sqsRecord("m5-" + u, order("o5-" + u, 0))));
    assertThat(failures(response)).containsExactly("m5-" + u);
    assertThat(moved()).containsOnly(
        Map.entry("m2-" + u, DeadLetter.Reason.INVALID_INPUT),
        Map.entry("m3-" + u, DeadLetter.Reason.IDEMPOTENCY_KEY_MISSING),
        Map.entry("m4-" + u, DeadLetter.Reason.IDEMPOTENCY_PAYLOAD_MISMATCH));
  }

  /**
   * The same batch with one straggler: the poison records finished at once, but are they still
   * moved? README: a move fails only for "no time left before the deadline margin".
   */
  @Test
  void aStragglerDoesNotStopPoisonThatFinishedEarlyFromBeingMoved() throws Exception {
    String u = UUID.randomUUID().toString();
    long start = System.currentTimeMillis();
    JsonNode response = invoke(new EdgeHandlers_ParallelDeadSqsHandler(), event(
        sqsRecord("s1-" + u, order("s1-" + u, 2_500)),
        sqsRecord("s2-" + u, "not json"),
        sqsRecord("s3-" + u, order("s3-" + u, 0))), TestContext.withRemainingMillis(1_400));
    long took = System.currentTimeMillis() - start;
    assertThat(failures(response)).as("took " + took + " ms").contains("s1-" + u).doesNotContain("s3-" + u);
    assertThat(moved()).as("poison parsed in the first milliseconds; reported instead: " + failures(response))
        .containsOnlyKeys("s2-" + u);
    Thread.sleep(2_000);
  }

  /** FIFO + @Idempotent + deadLetterUnprocessable: a failure mid-group, the redelivery, a producer duplicate, the last receive. */
  @Test
  void fifoFailureMidGroupRedeliveryAndLastReceive() {
    String u = UUID.randomUUID().toString().substring(0, 8);
    EdgeHandlers.FAIL_ONCE.add("a2-" + u);
    JsonNode first = invoke(new EdgeHandlers_FifoSqsHandler(), event(
        fifoRecord("a1-" + u, "A" + u, order("a1-" + u, 0), 1),
        fifoRecord("a2-" + u, "A" + u, order("a2-" + u, 0), 1),
        fifoRecord("a3-" + u, "A" + u, order("a3-" + u, 0), 1),
        fifoRecord("b1-" + u, "B" + u, order("b1-" + u, 0), 1)));
    assertThat(failures(first)).containsExactly("a2-" + u, "a3-" + u);

    JsonNode second = invoke(new EdgeHandlers_FifoSqsHandler(), event(
        fifoRecord("a2-" + u, "A" + u, order("a2-" + u, 0), 2),
        fifoRecord("a3-" + u, "A" + u, order("a3-" + u, 0), 2),
        fifoRecord("a1bis-" + u, "A" + u, order("a1-" + u, 0), 1)));
    assertThat(failures(second)).isEmpty();
    assertThat(EdgeHandlers.EFFECTS.stream().filter(e -> e.startsWith("fifo done")).toList()).containsExactly(
        "fifo done a1-" + u, "fifo done b1-" + u, "fifo done a2-" + u, "fifo done a3-" + u);

    EdgeHandlers.FAIL_ONCE.add("a4-" + u);
    JsonNode last = invoke(new EdgeHandlers_FifoSqsHandler(), event(
        fifoRecord("a4-" + u, "A" + u, order("a4-" + u, 0), 3),
        fifoRecord("a5-" + u, "A" + u, order("a5-" + u, 0), 3)));
    assertThat(failures(last)).isEmpty();
    assertThat(moved()).containsOnly(Map.entry("a4-" + u, DeadLetter.Reason.LAST_RECEIVE_FAILED));
    // Redriven from the dead-letter queue later (new messageId): its key was released, so it runs.
    JsonNode redriven = invoke(new EdgeHandlers_FifoSqsHandler(), event(
        fifoRecord("a4-redriven-" + u, "A" + u, order("a4-" + u, 0), 1)));
    assertThat(failures(redriven)).isEmpty();
    assertThat(EdgeHandlers.EFFECTS).contains("fifo done a4-" + u, "fifo done a5-" + u);
  }

  /** The dead-letter sender failing: the record is reported, never lost, never run. */
  @Test
  void aFailingSenderReportsThePoisonAndRunsNothingForIt() {
    String u = UUID.randomUUID().toString();
    DocumentedDeadLetters.failWith = new IllegalStateException("AccessDenied");
    JsonNode response = invoke(new EdgeHandlers_ParallelDeadSqsHandler(), event(
        sqsRecord("f1-" + u, "not json"),
        sqsRecord("f2-" + u, order(" ", 0)),
        sqsRecord("f3-" + u, order("f3-" + u, 0))));
    assertThat(failures(response)).containsExactlyInAnyOrder("f1-" + u, "f2-" + u);
    assertThat(EdgeHandlers.EFFECTS).containsExactly("pd start f3-" + u, "pd done f3-" + u);
  }
}
