package dev.kindling.sample.documented.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kindling.local.DynamoDbLocalServer;
import dev.kindling.local.InvocationResult;
import dev.kindling.local.LocalFunction;
import dev.kindling.test.Events;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Scenario 4: the structured log of one SQS batch through the real runtime client, with
 * {@code KINDLING_LOG_REDACT=cardNumber,amountsByCard} and {@code KINDLING_LOG_EVENT=true}: no value held under a
 * redacted name may reach any line, whatever the record's fate (succeeded, malformed, failing {@code @Valid}, a number
 * too large).
 */
class FaultLogEndToEndTest {
  @Test
  void noLineShowsAValueHeldUnderARedactedName() throws Exception {
    Path ledger = Files.createTempDirectory("fault-e-log");
    FaultSupport.Log log = new FaultSupport.Log("log");
    String card = FaultSupport.CARD;
    String cardKey = FaultSupport.CARD_KEY;
    try (DynamoDbLocalServer dynamoDbLocal = DynamoDbLocalServer.start();
        DynamoDbClient dynamoDb = dynamoDbLocal.newClient();
        LocalFunction function = LocalFunction.builder("dev.kindling.sample.documented.faults.FaultHandlers_ChargeSqsHandler::handleRequest")
            .classpath(FaultSupport.childClasspath())
            .functionName("fault-log")
            .timeout(Duration.ofSeconds(10))
            .environment(FaultSupport.environment(ledger))
            .environmentVariable("KINDLING_IDEMPOTENCY_ENDPOINT", dynamoDbLocal.endpoint().toString())
            .logSink(log)
            .build()) {
      FaultSupport.createIdempotencyTable(dynamoDb);
      ObjectNode event = Events.tree("sqs-event.json");
      ArrayNode records = (ArrayNode) event.get("Records");
      ObjectNode template = (ObjectNode) records.get(0);
      records.removeAll();
      String[] bodies = {
        "{\"orderId\":\"l1\",\"step\":0,\"action\":\"ok\",\"cardNumber\":\"" + card + "\",\"amountsByCard\":{\"" + cardKey + "\":10}}",
        "{\"orderId\":\"l2\",\"step\":0,\"action\":\"ok\",\"cardNumber\":\"" + card + "\",\"amountsByCard\":{\"" + cardKey + "\":-1}}",
        "{\"orderId\":\"l3\",\"step\":0,\"action\":\"ok\",\"cardNumber\":\"" + card + "\",\"amountsByCard\":{\"" + cardKey + "\":\"ten\"}}",
        "{\"orderId\":\"l4\",\"step\":0,\"action\":\"ok\",\"cardNumber\":\"" + card + "\",\"amountsByCard\":",
      };
      for (int i = 0; i < bodies.length; i++) {
        ObjectNode record = template.deepCopy();
        record.put("messageId", "log-" + (i + 1)).put("body", bodies[i]);
        ((ObjectNode) record.get("messageAttributes")).putObject("cardNumber").put("stringValue", card).put("dataType", "String");
        records.add(record);
      }
      InvocationResult result = function.invoke(Events.text(event));
      System.out.println("FaultLogEndToEndTest: " + result);
      assertThat(result.success()).isTrue();
      assertThat(result.payload().replace(" ", "")).as("l2, l3 and l4 can never succeed")
          .isEqualTo("{\"batchItemFailures\":[{\"itemIdentifier\":\"log-2\"},{\"itemIdentifier\":\"log-3\"},{\"itemIdentifier\":\"log-4\"}]}");
    }
    log.json().stream().filter(l -> !l.path("message").asText().startsWith("Incoming event"))
        .forEach(l -> System.out.println("  " + l.path("level").asText() + " " + l.path("message").asText() + " [" + l.path("record_id").asText() + "]"));
    JsonNode incoming = log.messages("Incoming event").get(0);
    System.out.println("  event: " + FaultSupport.abbreviate(incoming.path("event").toString()));
    assertThat(FaultSupport.logProblems(log, List.of(card, cardKey))).as("log problems").isEmpty();
  }
}
