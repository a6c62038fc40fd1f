package dev.kindling.sample.documented.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kindling.test.Events;
import dev.kindling.test.TestContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The README: "No problem echoes what the client sent" and "A map key in a path is the client's data and is written
 * <key>". A failed container-element constraint under a map key is a 400 whose violation names the field.
 */
class FaultValidationPathTest {
  @Test
  void aFailedConstraintUnderAMapKeyDoesNotEchoTheKey() throws Exception {
    ObjectNode event = Events.tree("apigw-http-v2.json");
    event.put("rawPath", "/faults/steps");
    ((ObjectNode) event.at("/requestContext/http")).put("method", "POST").put("path", "/faults/steps");
    event.put("routeKey", "$default");
    event.put("isBase64Encoded", false);
    event.put("body", "{\"orderId\":\"h1\",\"step\":0,\"action\":\"ok\",\"amountsByCard\":{\"" + FaultSupport.CARD_KEY + "\":-1}}");
    ((ObjectNode) event.get("headers")).put("content-type", "application/json");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new FaultHandlers_HttpHandler().handleRequest(
        new ByteArrayInputStream(Events.text(event).getBytes(StandardCharsets.UTF_8)), out, TestContext.create());
    JsonNode response = FaultSupport.JSON.readTree(out.toByteArray());
    System.out.println("FaultValidationPathTest: " + response);
    assertThat(response.path("statusCode").asInt()).isEqualTo(400);
    assertThat(response.path("body").asText()).as("problem body").doesNotContain(FaultSupport.CARD_KEY);
  }
}
