package dev.kindling.sample.documented;

import static dev.kindling.sample.documented.DocumentedSupport.failures;
import static dev.kindling.sample.documented.DocumentedSupport.invoke;
import static dev.kindling.sample.documented.DocumentedSupport.message;
import static dev.kindling.sample.documented.DocumentedSupport.sqsEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kindling.runtime.idempotency.IdempotencyException;
import dev.kindling.test.Events;
import dev.kindling.test.TestContext;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code @Idempotent} on SQS consumers and functions. */
class DocumentedBatchIdempotencyTest {
  @BeforeEach
  void reset() {
    DocumentedEffects.reset();
  }

  private static String charge(String orderId) {
    return "{\"customer\":{\"id\":\"c-1\"},\"orderId\":\"" + orderId + "\"}";
  }

  private static String id() {
    return UUID.randomUUID().toString();
  }

  @Test
  void aRedeliveryAndADuplicateSendAreNotRunTwice() {
    String order = "o-" + id();
    String messageId = id();
    JsonNode first = invoke(new DocumentedQueue_ChargeSqsHandler(), Events.text(sqsEvent(message(messageId, charge(order)))));
    JsonNode redelivery = invoke(new DocumentedQueue_ChargeSqsHandler(), Events.text(sqsEvent(message(messageId, charge(order)))));
    JsonNode resent = invoke(new DocumentedQueue_ChargeSqsHandler(), Events.text(sqsEvent(message(id(), charge(order)))));
    assertThat(failures(first)).isEmpty();
    assertThat(failures(redelivery)).isEmpty();
    assertThat(failures(resent)).isEmpty();
    assertThat(DocumentedEffects.EFFECTS).containsExactly("queued " + order);
  }

  @Test
  void theSameKeyWithAnotherPayloadIsARecordFailureNotASkip() {
    String order = "o-" + id();
    invoke(new DocumentedQueue_ChargeSqsHandler(), Events.text(sqsEvent(message(id(), charge(order)))));
    String other = id();
    JsonNode response = invoke(new DocumentedQueue_ChargeSqsHandler(), Events.text(sqsEvent(
        message(other, "{\"customer\":{\"id\":\"c-2\"},\"orderId\":\"" + order + "\"}"))));
    assertThat(failures(response)).containsExactly(other);
    assertThat(DocumentedEffects.EFFECTS).hasSize(1);
  }

  @Test
  void aRecordThatThrowsIsRetriedAndThenRuns() {
    String order = "o-" + id();
    String messageId = id();
    DocumentedEffects.FAIL_ONCE.add(order);
    JsonNode first = invoke(new DocumentedQueue_ChargeSqsHandler(), Events.text(sqsEvent(message(messageId, charge(order)))));
    assertThat(failures(first)).containsExactly(messageId);
    JsonNode retry = invoke(new DocumentedQueue_ChargeSqsHandler(), Events.text(sqsEvent(message(messageId, charge(order)))));
    assertThat(failures(retry)).isEmpty();
    assertThat(DocumentedEffects.EFFECTS).containsExactly("queued " + order);
  }

  @Test
  void concurrentDeliveriesInTwoInvocationsRunOnce() throws Exception {
    String order = "o-" + id();
    CountDownLatch gate = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(1);
    DocumentedEffects.GATES.put(order, gate);
    DocumentedEffects.STARTED.put(order, started);
    String first = id();
    CompletableFuture<JsonNode> running = CompletableFuture.supplyAsync(
        () -> invoke(new DocumentedQueue_ChargeSqsHandler(), Events.text(sqsEvent(message(first, charge(order))))));
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
    String second = id();
    JsonNode duplicate = invoke(new DocumentedQueue_ChargeSqsHandler(), Events.text(sqsEvent(message(second, charge(order)))));
    gate.countDown();
    assertThat(failures(duplicate)).as("in progress: retried later").containsExactly(second);
    assertThat(failures(running.get(10, TimeUnit.SECONDS))).isEmpty();
    assertThat(DocumentedEffects.EFFECTS).containsExactly("queued " + order);
  }

  @Test
  void aMessageDeliveredTwiceInOneBatchRunsOnceAndIsReportedAtMostOnce() {
    String messageId = id();
    String order = "o-" + id();
    JsonNode response = invoke(new DocumentedQueue_ByMessageSqsHandler(),
        Events.text(sqsEvent(message(messageId, charge(order)), message(messageId, charge(order)))));
    assertThat(failures(response)).hasSizeLessThanOrEqualTo(1);
    assertThat(DocumentedEffects.EFFECTS).containsExactly("by message " + order);
  }

  @Test
  void compositeKeysWithMissingPartsFailTheirRecordOnly() {
    String a = id();
    String b = id();
    String c = id();
    String d = id();
    JsonNode response = invoke(new DocumentedQueue_CompositeSqsHandler(), Events.text(sqsEvent(
        message(a, "{\"orderId\":\"o-1\"}"),
        message(b, "{\"customer\":{\"id\":\"\"},\"orderId\":\"o-1\"}"),
        message(c, "{\"customer\":{\"id\":\"c-1\"}}"),
        message(d, "{\"customer\":{\"id\":\"c-1\"},\"orderId\":\"o-" + d + "\"}"))));
    assertThat(failures(response)).containsExactly(a, b, c);
    assertThat(DocumentedEffects.EFFECTS).containsExactly("composite o-" + d);
  }

  @Test
  void aRawMessageRedeliveryIsADuplicateButChangedAttributesAreNot() {
    String messageId = id();
    ObjectNode first = message(messageId, "{\"orderId\":\"raw-1\"}");
    ObjectNode redelivery = first.deepCopy();
    redelivery.put("receiptHandle", "AQEB-another");
    ((ObjectNode) redelivery.get("attributes")).put("ApproximateReceiveCount", "3");
    ObjectNode tampered = first.deepCopy();
    ((ObjectNode) tampered.get("messageAttributes").get("correlation_id")).put("stringValue", "other");

    assertThat(failures(invoke(new DocumentedQueue_RawSqsHandler(), Events.text(sqsEvent(first))))).isEmpty();
    assertThat(failures(invoke(new DocumentedQueue_RawSqsHandler(), Events.text(sqsEvent(redelivery))))).isEmpty();
    assertThat(failures(invoke(new DocumentedQueue_RawSqsHandler(), Events.text(sqsEvent(tampered))))).containsExactly(messageId);
    assertThat(DocumentedEffects.EFFECTS).containsExactly("raw {\"orderId\":\"raw-1\"}");
  }

  /**
   * The claim must last while the method runs ("the claim expires with the invocation's remaining
   * time"), whatever the expiry of the completed result.
   */
  @Test
  void aClaimOutlivesAnExpiryShorterThanTheMethod() throws Exception {
    String order = "o-" + id();
    String body = "{\"orderId\":\"" + order + "\",\"sleepMillis\":2500}";
    CompletableFuture<JsonNode> running = CompletableFuture.supplyAsync(
        () -> invoke(new DocumentedQueue_ShortExpirySqsHandler(), Events.text(sqsEvent(message(id(), body)))));
    Thread.sleep(1_600);
    String duplicate = id();
    JsonNode second = invoke(new DocumentedQueue_ShortExpirySqsHandler(), Events.text(sqsEvent(message(duplicate, body))),
        TestContext.withRemainingMillis(30_000));
    running.get(10, TimeUnit.SECONDS);
    assertThat(DocumentedEffects.EFFECTS).as("a duplicate ran while the first was still running").containsExactly("short start " + order);
    assertThat(failures(second)).containsExactly(duplicate);
  }

  /** Two beans with the same simple name in two packages, consuming the same fan-out. */
  @Test
  void twoConsumersWithTheSameSimpleNameInOtherPackagesBothRun() {
    String body = "{\"orderId\":\"fan-" + id() + "\"}";
    JsonNode billing = invoke(new dev.kindling.sample.documented.billing.Fulfilment_HandleSqsHandler(),
        Events.text(sqsEvent(message(id(), body))));
    JsonNode shipping = invoke(new dev.kindling.sample.documented.shipping.Fulfilment_HandleSqsHandler(),
        Events.text(sqsEvent(message(id(), body))));
    assertThat(failures(billing)).isEmpty();
    assertThat(failures(shipping)).isEmpty();
    assertThat(DocumentedEffects.EFFECTS).as("shipping must not be skipped as billing's duplicate").hasSize(2);
  }

  // ---- functions

  @Test
  void aFunctionKeyedByItsWholePayloadIgnoresPropertyOrder() {
    String order = "o-" + id();
    invoke(new DocumentedQueue_WholeMapFunctionHandler(), "{\"orderId\":\"" + order + "\",\"amount\":5}");
    invoke(new DocumentedQueue_WholeMapFunctionHandler(), "{\"amount\":5,\"orderId\":\"" + order + "\"}");
    assertThat(DocumentedEffects.EFFECTS).as("the same payload is the same key").containsExactly("map " + order);
  }

  @Test
  void aFunctionReplaysJavaTimeExactly() throws Exception {
    String payload = "{\"id\":\"b-" + id() + "\",\"at\":\"2026-03-10T05:16:23.123Z\",\"local\":\"2026-03-10T06:16:23+05:30\","
        + "\"every\":\"PT1H30M\",\"memo\":\"m\"}";
    JsonNode first = invoke(new DocumentedQueue_BookFunctionHandler(), payload);
    JsonNode replay = invoke(new DocumentedQueue_BookFunctionHandler(), payload);
    assertThat(first.get("local").asText()).isEqualTo("2026-03-10T06:16:23+05:30");
    assertThat(first.get("every").asText()).isEqualTo("PT1H30M");
    assertThat(replay).isEqualTo(first);
    assertThat(DocumentedEffects.EFFECTS).hasSize(1);
  }

  @Test
  void aFunctionThatThrowsIsRunAgainOnRetry() {
    String id = "b-" + id();
    DocumentedEffects.FAIL_ONCE.add(id);
    String payload = "{\"id\":\"" + id + "\"}";
    assertThatThrownBy(() -> invoke(new DocumentedQueue_FailingBookFunctionHandler(), payload))
        .hasMessageContaining("provider down");
    invoke(new DocumentedQueue_FailingBookFunctionHandler(), payload);
    invoke(new DocumentedQueue_FailingBookFunctionHandler(), payload);
    assertThat(DocumentedEffects.EFFECTS).containsExactly("failing book " + id);
  }

  @Test
  void aFunctionWithAMissingKeyFailsAndNeverShares() {
    assertThatThrownBy(() -> invoke(new DocumentedQueue_BookFunctionHandler(), "{\"id\":null}"))
        .isInstanceOfSatisfying(IdempotencyException.class, e -> assertThat(e.reason().name()).isEqualTo("KEY_MISSING"));
    assertThatThrownBy(() -> invoke(new DocumentedQueue_BookFunctionHandler(), "{}"))
        .isInstanceOf(IdempotencyException.class);
    assertThat(DocumentedEffects.EFFECTS).isEmpty();
  }
}
