package dev.kindling.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kindling.local.InvocationResult;
import dev.kindling.local.LocalFunction;
import dev.kindling.sample.EndToEndSupport.CapturedLog;
import dev.kindling.test.Events;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The log of a generated entry as Lambda would collect it: {@code OrderCharging_ChargeSqsHandler}
 * in a child JVM through the real runtime interface client, with no logging setup in the sample.
 * Every line the process writes (stdout and stderr) must be one JSON object.
 */
class StructuredLogTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static String batch(String prefix) {
    ObjectNode event = Events.tree("sqs-event.json");
    ArrayNode records = (ArrayNode) event.get("Records");
    for (int i = 0; i < records.size(); i++) {
      String body = i == 2
          ? "{\"orderId\":\"" + prefix + "-3\",\"customerId\":\"c-3\",\"amount\":-1}"
          : "{\"orderId\":\"" + prefix + "-" + (i + 1) + "\",\"customerId\":\"secret-customer-" + i + "\",\"amount\":10}";
      ((ObjectNode) records.get(i)).put("messageId", prefix + "-m" + (i + 1)).put("body", body);
    }
    return Events.text(event);
  }

  @Test
  void everyLineIsJsonWithTheInvocationsFields() throws IOException {
    CapturedLog log = new CapturedLog();
    InvocationResult first;
    InvocationResult second;
    try (LocalFunction function =
        LocalFunction.builder("dev.kindling.sample.OrderCharging_ChargeSqsHandler::handleRequest")
            .classpath(LambdaClasspath.entries())
            .functionName("charge-orders")
            .environment(Map.of("KINDLING_LOG_EVENT", "true", "KINDLING_LOG_REDACT", "customerId"))
            .logSink(log)
            .build()) {
      first = function.invoke(batch("a"));
      second = function.invoke(batch("b"));
    }
    assertThat(first.success()).as(first.payload()).isTrue();
    assertThat(second.success()).as(second.payload()).isTrue();
    assertThat(first.coldStart()).isTrue();
    assertThat(second.coldStart()).isFalse();

    List<JsonNode> lines = new ArrayList<>();
    for (String line : log.lines()) {
      try {
        JsonNode node = JSON.readTree(line);
        if (node == null || !node.isObject()) {
          fail("Not a JSON object: " + line);
        }
        lines.add(node);
      } catch (IOException e) {
        fail("Not a JSON line: " + line + "\n--- log ---\n" + log.tail(40), e);
      }
    }
    assertThat(String.join("\n", log.lines())).doesNotContain("secret-customer");

    for (InvocationResult result : List.of(first, second)) {
      List<JsonNode> own = lines.stream()
          .filter(line -> result.requestId().equals(line.path("function_request_id").asText(null)))
          .toList();
      String prefix = result == first ? "a" : "b";
      assertThat(own).as("lines of " + prefix).isNotEmpty().allSatisfy(line -> {
        assertThat(line.get("cold_start").asBoolean()).isEqualTo(result == first);
        assertThat(line.get("service").asText()).isEqualTo("charge-orders");
        assertThat(line.get("function_name").asText()).isEqualTo("charge-orders");
        assertThat(line.get("function_memory_size").asInt()).isEqualTo(512);
        assertThat(line.get("function_arn").asText()).contains("charge-orders");
        assertThat(line.get("xray_trace_id").asText()).startsWith("1-");
        assertThat(line.get("timestamp").asText()).endsWith("Z");
      });
      assertThat(own).filteredOn(line -> line.get("message").asText().startsWith("Charged "))
          .extracting(line -> line.get("record_id").asText())
          .containsExactly(prefix + "-m1", prefix + "-m2", prefix + "-m4", prefix + "-m5");
      assertThat(own).filteredOn(line -> line.get("message").asText().startsWith("Record " + prefix + "-m3 rejected"))
          .singleElement()
          .satisfies(line -> assertThat(line.get("level").asText()).isEqualTo("WARN"))
          .satisfies(line -> assertThat(line.get("correlation_id").asText()).isEqualTo("corr-3"));
      assertThat(own).filteredOn(line -> line.get("message").asText().equals("Batch processed"))
          .singleElement()
          .satisfies(summary -> {
            assertThat(summary.get("records").asInt()).isEqualTo(5);
            assertThat(summary.get("succeeded").asInt()).isEqualTo(4);
            assertThat(summary.get("failed").asInt()).isEqualTo(1);
            assertThat(summary.has("record_id")).isFalse();
          });
      assertThat(own).filteredOn(line -> line.get("message").asText().equals("Incoming event"))
          .singleElement()
          .satisfies(event -> assertThat(event.at("/event/Records/0/messageId").asText()).isEqualTo(prefix + "-m1"));
    }
  }
}
