package ${package};

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kindling.test.Events;
import dev.kindling.test.TestContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Feeds the generated entries the events AWS sends. */
class GreetingsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode invoke(com.amazonaws.services.lambda.runtime.RequestStreamHandler handler, ObjectNode event)
      throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(
        new ByteArrayInputStream(Events.text(event).getBytes(StandardCharsets.UTF_8)), out, TestContext.create());
    return JSON.readTree(out.toByteArray());
  }

  @Test
  void greetsByPath() throws Exception {
    ObjectNode event = Events.tree("apigw-http-v2.json");
    event.put("rawPath", "/greetings/Ada");
    ((ObjectNode) event.at("/requestContext/http")).put("method", "GET");
    JsonNode response = invoke(new Greetings_HttpHandler(), event);
    assertEquals(200, response.get("statusCode").asInt());
    assertEquals("Hello, Ada!", JSON.readTree(response.get("body").asText()).get("name").asText());
  }

  @Test
  void reportsOnlyTheInvalidMessage() throws Exception {
    ObjectNode event = Events.tree("sqs-event.json");
    ArrayNode records = (ArrayNode) event.get("Records");
    ((ObjectNode) records.get(0)).put("body", "{\"name\":\"Grace\"}");
    ((ObjectNode) records.get(1)).put("body", "{\"name\":\"\"}");
    ArrayNode two = JSON.createArrayNode().add(records.get(0)).add(records.get(1));
    event.set("Records", two);
    JsonNode response = invoke(new Greetings_WelcomeSqsHandler(), event);
    List<String> failed = response.get("batchItemFailures").findValuesAsText("itemIdentifier");
    assertEquals(List.of(records.get(1).get("messageId").asText()), failed);
  }
}
