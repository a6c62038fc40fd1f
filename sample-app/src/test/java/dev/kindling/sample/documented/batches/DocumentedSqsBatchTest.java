package dev.kindling.sample.documented.batches;

import static dev.kindling.sample.documented.batches.DocumentedEvents.event;
import static dev.kindling.sample.documented.batches.DocumentedEvents.failures;
import static dev.kindling.sample.documented.batches.DocumentedEvents.fifoRecord;
import static dev.kindling.sample.documented.batches.DocumentedEvents.invoke;
import static dev.kindling.sample.documented.batches.DocumentedEvents.payment;
import static dev.kindling.sample.documented.batches.DocumentedEvents.receiveCount;
import static dev.kindling.sample.documented.batches.DocumentedEvents.sqsRecord;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.kindling.test.Events;
import dev.kindling.test.TestContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** README, @SqsHandler: standard and FIFO batches, deadline margin, what fails the invocation. */
class DocumentedSqsBatchTest {
  @BeforeEach
  void reset() {
    DocumentedHandlers.EFFECTS.clear();
    DocumentedHandlers.MDC_AT_START.clear();
    DocumentedDeadLetters.reset();
  }

  @Test
  void standardReportsEachFailedMessageIdOnceAndNoSuccess() {
    String deep = "[".repeat(5000) + "]".repeat(5000);
    String event = event(
        sqsRecord("m1", payment("p1", "ok")),
        sqsRecord("m2", payment("p2", "fail")),
        sqsRecord("m3", "not json"),
        sqsRecord("m4", payment("p4", "ok") + " {\"id\":\"x\"}"),
        sqsRecord("m5", "{\"id\":{\"nested\":1}}"),
        sqsRecord("m6", "{\"id\":\"  \"}"),
        sqsRecord("m7", ""),
        sqsRecord("m8", "null"),
        sqsRecord("m9", deep),
        sqsRecord("m10", payment("p10", "ok")),
        sqsRecord("m2", payment("p2", "fail")),
        sqsRecord("m1", payment("p1", "ok")));
    DocumentedEvents.Log log = DocumentedEvents.logging(Map.of(), () -> {
      JsonNode response = invoke(new DocumentedHandlers_StandardSqsHandler(), event);
      assertThat(failures(response)).containsExactly("m2", "m3", "m4", "m5", "m6", "m7", "m8", "m9");
    }).rethrow();
    assertThat(DocumentedHandlers.EFFECTS).containsExactly(
        "standard p1", "standard p1 done", "standard p2", "standard p10", "standard p10 done", "standard p2",
        "standard p1", "standard p1 done");
    JsonNode summary = log.summary();
    assertThat(summary.get("records").asInt()).isEqualTo(12);
    assertThat(summary.get("succeeded").asInt() + summary.get("failed").asInt()).isEqualTo(12);
  }

  @Test
  void aMessageDeliveredTwiceWhereOneCopyFailsIsReportedOnce() {
    String event = event(
        sqsRecord("m1", payment("p1", "fail")),
        sqsRecord("m1", payment("p1", "fail")),
        sqsRecord("m2", payment("p2", "ok")));
    JsonNode response = invoke(new DocumentedHandlers_StandardSqsHandler(), event);
    assertThat(failures(response)).containsExactly("m1");
  }

  @Test
  void duplicatesAreReportedOnceInParallelAndFifoEntriesToo() {
    String standard = event(
        sqsRecord("m1", payment("p1", "fail")), sqsRecord("m1", payment("p1", "fail")),
        sqsRecord("m2", payment("p2", "ok")), sqsRecord("m1", payment("p1", "ok")));
    assertThat(failures(invoke(new DocumentedHandlers_ParallelSqsHandler(), standard))).containsExactly("m1");
    String fifo = event(
        fifoRecord("a1", "A", payment("a1", "fail")), fifoRecord("a1", "A", payment("a1", "fail")),
        fifoRecord("b1", "B", payment("b1", "ok")));
    assertThat(failures(invoke(new DocumentedHandlers_FifoSqsHandler(), fifo))).containsExactly("a1");
  }

  /** README: "Throwing means that record failed" and "poison ... never fail their neighbours". */
  @ParameterizedTest
  @ValueSource(strings = {"overflow", "error"})
  void aRecordThatThrowsAnErrorFailsOnlyItself(String action) {
    String event = event(
        sqsRecord("m1", payment("p1", "ok")),
        sqsRecord("m2", payment("p2", action)),
        sqsRecord("m3", payment("p3", "ok")));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    DocumentedEvents.Log log = DocumentedEvents.logging(Map.of(), () -> new DocumentedHandlers_StandardSqsHandler().handleRequest(
        new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, TestContext.create()));
    assertThat(log.thrown())
        .as("the invocation must not fail: Lambda would retry m1 and m3, which already succeeded, and fail them"
            + " with m2 until all three reach the dead-letter queue")
        .isNull();
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("{\"batchItemFailures\":[{\"itemIdentifier\":\"m2\"}]}");
    assertThat(DocumentedHandlers.EFFECTS).contains("standard p3 done");
  }

  @Test
  void aRecordThatThrowsAnErrorOnAParallelQueueIsReportedAsFailedNotAsDeadline() {
    String event = event(
        sqsRecord("m1", payment("p1", "ok")),
        sqsRecord("m2", payment("p2", "error")),
        sqsRecord("m3", payment("p3", "ok")));
    DocumentedEvents.Log log = DocumentedEvents.logging(Map.of(), () -> {
      JsonNode response = invoke(new DocumentedHandlers_ParallelSqsHandler(), event);
      assertThat(failures(response)).containsExactly("m2");
    });
    log.rethrow();
    assertThat(log.summary().get("failed").asInt()).as(log.summary().toString()).isEqualTo(1);
    assertThat(log.summary().get("skipped_by_deadline").asInt()).as(log.summary().toString()).isZero();
  }

  static List<String> notSqsBatches() {
    return List.of(
        "", "   ", "null", "[]", "{}", "\"text\"", "not json", "{\"Records\":[]}", "{\"Records\":{}}",
        "{\"Records\":[1]}", "{\"Records\":[null]}", "{\"Records\":[{\"body\":\"x\",\"eventSource\":\"aws:sqs\"}]}",
        Events.json("kinesis-event.json"), Events.json("dynamodb-event.json"), Events.json("apigw-http-v2.json"),
        "{\"Records\":[{\"EventSource\":\"aws:sns\",\"Sns\":{\"Message\":\"{}\"}}]}",
        "{\"Records\":[" + "[".repeat(3000) + "]".repeat(3000) + "]}");
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.MethodSource("notSqsBatches")
  void anEventThatIsNotAnSqsBatchFailsTheInvocationClearly(String notABatch) {
    for (RequestStreamHandler handler : List.<RequestStreamHandler>of(
        new DocumentedHandlers_StandardSqsHandler(), new DocumentedHandlers_FifoSqsHandler(),
        new DocumentedHandlers_ParallelSqsHandler(), new DocumentedHandlers_FifoDeadSqsHandler())) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      assertThatThrownBy(() -> handler.handleRequest(
              new ByteArrayInputStream(notABatch.getBytes(StandardCharsets.UTF_8)), out, TestContext.create()))
          .as(handler.getClass().getSimpleName())
          .isInstanceOf(IllegalArgumentException.class)
          .satisfies(e -> assertThat(e.getMessage()).matches("(?is).*(aws:sqs|not from Lambda).*"));
      assertThat(out.size()).as("no batch response is written for a non-batch").isZero();
    }
    assertThat(DocumentedHandlers.EFFECTS).isEmpty();
  }

  @Test
  void fifoReportsTheFailedRecordAndTheRestOfItsGroupOnlyAndOtherGroupsGoOn() {
    String event = event(
        fifoRecord("a1", "A", payment("a1", "ok")),
        fifoRecord("b1", "B", payment("b1", "ok")),
        fifoRecord("a2", "A", payment("a2", "fail")),
        fifoRecord("b2", "B", "not json"),
        fifoRecord("a3", "A", payment("a3", "ok")),
        fifoRecord("c1", "C", payment("c1", "ok")),
        fifoRecord("b3", "B", payment("b3", "ok")),
        fifoRecord("a4", "A", payment("a4", "ok")));
    DocumentedEvents.Log log = DocumentedEvents.logging(Map.of(), () -> {
      JsonNode response = invoke(new DocumentedHandlers_FifoSqsHandler(), event);
      assertThat(failures(response)).containsExactlyInAnyOrder("a2", "b2", "a3", "b3", "a4");
      assertThat(failures(response)).doesNotHaveDuplicates();
    }).rethrow();
    assertThat(DocumentedHandlers.EFFECTS.stream().filter(e -> !e.endsWith("done")).toList())
        .containsExactly("fifo a1", "fifo b1", "fifo a2", "fifo c1");
    JsonNode summary = log.summary();
    assertThat(summary.get("succeeded").asInt()).isEqualTo(3);
    assertThat(summary.get("failed").asInt()).isEqualTo(2);
    assertThat(summary.get("skipped_after_failure").asInt()).isEqualTo(3);
  }

  @Test
  void fifoRetryRunsTheGroupInOrder() {
    invoke(new DocumentedHandlers_FifoSqsHandler(), event(
        fifoRecord("a1", "A", payment("a1", "failfirst")),
        fifoRecord("a2", "A", payment("a2", "ok")),
        fifoRecord("a3", "A", payment("a3", "ok"))));
    JsonNode retry = invoke(new DocumentedHandlers_FifoSqsHandler(), event(
        receiveCount(fifoRecord("a1", "A", payment("a1", "failfirst")), 2),
        receiveCount(fifoRecord("a2", "A", payment("a2", "ok")), 2),
        receiveCount(fifoRecord("a3", "A", payment("a3", "ok")), 2)));
    assertThat(failures(retry)).isEmpty();
    assertThat(DocumentedHandlers.EFFECTS).containsExactly(
        "fifo a1", "fifo a1", "fifo a1 done", "fifo a2", "fifo a2 done", "fifo a3", "fifo a3 done");
  }

  @Test
  void deadlineMarginReportsUnstartedRecordsAndRunsNoneOfThem() {
    // 1400 ms left, margin 1000 ms: m1 runs 600 ms, the rest must not start.
    String event = event(
        sqsRecord("m1", payment("p1", "sleep-600")),
        sqsRecord("m2", payment("p2", "ok")),
        sqsRecord("m3", payment("p3", "ok")),
        sqsRecord("m2", payment("p2", "ok")));
    DocumentedEvents.Log log = DocumentedEvents.logging(Map.of(), () -> {
      JsonNode response = invoke(new DocumentedHandlers_StandardSqsHandler(), event, TestContext.withRemainingMillis(1400));
      assertThat(failures(response)).containsExactly("m2", "m3");
    }).rethrow();
    assertThat(DocumentedHandlers.EFFECTS).containsExactly("standard p1", "standard p1 done");
    assertThat(log.summary().get("succeeded").asInt()).isEqualTo(1);
  }

  @Test
  void fifoDeadlineMarginReportsEveryUnstartedRecord() {
    String event = event(
        fifoRecord("a1", "A", payment("a1", "sleep-600")),
        fifoRecord("b1", "B", payment("b1", "ok")),
        fifoRecord("a2", "A", payment("a2", "ok")));
    JsonNode response = invoke(new DocumentedHandlers_FifoSqsHandler(), event, TestContext.withRemainingMillis(1400));
    assertThat(failures(response)).containsExactly("b1", "a2");
    assertThat(DocumentedHandlers.EFFECTS).containsExactly("fifo a1", "fifo a1 done");
  }

  @Test
  void noTimeLeftAtAllReportsTheWholeBatch() {
    String event = event(sqsRecord("m1", payment("p1", "ok")), sqsRecord("m2", payment("p2", "ok")));
    for (RequestStreamHandler handler : List.<RequestStreamHandler>of(
        new DocumentedHandlers_StandardSqsHandler(), new DocumentedHandlers_ParallelSqsHandler())) {
      JsonNode response = invoke(handler, event, TestContext.withRemainingMillis(500));
      assertThat(failures(response)).as(handler.getClass().getSimpleName()).containsExactlyInAnyOrder("m1", "m2");
    }
    assertThat(DocumentedHandlers.EFFECTS).isEmpty();
  }

  @Test
  void parallelCollectsExactlyTheFailedRecords() {
    List<com.fasterxml.jackson.databind.node.ObjectNode> records = new ArrayList<>();
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      String action = i % 3 == 0 ? "fail" : "sleep-" + (i % 5) * 10;
      String body = i % 7 == 0 ? "{\"id\":\"\"}" : payment("p" + i, action);
      records.add(sqsRecord("m" + i, body));
      if (i % 3 == 0 || i % 7 == 0) {
        expected.add("m" + i);
      }
    }
    for (int round = 0; round < 5; round++) {
      DocumentedHandlers.EFFECTS.clear();
      JsonNode response = invoke(new DocumentedHandlers_ParallelSqsHandler(),
          event(records.toArray(com.fasterxml.jackson.databind.node.ObjectNode[]::new)));
      assertThat(failures(response)).containsExactlyInAnyOrderElementsOf(expected);
      assertThat(DocumentedHandlers.EFFECTS.stream().filter(e -> e.startsWith("parallel p") && e.endsWith("done")).count())
          .isEqualTo(40 - expected.size());
    }
  }

  @Test
  void parallelStragglerIsReportedAndTheOthersAreNot() {
    String event = event(
        sqsRecord("m1", payment("s1", "sleep-4000")),
        sqsRecord("m2", payment("p2", "ok")),
        sqsRecord("m3", payment("p3", "fail")),
        sqsRecord("m4", payment("p4", "ok")),
        sqsRecord("m5", payment("p5", "ok")),
        sqsRecord("m6", payment("p6", "ok")));
    long start = System.nanoTime();
    DocumentedEvents.Log log = DocumentedEvents.logging(Map.of(), () -> {
      JsonNode response = invoke(new DocumentedHandlers_ParallelSqsHandler(), event, TestContext.withRemainingMillis(2500));
      assertThat(failures(response)).containsExactlyInAnyOrder("m1", "m3");
    }).rethrow();
    long tookMillis = (System.nanoTime() - start) / 1_000_000;
    assertThat(tookMillis).as("returned at the margin, not after the straggler").isBetween(1000L, 2400L);
    JsonNode summary = log.summary();
    assertThat(summary.get("succeeded").asInt()).isEqualTo(4);
    assertThat(summary.get("failed").asInt()).isEqualTo(1);
    assertThat(summary.get("skipped_by_deadline").asInt()).isEqualTo(1);
    awaitEffect("parallel s1 done");
  }

  /** Waits for a straggler, so that it does not finish during another test. */
  static void awaitEffect(String effect) {
    long until = System.currentTimeMillis() + 10_000;
    while (!DocumentedHandlers.EFFECTS.contains(effect) && System.currentTimeMillis() < until) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
