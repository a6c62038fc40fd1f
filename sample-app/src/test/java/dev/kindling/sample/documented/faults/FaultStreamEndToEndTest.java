package dev.kindling.sample.documented.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kindling.local.DiscardedBatch;
import dev.kindling.local.DynamoDbLocalServer;
import dev.kindling.local.DynamoDbStreamEventSource;
import dev.kindling.local.EmulatorUnavailableException;
import dev.kindling.local.KinesisEventSource;
import dev.kindling.local.KinesisLocalServer;
import dev.kindling.local.KinesisStreams;
import dev.kindling.local.LocalFunction;
import dev.kindling.local.StreamEventSourceStats;
import dev.kindling.local.StreamStartingPosition;
import dev.kindling.sample.documented.faults.FaultSupport.Effect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * Scenario 3: DynamoDB Streams (DynamoDB Local) and Kinesis (kinesalite) end to end with {@code @Idempotent} on the
 * DynamoDB store, the local mappings with maxRetryAttempts 2 and bisect on, as the handlers' annotations say.
 */
class FaultStreamEndToEndTest {

  /**
   * A NEW_IMAGE stream: a delete (as a TTL delete) has no image; a record hangs once (the process is killed by the
   * timeout, the batch is bisected); a poison record is retried, then set aside, and the records after it run once.
   */
  @Test
  void dynamoDbPoisonBlocksUntilItsRetriesRunOutDeletesWithoutImageDoNotBlockAndNothingRunsTwice() throws Exception {
    Path ledger = Files.createTempDirectory("fault-e-ddb");
    FaultSupport.Log log = new FaultSupport.Log("ddb");
    List<DiscardedBatch> discarded;
    StreamEventSourceStats stats;
    try (DynamoDbLocalServer dynamoDbLocal = DynamoDbLocalServer.start();
        DynamoDbClient dynamoDb = dynamoDbLocal.newClient();
        DynamoDbStreamsClient streams = dynamoDbLocal.newStreamsClient();
        LocalFunction function = LocalFunction.builder("dev.kindling.sample.documented.faults.FaultHandlers_OrderChangedDynamoDbStreamHandler::handleRequest")
            .classpath(FaultSupport.childClasspath())
            .functionName("fault-orders")
            .timeout(Duration.ofSeconds(4))
            .environment(FaultSupport.environment(ledger))
            .environmentVariable("KINDLING_IDEMPOTENCY_ENDPOINT", dynamoDbLocal.endpoint().toString())
            .logSink(log)
            .build()) {
      FaultSupport.createIdempotencyTable(dynamoDb);
      dynamoDb.createTable(r -> r.tableName("fault-orders")
          .attributeDefinitions(AttributeDefinition.builder().attributeName("id").attributeType(ScalarAttributeType.S).build())
          .keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build())
          .billingMode(BillingMode.PAY_PER_REQUEST)
          .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_IMAGE)));
      String streamArn = dynamoDb.describeTable(r -> r.tableName("fault-orders")).table().latestStreamArn();
      put(dynamoDb, "d0", "ok");
      put(dynamoDb, "d1", "ok");
      put(dynamoDb, "d2", "hang1");
      put(dynamoDb, "d3", "ok");
      dynamoDb.deleteItem(r -> r.tableName("fault-orders").key(Map.of("id", AttributeValue.fromS("d1"))));
      dynamoDb.putItem(r -> r.tableName("fault-orders").item(Map.of(
          "id", AttributeValue.fromS("d4"), "orderId", AttributeValue.fromS("d4"), "step", AttributeValue.fromS("four"),
          "action", AttributeValue.fromS("ok"), "cardNumber", AttributeValue.fromS(FaultSupport.CARD))));
      put(dynamoDb, "d5", "ok");
      put(dynamoDb, "d6", "ok");

      try (DynamoDbStreamEventSource source = DynamoDbStreamEventSource.builder(streams, streamArn, function)
          .startingPosition(StreamStartingPosition.TRIM_HORIZON)
          .batchSize(100)
          .maxRetryAttempts(2)
          .bisectBatchOnFunctionError(true)
          .start()) {
        assertThat(source.awaitIdle(Duration.ofSeconds(45))).as("idle\n" + log.tail(40)).isTrue();
        discarded = source.discardedBatches();
        stats = source.stats();
      }
    }
    List<Effect> effects = FaultSupport.effects(ledger);
    System.out.println("DynamoDB stream: stats=" + stats + "\n effects=" + effects.stream().map(e -> e.key() + "/a" + e.attempt()).toList()
        + "\n attempts=" + FaultSupport.attempts(ledger) + "\n discarded=" + discarded.stream().map(d -> d.batchSize() + "@" + d.startSequenceNumber()).toList());
    printKindlingLines(log);
    SoftAssertions soft = new SoftAssertions();
    soft.assertThat(effects.stream().map(Effect::key).toList()).as("effects in order, each once")
        .containsExactly("d0/0", "d1/0", "d2/0", "d3/0", "d5/0", "d6/0");
    soft.assertThat(discarded.stream().map(d -> d.batchSize() + " " + d.records().stream()
            .map(r -> { try { return FaultSupport.JSON.readTree(r).at("/dynamodb/Keys/id/S").asText(); } catch (Exception e) { return "?"; } })
            .toList()).toList())
        .as("set aside").containsExactly("1 [d4]");
    soft.assertThat(log.messages("Batch processed").stream().mapToLong(l -> l.path("skipped_without_image").asLong()).sum())
        .as("the delete without an image, counted as skipped (on each delivery of it)").isGreaterThanOrEqualTo(1);
    soft.assertThat(FaultSupport.logProblems(log, List.of(FaultSupport.CARD))).as("log problems").isEmpty();
    soft.assertAll();
  }

  /**
   * Kinesis: a poison record is retried and set aside; then a record whose first attempt halts the runtime (as Lambda
   * does on exceeding the memory limit) is retried by the mapping. It can succeed on its retry; it must not be set
   * aside unprocessed, and nothing may run twice.
   */
  @Test
  void kinesisPoisonIsSetAsideButARecordWhoseProcessCrashedOnceIsRetriedAndProcessed() throws Exception {
    KinesisLocalServer kinesisLocal;
    try {
      kinesisLocal = KinesisLocalServer.start();
    } catch (EmulatorUnavailableException e) {
      Assumptions.abort("kinesalite unavailable: " + e.getMessage());
      return;
    }
    Path ledger = Files.createTempDirectory("fault-e-kinesis");
    FaultSupport.Log log = new FaultSupport.Log("kinesis");
    List<DiscardedBatch> discarded;
    StreamEventSourceStats stats;
    try (kinesisLocal;
        DynamoDbLocalServer dynamoDbLocal = DynamoDbLocalServer.start();
        DynamoDbClient dynamoDb = dynamoDbLocal.newClient();
        KinesisClient kinesis = kinesisLocal.newClient();
        LocalFunction function = LocalFunction.builder("dev.kindling.sample.documented.faults.FaultHandlers_ClickKinesisHandler::handleRequest")
            .classpath(FaultSupport.childClasspath())
            .functionName("fault-clicks")
            .timeout(Duration.ofSeconds(10))
            .environment(FaultSupport.environment(ledger))
            .environmentVariable("KINDLING_IDEMPOTENCY_ENDPOINT", dynamoDbLocal.endpoint().toString())
            .logSink(log)
            .build()) {
      FaultSupport.createIdempotencyTable(dynamoDb);
      KinesisStreams.create(kinesis, "fault-clicks", 1);
      put(kinesis, "k0", FaultSupport.step("k0", 0, "ok"));
      put(kinesis, "k1", FaultSupport.step("k1", 0, "ok"));
      put(kinesis, "k2", "{\"orderId\":\"k2\",\"cardNumber\":\"" + FaultSupport.CARD + "\",\"step\":");
      put(kinesis, "k3", FaultSupport.step("k3", 0, "ok"));
      try (KinesisEventSource source = KinesisEventSource.builder(kinesis, "fault-clicks", function)
          .startingPosition(StreamStartingPosition.TRIM_HORIZON)
          .batchSize(100)
          .maxRetryAttempts(2)
          .bisectBatchOnFunctionError(true)
          .start()) {
        assertThat(source.awaitIdle(Duration.ofSeconds(30))).as("idle after the poison\n" + log.tail(40)).isTrue();
        put(kinesis, "k4", FaultSupport.step("k4", 0, "ok"));
        put(kinesis, "k5", FaultSupport.step("k5", 0, "crash1"));
        put(kinesis, "k6", FaultSupport.step("k6", 0, "ok"));
        assertThat(source.awaitIdle(Duration.ofSeconds(30))).as("idle after the crash\n" + log.tail(40)).isTrue();
        discarded = source.discardedBatches();
        stats = source.stats();
      }
    }
    List<Effect> effects = FaultSupport.effects(ledger);
    System.out.println("Kinesis: stats=" + stats + "\n effects=" + effects.stream().map(e -> e.key() + "/a" + e.attempt() + "/pid" + e.pid()).toList()
        + "\n attempts=" + FaultSupport.attempts(ledger) + "\n discarded=" + discarded.stream().map(d -> d.batchSize() + "@" + d.startSequenceNumber() + " " + d.functionError()).toList());
    printKindlingLines(log);
    Map<String, Long> perKey = effects.stream().collect(Collectors.groupingBy(Effect::key, TreeMap::new, Collectors.counting()));
    SoftAssertions soft = new SoftAssertions();
    soft.assertThat(perKey).as("effects per key").allSatisfy((k, n) -> assertThat(n).as(k).isEqualTo(1L));
    soft.assertThat(discarded.stream().map(d -> d.batchSize() + " " + decodeQuietly(d.records().get(0)).substring(0, 15)).toList())
        .as("set aside: the poison k2 only").containsExactly("1 {\"orderId\":\"k2\"");
    soft.assertThat(perKey.keySet()).as("processed").containsExactly("k0/0", "k1/0", "k3/0", "k4/0", "k5/0", "k6/0");
    soft.assertThat(FaultSupport.logProblems(log, List.of(FaultSupport.CARD))).as("log problems").isEmpty();
    soft.assertAll();
  }

  private static String decodeQuietly(String record) {
    try {
      JsonNode json = FaultSupport.JSON.readTree(record);
      return new String(Base64.getDecoder().decode(json.at("/kinesis/data").asText()), StandardCharsets.UTF_8);
    } catch (Exception e) {
      return "<" + e + ">";
    }
  }

  private static void printKindlingLines(FaultSupport.Log log) {
    log.json().stream().filter(l -> l.path("logger").asText().startsWith("dev.kindling"))
        .filter(l -> !l.path("message").asText().startsWith("Incoming event"))
        .forEach(l -> System.out.println("  " + l.path("level").asText() + " " + FaultSupport.abbreviate(l.path("message").asText())
            + " [" + l.path("record_id").asText() + "]"
            + (l.has("records") ? " records=" + l.path("records") + " ok=" + l.path("succeeded") + " failed=" + l.path("failed")
                + " noimage=" + l.path("skipped_without_image") + " after=" + l.path("skipped_after_failure") : "")));
    log.notJson().forEach(l -> System.out.println("  (plain) " + FaultSupport.abbreviate(l)));
  }

  private static void put(DynamoDbClient dynamoDb, String id, String action) {
    dynamoDb.putItem(r -> r.tableName("fault-orders").item(Map.of(
        "id", AttributeValue.fromS(id), "orderId", AttributeValue.fromS(id),
        // a string: a DynamoDB number (N) cannot be bound to an int at all (see FaultDynamoDbNumberTest)
        "step", AttributeValue.fromS("0"),
        "action", AttributeValue.fromS(action), "cardNumber", AttributeValue.fromS(FaultSupport.CARD))));
  }

  private static void put(KinesisClient kinesis, String key, String data) {
    kinesis.putRecord(r -> r.streamName("fault-clicks").partitionKey(key).data(SdkBytes.fromUtf8String(data)));
  }
}
