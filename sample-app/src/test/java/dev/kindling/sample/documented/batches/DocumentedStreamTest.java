package dev.kindling.sample.documented.batches;

import static dev.kindling.sample.documented.batches.DocumentedEvents.base64;
import static dev.kindling.sample.documented.batches.DocumentedEvents.dynamoRecord;
import static dev.kindling.sample.documented.batches.DocumentedEvents.event;
import static dev.kindling.sample.documented.batches.DocumentedEvents.failures;
import static dev.kindling.sample.documented.batches.DocumentedEvents.invoke;
import static dev.kindling.sample.documented.batches.DocumentedEvents.kinesisRecord;
import static dev.kindling.sample.documented.batches.DocumentedEvents.payment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kindling.test.Events;
import dev.kindling.test.TestContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** README: @KinesisHandler and @DynamoDbStreamHandler. */
class DocumentedStreamTest {
  private static final String KEYS = "{\"id\":{\"S\":\"k\"}}";

  @BeforeEach
  void reset() {
    DocumentedHandlers.EFFECTS.clear();
  }

  private static List<String> ran() {
    return DocumentedHandlers.EFFECTS.stream().filter(e -> !e.endsWith("done")).toList();
  }

  private static String image(String id) {
    return "{\"id\":{\"S\":\"" + id + "\"},\"action\":{\"S\":\"ok\"},\"total\":{\"N\":\"12.50\"}}";
  }

  @Test
  void kinesisStopsAtTheFirstFailureAndReportsOnlyItsSequenceNumber() {
    String event = event(
        kinesisRecord("101", base64(payment("k1", "ok"))),
        kinesisRecord("102", base64(payment("k2", "fail"))),
        kinesisRecord("103", base64(payment("k3", "ok"))),
        kinesisRecord("104", base64(payment("k4", "fail"))));
    DocumentedEvents.Log log = DocumentedEvents.logging(Map.of(), () ->
        assertThat(failures(invoke(new DocumentedHandlers_KinesisKinesisHandler(), event))).containsExactly("102")).rethrow();
    assertThat(ran()).containsExactly("kinesis k1", "kinesis k2");
    JsonNode summary = log.summary();
    assertThat(summary.get("succeeded").asInt()).isEqualTo(1);
    assertThat(summary.get("failed").asInt()).isEqualTo(1);
    assertThat(summary.get("skipped_after_failure").asInt()).isEqualTo(2);
  }

  @Test
  void kinesisDataThatIsNotBase64FailsItsOwnRecordAtItsSequenceNumber() {
    for (String bad : List.of("not base64!", "%%%%", "ey J pZCI6Ik=", "eyJpZCI6Imt4In0-_")) {
      DocumentedHandlers.EFFECTS.clear();
      String event = event(
          kinesisRecord("201", base64(payment("k1", "ok"))),
          kinesisRecord("202", bad),
          kinesisRecord("203", base64(payment("k3", "ok"))));
      assertThat(failures(invoke(new DocumentedHandlers_KinesisKinesisHandler(), event))).as(bad).containsExactly("202");
      assertThat(ran()).as(bad).containsExactly("kinesis k1");
      DocumentedHandlers.EFFECTS.clear();
      assertThat(failures(invoke(new DocumentedHandlers_KinesisTextKinesisHandler(), event))).as(bad).containsExactly("202");
      assertThat(DocumentedHandlers.EFFECTS).as(bad).hasSize(1);
    }
  }

  @Test
  void kinesisFixtureFailsAtTheRecordThatIsNotJson() {
    JsonNode response = invoke(new DocumentedHandlers_KinesisKinesisHandler(), Events.json("kinesis-event.json"));
    // Records 1 and 2 have no "id"; they bind (id null) since the Kinesis payload is not @Valid.
    assertThat(failures(response)).hasSize(1);
  }

  @Test
  void kinesisDeadlineReportsTheFirstUnstartedRecordOnly() {
    String event = event(
        kinesisRecord("301", base64(payment("k1", "sleep-600"))),
        kinesisRecord("302", base64(payment("k2", "ok"))),
        kinesisRecord("303", base64(payment("k3", "ok"))));
    JsonNode response = invoke(new DocumentedHandlers_KinesisKinesisHandler(), event, TestContext.withRemainingMillis(1400));
    assertThat(failures(response)).containsExactly("302");
    assertThat(ran()).containsExactly("kinesis k1");
  }

  @Test
  void sqsOrDynamoDbEventsFailAKinesisEntry() {
    for (String wrong : List.of(Events.json("sqs-event.json"), Events.json("dynamodb-event.json"), "{}", "{\"Records\":[]}")) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      assertThatThrownBy(() -> new DocumentedHandlers_KinesisKinesisHandler().handleRequest(
          new ByteArrayInputStream(wrong.getBytes(StandardCharsets.UTF_8)), out, TestContext.create()))
          .isInstanceOf(IllegalArgumentException.class);
      assertThat(out.size()).isZero();
    }
  }

  @Test
  void newImageFixtureSkipsTheTimeToLiveDeleteAndCountsIt() {
    DocumentedEvents.Log log = DocumentedEvents.logging(Map.of(), () ->
        assertThat(failures(invoke(new DocumentedHandlers_DynamoDynamoDbStreamHandler(), Events.json("dynamodb-new-image-event.json"))))
            .isEmpty()).rethrow();
    assertThat(ran()).containsExactly("dynamo ord-3", "dynamo ord-3");
    JsonNode summary = log.summary();
    assertThat(summary.get("skipped_without_image").asInt()).isEqualTo(1);
    assertThat(summary.get("succeeded").asInt()).isEqualTo(2);
    assertThat(summary.get("failed").asInt()).isZero();
    List<JsonNode> skips = log.lines().stream()
        .filter(line -> line.path("message").asText().contains("e4da3b7fbbce2345d7772b0674a318d5")
            && line.path("message").asText().contains("skipped"))
        .toList();
    assertThat(skips).hasSize(1);
    assertThat(skips.get(0).get("level").asText()).isEqualTo("INFO");
    assertThat(skips.get(0).get("message").asText()).contains("REMOVE").contains("NEW_IMAGE");
  }

  @Test
  void keysOnlyStreamDeletesAndInsertsNeverBlockTheShard() {
    String event = event(
        dynamoRecord("e1", "INSERT", "401", "KEYS_ONLY", KEYS, null, null),
        dynamoRecord("e2", "REMOVE", "402", "KEYS_ONLY", KEYS, null, null),
        dynamoRecord("e3", "INSERT", "403", "NEW_AND_OLD_IMAGES", KEYS, image("d3"), null),
        dynamoRecord("e4", "REMOVE", "404", "NEW_AND_OLD_IMAGES", KEYS, null, image("d4")),
        dynamoRecord("e5", "INSERT", "405", "OLD_IMAGE", KEYS, null, null),
        dynamoRecord("e6", "MODIFY", "406", "NEW_IMAGE", KEYS, image("d6"), null));
    DocumentedEvents.Log log = DocumentedEvents.logging(Map.of(), () ->
        assertThat(failures(invoke(new DocumentedHandlers_DynamoDynamoDbStreamHandler(), event))).isEmpty()).rethrow();
    assertThat(ran()).containsExactly("dynamo d3", "dynamo d4", "dynamo d6");
    assertThat(log.summary().get("skipped_without_image").asInt()).isEqualTo(3);
    assertThat(log.summary().get("succeeded").asInt()).isEqualTo(3);
  }

  @Test
  void aMalformedImageFailsOnlyItselfAtItsSequenceNumber() {
    for (String bad : List.of(
        "{\"id\":{\"S\":\"x\"},\"total\":{\"N\":\"twelve\"}}",
        "{\"id\":{\"S\":\"x\"},\"total\":{\"Q\":\"1\"}}",
        "{\"id\":{\"S\":\"x\"},\"total\":{\"N\":\"1\",\"S\":\"1\"}}",
        "{\"id\":{\"S\":\"x\"},\"tags\":{\"L\":{\"S\":\"1\"}}}",
        "\"not an item\"",
        "[1,2]")) {
      DocumentedHandlers.EFFECTS.clear();
      String event = event(
          dynamoRecord("e1", "INSERT", "501", "NEW_IMAGE", KEYS, image("d1"), null),
          dynamoRecord("e2", "MODIFY", "502", "NEW_IMAGE", KEYS, bad, null),
          dynamoRecord("e3", "INSERT", "503", "NEW_IMAGE", KEYS, image("d3"), null));
      assertThat(failures(invoke(new DocumentedHandlers_DynamoDynamoDbStreamHandler(), event))).as(bad).containsExactly("502");
      assertThat(ran()).as(bad).containsExactly("dynamo d1");
      DocumentedHandlers.EFFECTS.clear();
      assertThat(failures(invoke(new DocumentedHandlers_ChangesDynamoDbStreamHandler(), event))).as(bad).containsExactly("502");
      assertThat(DocumentedHandlers.EFFECTS).as(bad).hasSize(1);
    }
  }

  @Test
  void aMalformedOldImageOfARemoveFailsAtItsSequenceNumber() {
    String event = event(
        dynamoRecord("e1", "REMOVE", "601", "NEW_AND_OLD_IMAGES", KEYS, null, "{\"id\":{\"N\":\"x\"}}"),
        dynamoRecord("e2", "INSERT", "602", "NEW_AND_OLD_IMAGES", KEYS, image("d2"), null));
    assertThat(failures(invoke(new DocumentedHandlers_DynamoDynamoDbStreamHandler(), event))).containsExactly("601");
    assertThat(ran()).isEmpty();
  }

  @Test
  void dynamoDbChangeReceivesEveryRecordWithItsKeys() {
    String event = event(
        dynamoRecord("e1", "REMOVE", "701", "KEYS_ONLY", "{\"id\":{\"S\":\"k1\"},\"n\":{\"N\":\"7\"}}", null, null),
        dynamoRecord("e2", "INSERT", "702", "NEW_IMAGE", KEYS, image("d2"), null));
    assertThat(failures(invoke(new DocumentedHandlers_ChangesDynamoDbStreamHandler(), event))).isEmpty();
    assertThat(DocumentedHandlers.EFFECTS).containsExactly(
        "changes REMOVE {id=k1, n=7} old=null new=null", "changes INSERT {id=k} old=null new=d2");
  }

  @Test
  void aDynamoDbFailureStopsTheShardAndNothingAfterItRuns() {
    String event = event(
        dynamoRecord("e1", "INSERT", "801", "NEW_IMAGE", KEYS, image("d1"), null),
        dynamoRecord("e2", "REMOVE", "802", "NEW_IMAGE", KEYS, null, null),
        dynamoRecord("e3", "INSERT", "803", "NEW_IMAGE", KEYS,
            "{\"id\":{\"S\":\"d3\"},\"action\":{\"S\":\"fail\"}}", null),
        dynamoRecord("e4", "INSERT", "804", "NEW_IMAGE", KEYS, image("d4"), null));
    DocumentedEvents.Log log = DocumentedEvents.logging(Map.of(), () ->
        assertThat(failures(invoke(new DocumentedHandlers_DynamoDynamoDbStreamHandler(), event))).containsExactly("803"))
        .rethrow();
    assertThat(ran()).containsExactly("dynamo d1", "dynamo d3");
    JsonNode summary = log.summary();
    assertThat(summary.get("skipped_without_image").asInt()).isEqualTo(1);
    assertThat(summary.get("skipped_after_failure").asInt()).isEqualTo(1);
  }

  /** "processing stops at the first failed record and its sequence number is reported ... nothing after it runs twice". */
  @Test
  void aRecordThatThrowsAnErrorIsReportedAtItsSequenceNumber() {
    String event = event(
        kinesisRecord("901", base64(payment("k1", "ok"))),
        kinesisRecord("902", base64(payment("k2", "overflow"))),
        kinesisRecord("903", base64(payment("k3", "ok"))));
    DocumentedEvents.Log log = DocumentedEvents.logging(Map.of(), () ->
        assertThat(failures(invoke(new DocumentedHandlers_KinesisKinesisHandler(), event))).containsExactly("902"));
    assertThat(log.thrown()).as("the invocation must not fail, or Lambda retries the batch and k1 runs again").isNull();
  }

  @Test
  void skippedRecordsAreAMetricNotSuccesses() {
    DocumentedEvents.Log log = DocumentedEvents.logging(Map.of("KINDLING_METRICS_NAMESPACE", "DocumentedEvents"), () ->
        invoke(new DocumentedHandlers_DynamoDynamoDbStreamHandler(), Events.json("dynamodb-new-image-event.json"))).rethrow();
    JsonNode emf = log.lines().stream().filter(line -> line.has("_aws")).findFirst().orElseThrow();
    assertThat(emf.get("BatchRecordsSkippedWithoutImage").asInt()).isEqualTo(1);
    assertThat(emf.get("BatchRecordsSucceeded").asInt()).isEqualTo(2);
    assertThat(emf.get("BatchRecords").asInt()).isEqualTo(3);
  }
}
