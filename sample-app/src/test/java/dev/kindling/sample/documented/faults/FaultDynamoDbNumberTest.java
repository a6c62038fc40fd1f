package dev.kindling.sample.documented.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kindling.test.Events;
import dev.kindling.test.TestContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A DynamoDB number attribute bound to an {@code int} field: the README binds "your type from the new image", accepts
 * lossless conversions ("3" into an int) and refuses only a fraction for an integer field. {@code "N": "7"} has no
 * fraction. The same JSON through Kinesis binds.
 */
class FaultDynamoDbNumberTest {
  @BeforeEach
  void reset() {
    FaultHandlers.QUANTITIES.clear();
  }

  @Test
  void aWholeDynamoDbNumberBindsToAnIntField() throws Exception {
    String event = "{\"Records\":[{\"eventID\":\"e1\",\"eventName\":\"INSERT\",\"eventVersion\":\"1.1\",\"eventSource\":\"aws:dynamodb\","
        + "\"awsRegion\":\"us-east-1\",\"dynamodb\":{\"ApproximateCreationDateTime\":1773100000,\"Keys\":{\"id\":{\"S\":\"sku-1\"}},"
        + "\"NewImage\":{\"id\":{\"S\":\"sku-1\"},\"quantity\":{\"N\":\"7\"}},\"SequenceNumber\":\"100\",\"SizeBytes\":20,"
        + "\"StreamViewType\":\"NEW_IMAGE\"},\"eventSourceARN\":\"arn:aws:dynamodb:us-east-1:123456789012:table/fault-quantities/stream/x\"}]}";
    String response = invoke(new FaultHandlers_QuantityDynamoDbStreamHandler(), event);
    assertThat(response).as("batch response").isEqualTo("{\"batchItemFailures\":[]}");
    assertThat(FaultHandlers.QUANTITIES).containsExactly("sku-1=7");
  }

  @Test
  void theSameNumberThroughKinesisBinds() throws Exception {
    ObjectNode event = Events.tree("kinesis-event.json");
    ObjectNode record = (ObjectNode) event.withArray("Records").get(0);
    event.withArray("Records").removeAll().add(record);
    ((ObjectNode) record.get("kinesis")).put("data",
        Base64.getEncoder().encodeToString("{\"id\":\"sku-1\",\"quantity\":7}".getBytes(StandardCharsets.UTF_8)));
    String response = invoke(new FaultHandlers_QuantityFromKinesisKinesisHandler(), Events.text(event));
    assertThat(response).isEqualTo("{\"batchItemFailures\":[]}");
    assertThat(FaultHandlers.QUANTITIES).containsExactly("kinesis sku-1=7");
  }

  private static String invoke(RequestStreamHandler handler, String event) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, TestContext.create());
    return out.toString(StandardCharsets.UTF_8);
  }
}
