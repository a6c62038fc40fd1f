package dev.kindling.sample.documented.edges;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kindling.runtime.logging.KindlingLogging;
import dev.kindling.runtime.logging.LoggingSettings;
import dev.kindling.test.Events;
import dev.kindling.test.TestContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

final class EdgeSupport {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String QUEUE_ARN = "arn:aws:sqs:us-east-1:123456789012:edge";

  private EdgeSupport() {}

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

  static ObjectNode v2(String method, String path, String key, String body) {
    ObjectNode event = Events.tree("apigw-http-v2.json");
    event.put("rawPath", path);
    ((ObjectNode) event.get("requestContext").get("http")).put("method", method).put("path", path);
    ((ObjectNode) event.get("headers")).remove("content-length");
    if (key != null) {
      ((ObjectNode) event.get("headers")).put("idempotency-key", key);
    }
    if (body == null) {
      event.remove("body");
    } else {
      event.put("body", body);
    }
    return event;
  }

  static ObjectNode jwt(ObjectNode event, String sub) {
    ((ObjectNode) event.get("requestContext")).putObject("authorizer").putObject("jwt").putObject("claims").put("sub", sub);
    return event;
  }

  static JsonNode http(ObjectNode event) {
    return invoke(new EdgeHandlers_HttpHandler(), Events.text(event));
  }

  static ObjectNode sqsRecord(String messageId, String body) {
    ObjectNode record = JSON.createObjectNode();
    record.put("messageId", messageId);
    record.put("receiptHandle", "rh-" + messageId);
    record.put("body", body);
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

  static ObjectNode fifoRecord(String messageId, String group, String body, int receiveCount) {
    ObjectNode record = sqsRecord(messageId, body);
    ((ObjectNode) record.get("attributes")).put("MessageGroupId", group).put("MessageDeduplicationId", "d-" + messageId)
        .put("SequenceNumber", "1860000000000000" + Math.abs(messageId.hashCode()))
        .put("ApproximateReceiveCount", Integer.toString(receiveCount));
    record.put("eventSourceARN", QUEUE_ARN + ".fifo");
    return record;
  }

  static String event(ObjectNode... records) {
    ObjectNode event = JSON.createObjectNode();
    ArrayNode array = event.putArray("Records");
    for (ObjectNode record : records) {
      array.add(record);
    }
    return event.toString();
  }

  static List<String> failures(JsonNode response) {
    List<String> ids = new ArrayList<>();
    for (JsonNode failure : response.get("batchItemFailures")) {
      ids.add(failure.get("itemIdentifier").asText());
    }
    return ids;
  }

  interface Body {
    void run() throws Exception;
  }

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
      return lines().stream().filter(l -> l.path("message").asText().startsWith(prefix)).toList();
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

  static Log logging(Map<String, String> env, Body body) {
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
}
