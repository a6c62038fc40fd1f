package dev.kindling.sample;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.kindling.runtime.internal.Beans;
import dev.kindling.test.Events;
import dev.kindling.test.TestContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The sample's generated queue and stream entries on the events AWS sends. */
class BatchHandlersTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static List<String> failures(RequestStreamHandler handler, ObjectNode event) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(
        new ByteArrayInputStream(Events.text(event).getBytes(StandardCharsets.UTF_8)), out, TestContext.create());
    JsonNode response = JSON.readTree(out.toByteArray());
    return response.get("batchItemFailures").findValuesAsText("itemIdentifier");
  }

  @Test
  void chargeReportsPoisonAndTransientFailuresOnly() throws IOException {
    ObjectNode event = Events.tree("sqs-event.json");
    ArrayNode records = (ArrayNode) event.get("Records");
    String[] bodies = {
      "{\"orderId\":\"t-1\",\"customerId\":\"c-1\",\"amount\":10}",
      "{\"orderId\":\"t-2\",\"customerId\":\"flaky-2\",\"amount\":20}",
      "{\"orderId\":\"t-3\",\"customerId\":\"c-3\",\"amount\":\"ten\"}",
      "{\"orderId\":\"t-4\",\"customerId\":\"c-4\",\"amount\":-4}",
      "{\"orderId\":\"t-5\",\"customerId\":\"c-5\",\"amount\":50}"
    };
    for (int i = 0; i < bodies.length; i++) {
      ((ObjectNode) records.get(i)).put("body", bodies[i]);
    }
    OrderCharging_ChargeSqsHandler handler = new OrderCharging_ChargeSqsHandler();
    PaymentGateway payments = Beans.get(PaymentGateway.class);

    assertThat(failures(handler, event))
        .containsExactly(
            records.get(1).get("messageId").asText(),
            records.get(2).get("messageId").asText(),
            records.get(3).get("messageId").asText());
    assertThat(payments.charges()).contains("t-1", "t-5").doesNotContain("t-2", "t-3", "t-4");

    // Lambda redelivers only the failed ones; the transient failure now succeeds.
    ArrayNode retried = JSON.createArrayNode();
    retried.add(records.get(1)).add(records.get(2)).add(records.get(3));
    event.set("Records", retried);
    assertThat(failures(handler, event))
        .containsExactly(records.get(2).get("messageId").asText(), records.get(3).get("messageId").asText());
    assertThat(payments.charges()).containsOnlyOnce("t-1", "t-2", "t-5");
  }

  @Test
  void aDuplicateChargeMessageChargesOnce() throws IOException {
    ObjectNode event = Events.tree("sqs-event.json");
    ArrayNode records = (ArrayNode) event.get("Records");
    ArrayNode duplicates = JSON.createArrayNode();
    for (int i = 0; i < 2; i++) {
      ObjectNode record = (ObjectNode) records.get(i);
      record.put("body", "{\"orderId\":\"dup-1\",\"customerId\":\"c-1\",\"amount\":10}");
      duplicates.add(record);
    }
    event.set("Records", duplicates);
    OrderCharging_ChargeSqsHandler handler = new OrderCharging_ChargeSqsHandler();
    assertThat(failures(handler, event)).isEmpty();
    assertThat(failures(handler, event)).isEmpty();
    assertThat(Beans.get(PaymentGateway.class).charges()).containsOnlyOnce("dup-1");
  }

  @Test
  void clicksStopAtTheFirstBadRecord() throws IOException {
    ClickCounter_CountKinesisHandler handler = new ClickCounter_CountKinesisHandler();
    ObjectNode event = Events.tree("kinesis-event.json");
    List<String> failures = failures(handler, event);
    assertThat(failures).containsExactly(event.at("/Records/2/kinesis/sequenceNumber").asText());
    assertThat(Beans.get(ClickCounter.class).views()).containsKeys("/home", "/cart").doesNotContainKey("/pay");
  }

  @Test
  void orderChangesNotifyCustomers() throws IOException {
    OrderNotifications_OrderChangedDynamoDbStreamHandler handler = new OrderNotifications_OrderChangedDynamoDbStreamHandler();
    assertThat(failures(handler, Events.tree("dynamodb-event.json"))).isEmpty();
    assertThat(Beans.get(OrderNotifications.class).sent())
        .containsSubsequence("Order ord-1 received", "Order ord-1 is now CHARGED", "Order ord-2 was deleted");
  }
}
