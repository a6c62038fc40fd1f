package dev.kindling.sample.documented.faults;

import static org.assertj.core.api.Assertions.assertThat;

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
 * Scenario 2: a standard queue, {@code parallel = true}, {@code @Idempotent} on the DynamoDB store, function timeout
 * 3 s and {@code KINDLING_DEADLINE_MARGIN_MS=1000}: records that run past the margin (stragglers, one whose
 * producer duplicate arrives while it runs), a record that fails once, poison, and one record that charges and then
 * waits interruptibly past the margin (Kindling does not interrupt it, so it completes and is not charged again).
 */
class FaultParallelEndToEndTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(3);
  private static final Duration VISIBILITY = Duration.ofSeconds(4);

  private static final FaultSupport.Log LOG = new FaultSupport.Log("parallel");
  private static ElasticMqServer elasticMq;
  private static SqsClient sqs;
  private static DynamoDbLocalServer dynamoDbLocal;
  private static DynamoDbClient dynamoDb;
  private static LocalFunction function;
  private static SqsEventSource source;
  private static QueueWithDeadLetterQueue queue;
  private static Path ledger;

  private static final Map<String, String> sent = new LinkedHashMap<>();
  private static List<Effect> effects;
  private static List<Message> deadLettered;
  private static SqsEventSourceStats stats;
  private static Map<QueueAttributeName, String> queueCounts;

  @BeforeAll
  static void run() throws Exception {
    ledger = Files.createTempDirectory("fault-e-parallel");
    elasticMq = ElasticMqServer.start();
    sqs = elasticMq.newClient();
    dynamoDbLocal = DynamoDbLocalServer.start();
    dynamoDb = dynamoDbLocal.newClient();
    FaultSupport.createIdempotencyTable(dynamoDb);
    queue = SqsQueues.createWithDeadLetterQueue(sqs, "fault-charge", 3, VISIBILITY);
    function = LocalFunction.builder("dev.kindling.sample.documented.faults.FaultHandlers_ChargeSqsHandler::handleRequest")
        .classpath(FaultSupport.childClasspath())
        .functionName("fault-charge")
        .timeout(TIMEOUT)
        .environment(FaultSupport.environment(ledger))
        .environmentVariable("KINDLING_IDEMPOTENCY_ENDPOINT", dynamoDbLocal.endpoint().toString())
        .environmentVariable("KINDLING_DEADLINE_MARGIN_MS", "1000")
        .environmentVariable("KINDLING_PARALLELISM", "4")
        .logSink(LOG)
        .build();
    warmUp();

    List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      String action = switch (i) {
        case 5, 6 -> "slow2600";
        case 9 -> "effectThenWait2600";
        case 12 -> "fail1";
        default -> "ok";
      };
      entries.add(entry(entries.size(), "c" + i, FaultSupport.step("c" + i, 0, action), "c" + i));
      if (i == 5) {
        // The producer sends c5 again (a new message id) while c5 is still running.
        entries.add(entry(entries.size(), "c5", FaultSupport.step("c5", 0, "slow2600"), "c5#dup"));
      }
      if (i == 14) {
        entries.add(entry(entries.size(), "p1", "{\"orderId\":\"p1\",\"cardNumber\":\"" + FaultSupport.CARD + "\",\"step\":", "p1"));
        entries.add(entry(entries.size(), "p2", FaultSupport.step("p2", 0, ""), "p2"));
      }
    }
    for (int start = 0; start < entries.size(); start += 10) {
      List<SendMessageBatchRequestEntry> chunk = entries.subList(start, Math.min(entries.size(), start + 10));
      var response = sqs.sendMessageBatch(r -> r.queueUrl(queue.queueUrl()).entries(chunk));
      assertThat(response.failed()).isEmpty();
      Map<String, String> ids = new LinkedHashMap<>();
      response.successful().forEach(ok -> ids.put(ok.id(), ok.messageId()));
      chunk.forEach(e -> sent.put(e.messageAttributes().get("step").stringValue(), ids.get(e.id())));
    }

    long start = System.nanoTime();
    source = SqsEventSource.builder(sqs, queue.queueUrl(), function).batchSize(10).start();
    boolean drained = source.awaitIdle(Duration.ofSeconds(60));
    long drainMillis = (System.nanoTime() - start) / 1_000_000;
    source.close();
    stats = source.stats();
    queueCounts = sqs.getQueueAttributes(r -> r.queueUrl(queue.queueUrl()).attributeNames(
        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
    Thread.sleep(500); // let stragglers write their last lines
    function.close();
    effects = FaultSupport.effects(ledger).stream().filter(e -> !e.orderId().equals("warm")).toList();
    deadLettered = FaultFifoEndToEndTest.receiveAllFrom(sqs, queue.deadLetterQueueUrl());
    System.out.printf("FaultParallelEndToEndTest: drained=%s in %d ms; stats=%s; queue=%s%n", drained, drainMillis, stats, queueCounts);
    System.out.println("FaultParallelEndToEndTest effects: " + effects.stream().map(e -> e.key() + "@r" + e.receive() + "/a" + e.attempt()).toList());
    System.out.println("FaultParallelEndToEndTest dead letters: " + deadLettered.stream().map(m -> m.messageAttributes().get("step").stringValue()).toList());
    LOG.json().stream().filter(l -> l.path("logger").asText().startsWith("dev.kindling"))
        .filter(l -> !l.path("message").asText().startsWith("Incoming event"))
        .forEach(l -> System.out.println("  " + l.path("level").asText() + " " + FaultSupport.abbreviate(l.path("message").asText())
            + " [" + l.path("record_id").asText() + "] req=" + l.path("function_request_id").asText()
            + (l.has("records") ? " " + l.path("records") + "/" + l.path("succeeded") + "/" + l.path("failed") + "/" + l.path("skipped_by_deadline") : "")));
  }

  @AfterAll
  static void stop() {
    FaultFifoEndToEndTest.close(source);
    FaultFifoEndToEndTest.close(function);
    FaultFifoEndToEndTest.close(sqs);
    FaultFifoEndToEndTest.close(elasticMq);
    FaultFifoEndToEndTest.close(dynamoDb);
    FaultFifoEndToEndTest.close(dynamoDbLocal);
  }

  @Test
  void stragglersWereReportedAtTheMarginAndStillCompleted() {
    assertThat(LOG.messages("was still running at the deadline margin")).as("stragglers reported").isNotEmpty();
    assertThat(effects.stream().map(Effect::key)).as("stragglers' effects").contains("c5/0", "c6/0");
  }

  @Test
  void noSideEffectRunsTwiceAcrossRedeliveries() {
    Map<String, Long> perKey = effects.stream().filter(e -> !e.key().equals("c9/0"))
        .collect(Collectors.groupingBy(Effect::key, TreeMap::new, Collectors.counting()));
    assertThat(perKey).as("effects per key (c9 aside)").allSatisfy((key, n) -> assertThat(n).as(key).isEqualTo(1L));
  }

  @Test
  void aRecordStillWaitingAtTheMarginAfterItsEffectIsNotChargedAgain() {
    assertThat(effects.stream().filter(e -> e.key().equals("c9/0")).map(e -> "receive " + e.receive() + ", attempt " + e.attempt()))
        .as("effects of c9 (charged, then still in an interruptible wait at the margin)")
        .hasSize(1);
  }

  @Test
  void nothingIsLostAndTheDeadLetterQueueHoldsOnlyPoison() {
    assertThat(queueCounts).containsEntry(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "0")
        .containsEntry(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE, "0");
    assertThat(deadLettered).extracting(m -> m.messageAttributes().get("step").stringValue())
        .containsExactlyInAnyOrder("p1", "p2");
    List<String> processed = effects.stream().map(Effect::orderId).toList();
    List<String> lost = sent.keySet().stream().filter(k -> !k.startsWith("p")).map(k -> k.replace("#dup", ""))
        .filter(k -> !processed.contains(k)).toList();
    assertThat(lost).as("good messages never processed").isEmpty();
  }

  @Test
  void theStructuredLogCarriesRecordIdsAddsUpAndHidesTheCard() {
    assertThat(FaultSupport.logProblems(LOG, List.of(FaultSupport.CARD))).as("log problems").isEmpty();
  }

  private static void warmUp() {
    ObjectNode event = Events.tree("sqs-event.json");
    ArrayNode records = (ArrayNode) event.get("Records");
    ObjectNode record = (ObjectNode) records.get(0);
    records.removeAll();
    record.put("messageId", "warm-up").put("body", FaultSupport.step("warm", 0, "ok")).put("eventSourceARN", queue.queueArn());
    records.add(record);
    InvocationResult result = function.invoke(Events.text(event));
    if (!result.success() || !result.payload().replace(" ", "").equals("{\"batchItemFailures\":[]}")) {
      throw new AssertionError("warm-up: " + result + "\n" + LOG.tail(30));
    }
  }

  private static SendMessageBatchRequestEntry entry(int index, String orderId, String body, String step) {
    return SendMessageBatchRequestEntry.builder()
        .id("e" + index)
        .messageBody(body)
        .messageAttributes(Map.of(
            "step", MessageAttributeValue.builder().dataType("String").stringValue(step).build(),
            "cardNumber", MessageAttributeValue.builder().dataType("String").stringValue(FaultSupport.CARD).build()))
        .build();
  }
}
