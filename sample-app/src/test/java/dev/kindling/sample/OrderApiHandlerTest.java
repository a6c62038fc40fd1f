package dev.kindling.sample;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kindling.test.Events;
import dev.kindling.test.TestContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The generated {@code OrderApi_HttpHandler} on the events API Gateway and Function URLs send. */
class OrderApiHandlerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final OrderApi_HttpHandler handler = new OrderApi_HttpHandler();

  private JsonNode invoke(ObjectNode event) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(
        new ByteArrayInputStream(Events.text(event).getBytes(StandardCharsets.UTF_8)), out, TestContext.create());
    return JSON.readTree(out.toByteArray());
  }

  private static JsonNode body(JsonNode response) throws IOException {
    return JSON.readTree(response.get("body").asText());
  }

  private static ObjectNode createEvent(String idempotencyKey) {
    ObjectNode event = Events.tree("apigw-http-v2.json");
    ((ObjectNode) event.get("headers")).put("idempotency-key", idempotencyKey);
    return event;
  }

  @Test
  void createThenReadAnOrderAcrossEventShapes() throws IOException {
    JsonNode created = invoke(createEvent(UUID.randomUUID().toString()));
    assertThat(created.get("statusCode").asInt()).isEqualTo(201);
    JsonNode order = body(created);
    assertThat(order.get("customerId").asText()).isEqualTo("c-42");
    assertThat(order.get("total").decimalValue()).isEqualByComparingTo("25.00");
    assertThat(order.get("status").asText()).isEqualTo("NEW");

    ObjectNode get = Events.tree("apigw-rest-v1.json");
    get.put("path", "/orders/" + order.get("id").asText());
    JsonNode read = invoke(get);
    assertThat(read.get("statusCode").asInt()).isEqualTo(200);
    assertThat(body(read).get("id").asText()).isEqualTo(order.get("id").asText());

    JsonNode list = invoke(Events.tree("function-url.json"));
    assertThat(list.get("statusCode").asInt()).isEqualTo(200);
    assertThat(body(list).findValuesAsText("customerId")).isNotEmpty().allMatch("c-42"::equals);
  }

  @Test
  void replayedCreateReturnsTheStoredOrderWithoutCreatingAnother() throws IOException {
    String key = UUID.randomUUID().toString();
    JsonNode first = invoke(createEvent(key));
    JsonNode replay = invoke(createEvent(key));
    assertThat(replay.get("statusCode").asInt()).isEqualTo(201);
    assertThat(body(replay).get("id").asText()).isEqualTo(body(first).get("id").asText());
    assertThat(replay.at("/headers/idempotent-replayed").asText()).isEqualTo("true");
    assertThat(first.at("/headers/idempotent-replayed").isMissingNode()).isTrue();

    JsonNode other = invoke(createEvent(UUID.randomUUID().toString()));
    assertThat(body(other).get("id").asText()).isNotEqualTo(body(first).get("id").asText());
  }

  @Test
  void sameKeyWithAnotherBodyIs422() throws IOException {
    String key = UUID.randomUUID().toString();
    invoke(createEvent(key));
    ObjectNode changed = createEvent(key);
    changed.put("body", "{\"customerId\":\"c-99\",\"lines\":[{\"sku\":\"PEN\",\"quantity\":1,\"unitPrice\":1}]}");
    JsonNode response = invoke(changed);
    assertThat(response.get("statusCode").asInt()).isEqualTo(422);
    assertThat(body(response).get("detail").asText()).contains("different request");
  }

  @Test
  void createWithoutIdempotencyKeyIs400() throws IOException {
    JsonNode response = invoke(Events.tree("apigw-http-v2.json"));
    assertThat(response.get("statusCode").asInt()).isEqualTo(400);
    assertThat(body(response).at("/violations/0/field").asText()).isEqualTo("Idempotency-Key");
  }

  @Test
  void invalidOrderListsEveryViolation() throws IOException {
    ObjectNode event = Events.tree("apigw-http-v2.json");
    event.put("body", "{\"customerId\":\"\",\"lines\":[{\"sku\":\"A\",\"quantity\":0,\"unitPrice\":-1}]}");
    JsonNode response = invoke(event);
    assertThat(response.get("statusCode").asInt()).isEqualTo(400);
    assertThat(response.at("/headers/content-type").asText()).isEqualTo("application/problem+json");
    assertThat(body(response).get("violations").findValuesAsText("field"))
        .containsExactly("customerId", "lines[0].quantity", "lines[0].unitPrice");
  }

  @Test
  void aBodyMarkedBase64ThatIsNotIs400WithTheCorrelationId() throws IOException {
    ObjectNode event = createEvent(UUID.randomUUID().toString());
    event.put("isBase64Encoded", true);
    event.put("body", "{not base64}");
    ((ObjectNode) event.get("headers")).put("x-correlation-id", "corr-42");
    JsonNode response = invoke(event);
    assertThat(response.get("statusCode").asInt()).isEqualTo(400);
    assertThat(response.at("/headers/content-type").asText()).isEqualTo("application/problem+json");
    assertThat(response.at("/headers/x-correlation-id").asText()).isEqualTo("corr-42");
  }

  @Test
  void createWithoutABodyIs400() throws IOException {
    ObjectNode event = createEvent(UUID.randomUUID().toString());
    event.remove("body");
    JsonNode response = invoke(event);
    assertThat(response.get("statusCode").asInt()).isEqualTo(400);
    assertThat(body(response).get("detail").asText()).isEqualTo("The request body is required");
  }

  @Test
  void missingOrderIs404Problem() throws IOException {
    ObjectNode get = Events.tree("apigw-rest-v1.json");
    get.put("path", "/orders/nope");
    JsonNode response = invoke(get);
    assertThat(response.get("statusCode").asInt()).isEqualTo(404);
    assertThat(body(response).get("detail").asText()).isEqualTo("Order nope does not exist");
  }

  @Test
  void badLimitIs400() throws IOException {
    ObjectNode list = Events.tree("function-url.json");
    ((ObjectNode) list.get("queryStringParameters")).put("limit", "lots");
    JsonNode response = invoke(list);
    assertThat(response.get("statusCode").asInt()).isEqualTo(400);
    assertThat(body(response).at("/violations/0/field").asText()).isEqualTo("limit");
  }
}
