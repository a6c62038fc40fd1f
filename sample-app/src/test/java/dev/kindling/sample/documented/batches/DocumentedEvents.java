package dev.kindling.sample.documented.batches;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kindling.runtime.logging.KindlingLogging;
import dev.kindling.runtime.logging.LoggingSettings;
import dev.kindling.test.TestContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Events, invocations and captured log lines for the tests of the documented behaviour. */
final class DocumentedEvents {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String QUEUE_ARN = "arn:aws:sqs:us-east-1:123456789012:promised";

  private DocumentedEvents() {}

  static ObjectNode sqsRecord(String messageId, String body) {
    ObjectNode record = JSON.createObjectNode();
    record.put("messageId", messageId);
    record.put("receiptHandle", "rh-" + messageId);
    if (body != null) {
      record.put("body", body);
    }
    ObjectNode attributes = record.putObject("attributes");
    attributes.put("ApproximateReceiveCount", "1");
    attributes.put("SentTimestamp", "1773100000000");
    attributes.put("SenderId", "AIDAIENQZJOLO23YVJ4VO");
    attributes.put("ApproximateFirstReceiveTimestamp", "1773100000050");
    record.putObject("messageAttributes");
    record.put("md5OfBody", "x");
    record.put("eventSource", "aws:sqs");
    record.put("eventSourceARN", QUEUE_ARN);
    record.put("awsRegion", "us-east-1");
    return record;
  }

  static ObjectNode fifoRecord(String messageId, String group, String body) {
    ObjectNode record = sqsRecord(messageId, body);
    ((ObjectNode) record.get("attributes")).put("MessageGroupId", group).put("MessageDeduplicationId", "d-" + messageId)
        .put("SequenceNumber", "18600000000000000" + messageId.hashCode());
    record.put("eventSourceARN", QUEUE_ARN + ".fifo");
    return record;
  }

  static ObjectNode receiveCount(ObjectNode record, int count) {
    ((ObjectNode) record.get("attributes")).put("ApproximateReceiveCount", Integer.toString(count));
    return record;
  }

  static ObjectNode stringAttribute(ObjectNode record, String name, String dataType, String value) {
    ObjectNode attribute = ((ObjectNode) record.get("messageAttributes")).putObject(name);
    attribute.put("stringValue", value);
    attribute.putArray("stringListValues");
    attribute.putArray("binaryListValues");
    attribute.put("dataType", dataType);
    return record;
  }

  static ObjectNode binaryAttribute(ObjectNode record, String name, byte[] value) {
    ObjectNode attribute = ((ObjectNode) record.get("messageAttributes")).putObject(name);
    attribute.put("binaryValue", Base64.getEncoder().encodeToString(value));
    attribute.putArray("stringListValues");
    attribute.putArray("binaryListValues");
    attribute.put("dataType", "Binary");
    return record;
  }

  static String payment(String id, String action) {
    return "{\"id\":\"" + id + "\",\"action\":\"" + action + "\"}";
  }

  static String event(ObjectNode... records) {
    ObjectNode event = JSON.createObjectNode();
    ArrayNode array = event.putArray("Records");
    for (ObjectNode record : records) {
      array.add(record);
    }
    return text(event);
  }

  static String text(JsonNode node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ObjectNode kinesisRecord(String sequenceNumber, String data) {
    ObjectNode record = JSON.createObjectNode();
    ObjectNode kinesis = record.putObject("kinesis");
    kinesis.put("kinesisSchemaVersion", "1.0");
    kinesis.put("partitionKey", "pk");
    kinesis.put("sequenceNumber", sequenceNumber);
    kinesis.put("data", data);
    kinesis.put("approximateArrivalTimestamp", 1773100000.123);
    record.put("eventSource", "aws:kinesis");
    record.put("eventVersion", "1.0");
    record.put("eventID", "shardId-000000000006:" + sequenceNumber);
    record.put("eventName", "aws:kinesis:record");
    record.put("invokeIdentityArn", "arn:aws:iam::123456789012:role/lambda-role");
    record.put("awsRegion", "us-east-1");
    record.put("eventSourceARN", "arn:aws:kinesis:us-east-1:123456789012:stream/promised-clicks");
    return record;
  }

  static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  /** A DynamoDB stream record; images are DynamoDB JSON text or null. */
  static ObjectNode dynamoRecord(
      String eventId, String eventName, String sequenceNumber, String viewType, String keys, String newImage,
      String oldImage) {
    try {
      ObjectNode record = JSON.createObjectNode();
      record.put("eventID", eventId);
      record.put("eventName", eventName);
      record.put("eventVersion", "1.1");
      record.put("eventSource", "aws:dynamodb");
      record.put("awsRegion", "us-east-1");
      ObjectNode change = record.putObject("dynamodb");
      change.put("ApproximateCreationDateTime", 1773100000);
      change.set("Keys", JSON.readTree(keys));
      if (newImage != null) {
        change.set("NewImage", JSON.readTree(newImage));
      }
      if (oldImage != null) {
        change.set("OldImage", JSON.readTree(oldImage));
      }
      change.put("SequenceNumber", sequenceNumber);
      change.put("SizeBytes", 40);
      change.put("StreamViewType", viewType);
      record.put("eventSourceARN", "arn:aws:dynamodb:us-east-1:123456789012:table/promised-orders/stream/2026-03-10T00:00:00.000");
      return record;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode invoke(RequestStreamHandler handler, String event) {
    return invoke(handler, event, TestContext.create());
  }

  static JsonNode invoke(RequestStreamHandler handler, String event, Context context) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, context);
      return JSON.readTree(out.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The reported item identifiers, in order, duplicates kept. */
  static List<String> failures(JsonNode response) {
    List<String> ids = new ArrayList<>();
    for (JsonNode failure : response.get("batchItemFailures")) {
      ids.add(failure.get("itemIdentifier").asText());
    }
    return ids;
  }

  static TreeSet<String> sorted(List<String> ids) {
    return new TreeSet<>(ids);
  }

  /** Runs {@code body} with Kindling logging configured by {@code env} and written to the returned log. */
  static Log logging(Map<String, String> env, ThrowingRunnable body) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    LoggingSettings previous = KindlingLogging.useSettings(LoggingSettings.fromEnvironment(env::get));
    OutputStream previousOut = KindlingLogging.redirectOutput(bytes);
    Throwable thrown = null;
    try {
      body.run();
    } catch (Throwable t) {
      thrown = t;
    } finally {
      KindlingLogging.redirectOutput(previousOut);
      KindlingLogging.useSettings(previous);
    }
    return new Log(bytes.toString(StandardCharsets.UTF_8), thrown);
  }

  interface ThrowingRunnable {
    void run() throws Exception;
  }

  /** Captured lines, and what the body threw. */
  record Log(String text, Throwable thrown) {
    List<JsonNode> lines() {
      List<JsonNode> lines = new ArrayList<>();
      for (String line : text.split("\n")) {
        if (!line.isBlank()) {
          try {
            lines.add(JSON.readTree(line));
          } catch (IOException e) {
            throw new AssertionError("Not a JSON line: " + line, e);
          }
        }
      }
      return lines;
    }

    List<JsonNode> withMessage(String prefix) {
      return lines().stream().filter(line -> line.path("message").asText().startsWith(prefix)).toList();
    }

    JsonNode summary() {
      List<JsonNode> summaries = withMessage("Batch processed");
      if (summaries.size() != 1) {
        throw new AssertionError("Expected one batch summary, got " + summaries.size() + ":\n" + text);
      }
      return summaries.get(0);
    }

    Log rethrow() {
      if (thrown instanceof RuntimeException e) {
        throw e;
      }
      if (thrown instanceof Error e) {
        throw e;
      }
      if (thrown != null) {
        throw new AssertionError(thrown);
      }
      return this;
    }
  }
}
