package dev.kindling.sample.documented;

import static dev.kindling.sample.documented.DocumentedSupport.failures;
import static dev.kindling.sample.documented.DocumentedSupport.invoke;
import static dev.kindling.sample.documented.DocumentedSupport.message;
import static dev.kindling.sample.documented.DocumentedSupport.sqsEvent;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kindling.test.Events;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** "Throwing means that record failed": also when what is thrown is an Error. */
class DocumentedRecordErrorTest {
  @BeforeEach
  void reset() {
    DocumentedEffects.reset();
  }

  @Test
  void aStackOverflowInOneSqsRecordFailsOnlyThatRecord() {
    String event = Events.text(sqsEvent(
        message("m-1", "{\"orderId\":\"ok-1\"}"),
        message("m-2", "{\"orderId\":\"overflow\"}"),
        message("m-3", "{\"orderId\":\"ok-3\"}")));
    JsonNode response;
    try {
      response = invoke(new DocumentedPlainQueue_HandleSqsHandler(), event);
    } catch (StackOverflowError e) {
      throw new AssertionError(
          "the whole invocation failed, so Lambda redelivers m-1, which already ran: " + DocumentedEffects.EFFECTS, e);
    }
    assertThat(failures(response)).containsExactly("m-2");
  }

  @Test
  void aStackOverflowInOneKinesisRecordReportsItsSequenceNumber() {
    ObjectNode event = Events.tree("kinesis-event.json");
    ArrayNode records = (ArrayNode) event.get("Records");
    ((ObjectNode) records.get(1).get("kinesis")).put("data",
        Base64.getEncoder().encodeToString("overflow".getBytes(StandardCharsets.UTF_8)));
    String failedSequence = records.get(1).get("kinesis").get("sequenceNumber").asText();
    JsonNode response;
    try {
      response = invoke(new DocumentedPlainQueue_ClickKinesisHandler(), Events.text(event));
    } catch (StackOverflowError e) {
      throw new AssertionError(
          "the whole invocation failed, so Lambda retries the batch from its start: " + DocumentedEffects.EFFECTS, e);
    }
    assertThat(failures(response)).containsExactly(failedSequence);
  }
}
