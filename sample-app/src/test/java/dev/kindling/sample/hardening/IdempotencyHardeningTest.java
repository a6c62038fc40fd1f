package dev.kindling.sample.hardening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kindling.runtime.idempotency.IdempotencyException;
import dev.kindling.runtime.logging.KindlingLogging;
import dev.kindling.test.Events;
import dev.kindling.test.TestContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code @Idempotent} through the generated entries, reviewed as a payments team would: a key
 * never replays another request's result, a side effect never runs twice because of a failure
 * after it, and a missing key is never a shared key.
 */
class IdempotencyHardeningTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @BeforeEach
  void clearEffects() {
    Ledger.EFFECTS.clear();
  }

  @Test
  void theSameKeyOnAnotherAccountIsRejectedNotReplayed() throws IOException {
    String key = UUID.randomUUID().toString();
    JsonNode first = http("POST", "/accounts/A/charges", key, "{\"amount\":10}");
    JsonNode second = http("POST", "/accounts/B/charges", key, "{\"amount\":10}");

    assertThat(first.get("statusCode").asInt()).isEqualTo(201);
    assertThat(second.get("statusCode").asInt()).as("B must not get A's receipt").isEqualTo(422);
    assertThat(second.get("body").asText()).doesNotContain("\"account\"");
    assertThat(Ledger.EFFECTS).containsExactly("charge A 10");
  }

  @Test
  void aBodylessRouteValidatesItsPathParameters() throws IOException {
    String key = UUID.randomUUID().toString();
    assertThat(http("POST", "/orders/1/cancel", key, null).get("statusCode").asInt()).isEqualTo(200);
    JsonNode replay = http("POST", "/orders/1/cancel", key, null);
    JsonNode other = http("POST", "/orders/2/cancel", key, null);

    assertThat(replay.get("statusCode").asInt()).isEqualTo(200);
    assertThat(replay.get("headers").get("idempotent-replayed").asText()).isEqualTo("true");
    assertThat(other.get("statusCode").asInt()).as("order 2 is not cancelled by order 1's key").isEqualTo(422);
    assertThat(Ledger.EFFECTS).containsExactly("cancel 1");
  }

  @Test
  void overloadsOnTwoRoutesHaveKeysOfTheirOwn() throws IOException {
    String key = UUID.randomUUID().toString();
    JsonNode account = http("POST", "/accounts/A/charges", key, "{\"amount\":5}");
    JsonNode plain = http("POST", "/charges", key, "{\"amount\":5}");

    assertThat(account.get("statusCode").asInt()).isEqualTo(201);
    assertThat(plain.get("statusCode").asInt()).isEqualTo(201);
    assertThat(plain.path("headers").has("idempotent-replayed")).isFalse();
    assertThat(Ledger.EFFECTS).containsExactly("charge A 5", "charge default 5");
  }

  @Test
  void aResultThatCannotBeWrittenDoesNotRunTheRouteAgain() throws IOException {
    String key = UUID.randomUUID().toString();
    JsonNode first = http("POST", "/exports", key, "{\"id\":\"e-1\"}");
    JsonNode retry = http("POST", "/exports", key, "{\"id\":\"e-1\"}");

    assertThat(first.get("statusCode").asInt()).isEqualTo(500);
    assertThat(retry.get("statusCode").asInt()).isEqualTo(500);
    assertThat(retry.get("body").asText()).doesNotContain("not writable").doesNotContain("Exception");
    assertThat(Ledger.EFFECTS).containsExactly("export e-1");
  }

  @Test
  void aFunctionResultThatCannotBeWrittenDoesNotRunTheFunctionAgain() {
    String payload = "{\"id\":\"" + UUID.randomUUID() + "\"}";
    Ledger_ExportDirectFunctionHandler handler = new Ledger_ExportDirectFunctionHandler();
    assertThatThrownBy(() -> invoke(handler, payload)).isNotInstanceOf(IdempotencyException.class);
    assertThatThrownBy(() -> invoke(handler, payload))
        .isInstanceOfSatisfying(
            IdempotencyException.class,
            e -> assertThat(e.reason().name()).isEqualTo("RESULT_UNAVAILABLE"));
    assertThat(Ledger.EFFECTS).hasSize(1);
  }

  @Test
  void compositeKeysWithMissingPartsAreRecordFailuresNotSharedKeys() throws IOException {
    ObjectNode event = sqsEvent(
        message("m-1", "{\"customer\":{\"id\":null},\"orderId\":null}"),
        message("m-2", "{\"customer\":{\"id\":null},\"orderId\":null}"),
        message("m-3", "{\"orderId\":\"o-3\"}"),
        message("m-4", "{\"customer\":{\"id\":\"c-1\"},\"orderId\":\"o-4\"}"));
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    OutputStream stdout = KindlingLogging.redirectOutput(log);
    JsonNode response;
    try {
      response = invoke(new Ledger_ChargeQueuedSqsHandler(), Events.text(event));
    } finally {
      KindlingLogging.redirectOutput(stdout);
    }

    assertThat(response.get("batchItemFailures").findValuesAsText("itemIdentifier")).containsExactly("m-1", "m-2", "m-3");
    assertThat(Ledger.EFFECTS).containsExactly("queued o-4");
    String lines = log.toString(StandardCharsets.UTF_8);
    assertThat(lines).contains("The idempotency key is missing: 'customer.id' has no value").doesNotContain("NullPointerException");
  }

  @Test
  void aRedeliveredRawMessageIsADuplicateNotAnotherPayload() throws IOException {
    String messageId = UUID.randomUUID().toString();
    ObjectNode first = message(messageId, "{\"orderId\":\"o-9\"}");
    ObjectNode redelivery = first.deepCopy();
    redelivery.put("receiptHandle", "AQEB-second-receipt");
    ((ObjectNode) redelivery.get("attributes")).put("ApproximateReceiveCount", "2");
    ((ObjectNode) redelivery.get("attributes")).put("ApproximateFirstReceiveTimestamp", "1773119799000");

    JsonNode one = invoke(new Ledger_ChargeRawSqsHandler(), Events.text(sqsEvent(first)));
    JsonNode two = invoke(new Ledger_ChargeRawSqsHandler(), Events.text(sqsEvent(redelivery)));

    assertThat(one.get("batchItemFailures")).isEmpty();
    assertThat(two.get("batchItemFailures")).as("a duplicate, not a payload mismatch").isEmpty();
    assertThat(Ledger.EFFECTS).containsExactly("raw {\"orderId\":\"o-9\"}");
  }

  private static JsonNode http(String method, String path, String idempotencyKey, String body) throws IOException {
    ObjectNode event = Events.tree("apigw-http-v2.json");
    event.put("rawPath", path);
    ((ObjectNode) event.get("requestContext").get("http")).put("method", method).put("path", path);
    ((ObjectNode) event.get("headers")).put("idempotency-key", idempotencyKey);
    if (body == null) {
      event.remove("body");
    } else {
      event.put("body", body);
    }
    return invoke(new Ledger_HttpHandler(), Events.text(event));
  }

  private static JsonNode invoke(com.amazonaws.services.lambda.runtime.RequestStreamHandler handler, String event)
      throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, TestContext.create());
    return JSON.readTree(out.toByteArray());
  }

  private static ObjectNode sqsEvent(ObjectNode... messages) {
    ObjectNode event = JSON.createObjectNode();
    ArrayNode records = event.putArray("Records");
    for (ObjectNode message : messages) {
      records.add(message);
    }
    return event;
  }

  private static ObjectNode message(String messageId, String body) {
    ObjectNode message = Events.tree("sqs-event.json").get("Records").get(0).deepCopy();
    message.put("messageId", messageId);
    message.put("body", body);
    return message;
  }
}
