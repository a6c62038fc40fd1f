package dev.kindling.sample.documented.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kindling.local.DynamoDbLocalServer;
import dev.kindling.local.ElasticMqServer;
import dev.kindling.local.InvocationResult;
import dev.kindling.local.LocalFunction;
import dev.kindling.local.QueueWithDeadLetterQueue;
import dev.kindling.local.SqsEventSource;
import dev.kindling.local.SqsEventSourceStats;
import dev.kindling.local.SqsQueues;
import dev.kindling.sample.documented.faults.FaultSupport.Effect;
import dev.kindling.test.Events;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * Scenario 1: a FIFO queue with {@code @Idempotent} (DynamoDB store on DynamoDB Local) and
 * {@code deadLetterUnprocessable}, end to end through ElasticMQ and the real runtime client: interleaved groups, a
 * process killed mid-batch by the function timeout, poison, a record failing on each receive, a record failing
 * once, and producer duplicates with new message ids.
 */
class FaultFifoEndToEndTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(4);
  private static final Duration VISIBILITY = Duration.ofSeconds(5);

  private static final FaultSupport.Log LOG = new FaultSupport.Log("fifo");
  private static ElasticMqServer elasticMq;
  private static SqsClient sqs;
  private static DynamoDbLocalServer dynamoDbLocal;
  private static DynamoDbClient dynamoDb;
  private static LocalFunction function;
  private static SqsEventSource source;
  private static QueueWithDeadLetterQueue queue;
  private static Path ledger;

  /** "order/step" (or "order/step#dup") → message id, in send order. */
  private static final Map<String, String> sent = new LinkedHashMap<>();
  private static List<Effect> effects;
  private static List<Message> deadLettered;
  private static SqsEventSourceStats stats;
  private static Map<QueueAttributeName, String> queueCounts;
  private static long drainMillis;

  @BeforeAll
  static void run() throws Exception {
    ledger = Files.createTempDirectory("fault-e-fifo");
    elasticMq = ElasticMqServer.start();
    sqs = elasticMq.newClient();
    dynamoDbLocal = DynamoDbLocalServer.start();
    dynamoDb = dynamoDbLocal.newClient();
    FaultSupport.createIdempotencyTable(dynamoDb);
    queue = SqsQueues.createWithDeadLetterQueue(sqs, "fault-pay.fifo", 3, VISIBILITY);
    function = LocalFunction.builder("dev.kindling.sample.documented.faults.FaultHandlers_FifoPaySqsHandler::handleRequest")
        .classpath(FaultSupport.childClasspath())
        .functionName("fault-pay")
        .timeout(TIMEOUT)
        .environment(FaultSupport.environment(ledger))
        .environmentVariable("KINDLING_IDEMPOTENCY_ENDPOINT", dynamoDbLocal.endpoint().toString())
        .environmentVariable("KINDLING_DEAD_LETTER_ENDPOINT", elasticMq.endpoint().toString())
        .logSink(LOG)
        .build();
    warmUp();

    List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
    // Round by round: every order's step s before any order's step s + 1, so batches mix groups.
    String[][] plan = {
      // o1: step 1 is poison (moved), then step 2 kills the process mid-batch on its first attempt, so step 1 is
      // moved again on the redelivery; o1/0 is sent again by the producer after step 1
      {"o1", "ok", "POISON", "hang1", "ok"},
      // o2: poison step 0, step 2 fails on every receive
      {"o2", "POISON", "ok", "fail", "ok", "ok"},
      // o3: step 2 fails its first attempt only
      {"o3", "ok", "ok", "fail1", "ok"},
      // o4: o4/1 sent again by the producer at the end
      {"o4", "ok", "ok", "ok"},
      // o5: step 1 fails @Valid
      {"o5", "ok", "", "ok"},
    };
    for (int step = 0; step < 5; step++) {
      for (String[] order : plan) {
        if (step + 1 < order.length) {
          entries.add(entry(entries.size(), order[0], step, order[step + 1], ""));
        }
      }
      if (step == 1) {
        entries.add(entry(entries.size(), "o1", 0, "ok", "#dup"));
      }
    }
    entries.add(entry(entries.size(), "o4", 1, "ok", "#dup"));
    List<String> ids = sendAll(entries);
    for (int i = 0; i < ids.size(); i++) {
      sent.put(entries.get(i).messageAttributes().get("step").stringValue(), ids.get(i));
    }

    long start = System.nanoTime();
    source = SqsEventSource.builder(sqs, queue.queueUrl(), function).batchSize(10).start();
    boolean drained = source.awaitIdle(Duration.ofSeconds(75));
    drainMillis = (System.nanoTime() - start) / 1_000_000;
    source.close();
    stats = source.stats();
    queueCounts = sqs.getQueueAttributes(r -> r.queueUrl(queue.queueUrl()).attributeNames(
        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
    function.close();
    effects = FaultSupport.effects(ledger).stream().filter(e -> !e.orderId().equals("warm")).toList();
    deadLettered = receiveAll(queue.deadLetterQueueUrl());
    System.out.printf("FaultFifoEndToEndTest: drained=%s in %d ms; stats=%s; queue=%s%n", drained, drainMillis, stats, queueCounts);
    System.out.println("FaultFifoEndToEndTest effects: " + effects);
    System.out.println("FaultFifoEndToEndTest attempts: " + FaultSupport.attempts(ledger));
    System.out.println("FaultFifoEndToEndTest dead letters: " + deadLettered.stream()
        .map(m -> m.messageAttributes().get("step").stringValue() + ":" + reason(m)).toList());
    LOG.json().stream().filter(l -> l.path("message").asText().equals("Batch processed"))
        .forEach(l -> System.out.println("  summary " + l.path("records") + " ok=" + l.path("succeeded") + " failed=" + l.path("failed")
            + " after=" + l.path("skipped_after_failure") + " deadline=" + l.path("skipped_by_deadline") + " dlq=" + l.path("dead_lettered")));
    LOG.json().stream().filter(l -> l.path("message").asText().startsWith("Record ") || l.path("message").asText().startsWith("Attempt"))
        .forEach(l -> System.out.println("  " + l.path("level").asText() + " " + l.path("message").asText() + " [" + l.path("record_id").asText() + "]"));
  }

  @AfterAll
  static void stop() {
    close(source);
    close(function);
    close(sqs);
    close(elasticMq);
    close(dynamoDb);
    close(dynamoDbLocal);
  }

  @Test
  void theProcessWasKilledMidBatchAndTheRunContinued() {
    assertThat(LOG.lines().stream().filter(l -> l.contains("Attempt 1 of fifo o1/2")).count()).as("o1/2 hung once").isEqualTo(1);
    assertThat(stats.failedBatches()).as("the batch with o1/1 timed out").isGreaterThanOrEqualTo(1);
    assertThat(effects.stream().map(Effect::pid).distinct().count()).as("effects from more than one process").isGreaterThan(1);
  }

  @Test
  void everySideEffectRunsAtMostOnceAndInGroupOrder() {
    Map<String, List<String>> byKey = effects.stream().collect(Collectors.groupingBy(Effect::key, TreeMap::new,
        Collectors.mapping(e -> e.recordId() + "@receive" + e.receive(), Collectors.toList())));
    assertThat(byKey).as("effects per key").allSatisfy((key, runs) -> assertThat(runs).as(key).hasSize(1));
    Map<String, List<Integer>> order = new TreeMap<>();
    effects.forEach(e -> order.computeIfAbsent(e.orderId(), k -> new ArrayList<>()).add(e.step()));
    assertThat(order).as("steps in effect order").allSatisfy((o, steps) ->
        assertThat(steps).as(o).isSorted());
  }

  @Test
  void nothingIsLostEveryMessageIsProcessedOrDeadLettered() {
    assertThat(queueCounts).as("source queue after the drain")
        .containsEntry(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "0")
        .containsEntry(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE, "0");
    List<String> processed = effects.stream().map(Effect::key).toList();
    List<String> dead = deadLettered.stream().map(m -> m.messageAttributes().get("step").stringValue()).toList();
    List<String> lost = new ArrayList<>();
    for (String step : sent.keySet()) {
      String key = step.replace("#dup", "");
      if (!processed.contains(key) && !dead.contains(step)) {
        lost.add(step);
      }
    }
    assertThat(lost).as("sent, neither processed nor dead-lettered").isEmpty();
  }

  @Test
  void theDeadLetterQueueHoldsExactlyWhatCouldNeverBeProcessedOnceEachWithItsGroup() {
    Map<String, String> reasons = new TreeMap<>();
    List<String> all = new ArrayList<>();
    for (Message m : deadLettered) {
      String step = m.messageAttributes().get("step").stringValue();
      all.add(step);
      reasons.put(step, reason(m));
      assertThat(m.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID)).as(step).isEqualTo(step.substring(0, 2));
    }
    assertThat(all).as("dead letters, each once").doesNotHaveDuplicates();
    assertThat(reasons).containsExactlyInAnyOrderEntriesOf(Map.of(
        "o1/1", "INVALID_INPUT",
        "o2/0", "INVALID_INPUT",
        "o5/1", "INVALID_INPUT",
        "o2/2", "LAST_RECEIVE_FAILED"));
  }

  @Test
  void theStructuredLogCarriesRecordIdsAddsUpAndHidesTheCard() {
    List<String> problems = FaultSupport.logProblems(LOG, List.of(FaultSupport.CARD));
    assertThat(problems).as("log problems").isEmpty();
    long invocationsAnswered = stats.batches() - stats.failedBatches() + 1; // + warm-up
    assertThat(LOG.messages("Batch processed")).as("one summary per answered invocation").hasSize((int) invocationsAnswered);
  }

  private static void warmUp() {
    ObjectNode event = Events.tree("sqs-fifo-event.json");
    ArrayNode records = (ArrayNode) event.get("Records");
    ObjectNode record = (ObjectNode) records.get(0);
    records.removeAll();
    record.put("messageId", "warm-up").put("body", FaultSupport.step("warm", 0, "ok")).put("eventSourceARN", queue.queueArn());
    ((ObjectNode) record.get("attributes")).put("MessageGroupId", "warm");
    records.add(record);
    InvocationResult result = function.invoke(Events.text(event));
    if (!result.success() || !result.payload().replace(" ", "").equals("{\"batchItemFailures\":[]}")) {
      throw new AssertionError("warm-up: " + result + "\n" + LOG.tail(30));
    }
  }

  private static SendMessageBatchRequestEntry entry(int index, String orderId, int step, String action, String suffix) {
    String body = action.equals("POISON")
        ? "{\"orderId\":\"" + orderId + "\",\"cardNumber\":\"" + FaultSupport.CARD + "\",\"step\":"
        : FaultSupport.step(orderId, step, action);
    return SendMessageBatchRequestEntry.builder()
        .id("e" + index)
        .messageGroupId(orderId)
        .messageDeduplicationId(orderId + "-" + step + suffix)
        .messageBody(body)
        .messageAttributes(Map.of(
            "step", MessageAttributeValue.builder().dataType("String").stringValue(orderId + "/" + step + suffix).build(),
            "cardNumber", MessageAttributeValue.builder().dataType("String").stringValue(FaultSupport.CARD).build()))
        .build();
  }

  private static List<String> sendAll(List<SendMessageBatchRequestEntry> entries) {
    List<String> ids = new ArrayList<>();
    for (int start = 0; start < entries.size(); start += 10) {
      List<SendMessageBatchRequestEntry> chunk = entries.subList(start, Math.min(entries.size(), start + 10));
      var response = sqs.sendMessageBatch(r -> r.queueUrl(queue.queueUrl()).entries(chunk));
      assertThat(response.failed()).isEmpty();
      Map<String, String> byEntry = new LinkedHashMap<>();
      response.successful().forEach(ok -> byEntry.put(ok.id(), ok.messageId()));
      chunk.forEach(e -> ids.add(byEntry.get(e.id())));
    }
    return ids;
  }

  static List<Message> receiveAll(String url) {
    return receiveAllFrom(sqs, url);
  }

  static List<Message> receiveAllFrom(SqsClient sqs, String url) {
    List<Message> all = new ArrayList<>();
    List<Message> received;
    do {
      received = sqs.receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(10).visibilityTimeout(60)
          .messageSystemAttributeNames(MessageSystemAttributeName.ALL).messageAttributeNames("All")).messages();
      all.addAll(received);
    } while (!received.isEmpty());
    return all;
  }

  private static String reason(Message m) {
    MessageAttributeValue reason = m.messageAttributes().get("kindling-dead-letter-reason");
    return reason == null ? "REDRIVEN_BY_SQS" : reason.stringValue();
  }

  static void close(AutoCloseable c) {
    if (c != null) {
      try {
        c.close();
      } catch (Exception e) {
        System.err.println("close: " + e);
      }
    }
  }
}
