package dev.kindling.sample.documented.batches;

import static dev.kindling.sample.documented.batches.DocumentedEvents.binaryAttribute;
import static dev.kindling.sample.documented.batches.DocumentedEvents.event;
import static dev.kindling.sample.documented.batches.DocumentedEvents.failures;
import static dev.kindling.sample.documented.batches.DocumentedEvents.fifoRecord;
import static dev.kindling.sample.documented.batches.DocumentedEvents.invoke;
import static dev.kindling.sample.documented.batches.DocumentedEvents.payment;
import static dev.kindling.sample.documented.batches.DocumentedEvents.receiveCount;
import static dev.kindling.sample.documented.batches.DocumentedEvents.sqsRecord;
import static dev.kindling.sample.documented.batches.DocumentedEvents.stringAttribute;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kindling.local.ElasticMqServer;
import dev.kindling.local.QueueWithDeadLetterQueue;
import dev.kindling.local.SqsQueues;
import dev.kindling.runtime.deadletter.DeadLetter;
import dev.kindling.sqs.deadletter.SqsDeadLetterSender;
import dev.kindling.test.TestContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/** README: deadLetterUnprocessable = true, and framework/sqs-dead-letter/README.md. */
class DocumentedDeadLetterTest {
  private static final byte[] CHECKSUM = {1, 2, 3, (byte) 0xff};

  @BeforeEach
  void reset() {
    DocumentedHandlers.EFFECTS.clear();
    DocumentedDeadLetters.reset();
  }

  private static List<String> ran() {
    return DocumentedHandlers.EFFECTS.stream().filter(e -> !e.endsWith("done")).toList();
  }

  private static ObjectNode withAttributes(ObjectNode record) {
    stringAttribute(record, "tenant", "String", "t-1");
    stringAttribute(record, "amount", "Number", "12.50");
    stringAttribute(record, "correlation_id", "String", "corr-9");
    binaryAttribute(record, "checksum", CHECKSUM);
    return record;
  }

  @Test
  void fifoPoisonIsMovedWithItsGroupAndAttributesAndItsGroupGoesOn() {
    String event = event(
        fifoRecord("a1", "A", payment("a1", "ok")),
        withAttributes(fifoRecord("a2", "A", "not json")),
        fifoRecord("a3", "A", payment("a3", "ok")),
        fifoRecord("b1", "B", "{\"id\":\"\"}"),
        fifoRecord("b2", "B", payment("b2", "ok")));
    DocumentedEvents.Log log = DocumentedEvents.logging(Map.of(), () -> {
      JsonNode response = invoke(new DocumentedHandlers_FifoDeadSqsHandler(), event);
      assertThat(failures(response)).isEmpty();
    }).rethrow();
    assertThat(ran()).containsExactly("fifoDead a1", "fifoDead a3", "fifoDead b2");
    assertThat(DocumentedDeadLetters.SENT).extracting(DeadLetter::messageId).containsExactly("a2", "b1");
    DeadLetter a2 = DocumentedDeadLetters.SENT.get(0);
    assertThat(a2.messageGroupId()).isEqualTo("A");
    assertThat(a2.body()).isEqualTo("not json");
    assertThat(a2.reason()).isEqualTo(DeadLetter.Reason.INVALID_INPUT);
    assertThat(a2.sourceQueueArn()).isEqualTo(DocumentedEvents.QUEUE_ARN + ".fifo");
    assertThat(a2.messageAttributes()).containsOnlyKeys("tenant", "amount", "correlation_id", "checksum");
    assertThat(a2.messageAttributes().get("amount").dataType()).isEqualTo("Number");
    assertThat(a2.messageAttributes().get("amount").stringValue()).isEqualTo("12.50");
    assertThat(a2.messageAttributes().get("checksum").binaryValue()).containsExactly(CHECKSUM);
    assertThat(DocumentedDeadLetters.SENT.get(1).reason()).isEqualTo(DeadLetter.Reason.INVALID_INPUT);
    JsonNode summary = log.summary();
    assertThat(summary.get("dead_lettered").asInt()).isEqualTo(2);
    assertThat(summary.get("failed").asInt()).isZero();
    assertThat(summary.get("succeeded").asInt()).isEqualTo(3);
  }

  @Test
  void aFailedMoveIsReportedWithTheRestOfItsGroupNeverLost() {
    DocumentedDeadLetters.failWith = new IllegalStateException("AccessDenied on sqs:SendMessage");
    String event = event(
        fifoRecord("a1", "A", "not json"),
        fifoRecord("a2", "A", payment("a2", "ok")),
        fifoRecord("b1", "B", payment("b1", "ok")));
    DocumentedEvents.Log log = DocumentedEvents.logging(Map.of(), () -> {
      JsonNode response = invoke(new DocumentedHandlers_FifoDeadSqsHandler(), event);
      assertThat(failures(response)).containsExactly("a1", "a2");
    }).rethrow();
    assertThat(ran()).containsExactly("fifoDead b1");
    JsonNode summary = log.summary();
    assertThat(summary.get("dead_lettered").asInt()).isZero();
    assertThat(summary.get("failed").asInt()).isEqualTo(1);
    assertThat(summary.get("skipped_after_failure").asInt()).isEqualTo(1);
    assertThat(log.text()).contains("could not be moved to the dead-letter queue");
  }

  @Test
  void aFailureOnTheLastReceiveIsMovedAndTheHeldBackRecordsRunNow() {
    String event = event(
        receiveCount(fifoRecord("a1", "A", payment("a1", "fail")), 3),
        receiveCount(fifoRecord("a2", "A", payment("a2", "ok")), 3),
        receiveCount(fifoRecord("b1", "B", payment("b1", "fail")), 2),
        receiveCount(fifoRecord("b2", "B", payment("b2", "ok")), 2),
        receiveCount(fifoRecord("c1", "C", payment("c1", "fail")), 7));
    JsonNode response = invoke(new DocumentedHandlers_FifoDeadSqsHandler(), event);
    assertThat(failures(response)).containsExactly("b1", "b2");
    assertThat(ran()).containsExactly("fifoDead a1", "fifoDead a2", "fifoDead b1", "fifoDead c1");
    assertThat(DocumentedDeadLetters.SENT).extracting(DeadLetter::messageId).containsExactly("a1", "c1");
    assertThat(DocumentedDeadLetters.SENT).extracting(DeadLetter::reason).containsOnly(DeadLetter.Reason.LAST_RECEIVE_FAILED);
  }

  @Test
  void noTimeLeftForTheMoveReportsTheRecordAndItsGroup() {
    String event = event(
        receiveCount(fifoRecord("a1", "A", payment("a1", "sleep-600-fail")), 3),
        receiveCount(fifoRecord("a2", "A", payment("a2", "ok")), 3));
    JsonNode response = invoke(new DocumentedHandlers_FifoDeadSqsHandler(), event, TestContext.withRemainingMillis(1400));
    assertThat(failures(response)).containsExactly("a1", "a2");
    assertThat(DocumentedDeadLetters.SENT).isEmpty();
    assertThat(ran()).containsExactly("fifoDead a1");
  }

  @Test
  void standardQueueMovesOnlyWhatCanNeverSucceedOnce() {
    String event = event(
        sqsRecord("m1", "not json"),
        receiveCount(sqsRecord("m2", payment("p2", "fail")), 9),
        sqsRecord("m3", payment("p3", "ok")),
        sqsRecord("m1", "not json"));
    DocumentedEvents.Log log = DocumentedEvents.logging(Map.of(), () -> {
      JsonNode response = invoke(new DocumentedHandlers_StandardDeadSqsHandler(), event);
      assertThat(failures(response)).containsExactly("m2");
    }).rethrow();
    assertThat(DocumentedDeadLetters.SENT).extracting(DeadLetter::messageId).containsExactly("m1");
    assertThat(DocumentedDeadLetters.SENT.get(0).messageGroupId()).isNull();
    assertThat(log.summary().get("failed").asInt()).isEqualTo(1);
  }

  @Test
  void parallelMovesPoisonAndReportsFailures() {
    List<ObjectNode> records = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      records.add(sqsRecord("m" + i, i % 4 == 0 ? "not json" : payment("p" + i, i % 4 == 1 ? "fail" : "ok")));
    }
    JsonNode response = invoke(new DocumentedHandlers_ParallelDeadSqsHandler(), event(records.toArray(ObjectNode[]::new)));
    assertThat(failures(response)).containsExactlyInAnyOrder("m1", "m5", "m9");
    assertThat(DocumentedDeadLetters.SENT).extracting(DeadLetter::messageId).containsExactlyInAnyOrder("m0", "m4", "m8");
  }

  /** The real sender on ElasticMQ: the dead-letter queue from the redrive policy, group, attributes, dedup. */
  @Test
  void endToEndOnElasticMqTheLetterArrivesOnceWithGroupAndAttributes() {
    try (ElasticMqServer elasticMq = ElasticMqServer.start(); SqsClient sqs = elasticMq.newClient()) {
      QueueWithDeadLetterQueue queue = SqsQueues.createWithDeadLetterQueue(sqs, "promised-dead.fifo", 3, Duration.ofSeconds(1));
      DocumentedDeadLetters.forwardTo = new SqsDeadLetterSender(sqs, null);
      ObjectNode poison = withAttributes(fifoRecord("a2", "A", "{\"id\":\"\"}"));
      poison.put("eventSourceARN", queue.queueArn());
      ObjectNode next = fifoRecord("a3", "A", payment("a3", "ok"));
      next.put("eventSourceARN", queue.queueArn());
      String event = event(poison, next);
      assertThat(failures(invoke(new DocumentedHandlers_FifoDeadSqsHandler(), event))).isEmpty();
      // The invocation failed after the move: Lambda delivers the batch again, and it is moved again.
      assertThat(failures(invoke(new DocumentedHandlers_FifoDeadSqsHandler(), event))).isEmpty();

      List<Message> dead = sqs.receiveMessage(r -> r.queueUrl(queue.deadLetterQueueUrl()).maxNumberOfMessages(10)
          .messageAttributeNames("All").messageSystemAttributeNames(MessageSystemAttributeName.ALL)
          .waitTimeSeconds(1)).messages();
      assertThat(dead).hasSize(1);
      Message letter = dead.get(0);
      assertThat(letter.body()).isEqualTo("{\"id\":\"\"}");
      assertThat(letter.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID)).isEqualTo("A");
      assertThat(letter.messageAttributes().get("tenant").stringValue()).isEqualTo("t-1");
      assertThat(letter.messageAttributes().get("amount").dataType()).isEqualTo("Number");
      assertThat(letter.messageAttributes().get("checksum").binaryValue().asByteArray()).containsExactly(CHECKSUM);
      assertThat(letter.messageAttributes().get("kindling-dead-letter-reason").stringValue()).isEqualTo("INVALID_INPUT");
      assertThat(letter.messageAttributes().get("kindling-source-message-id").stringValue()).isEqualTo("a2");
      assertThat(new String(letter.body().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)).isNotEmpty();
    } finally {
      DocumentedDeadLetters.forwardTo = null;
    }
  }
}
