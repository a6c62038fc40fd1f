package dev.kindling.sample.documented;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kindling.runtime.idempotency.IdempotencyStore;
import dev.kindling.runtime.internal.IdempotencyGuard;
import dev.kindling.test.Events;
import dev.kindling.test.TestContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;

/** Event builders and invokers shared by the tests of the documented behaviour. */
final class DocumentedSupport {
  static final ObjectMapper JSON = new ObjectMapper();

  private DocumentedSupport() {}

  /** An HTTP API (payload 2.0) request without body or idempotency key. */
  static ObjectNode v2(String method, String path) {
    ObjectNode event = Events.tree("apigw-http-v2.json");
    event.put("rawPath", path);
    ((ObjectNode) event.get("requestContext").get("http")).put("method", method).put("path", path);
    event.remove("body");
    ((ObjectNode) event.get("headers")).remove("content-length");
    return event;
  }

  static ObjectNode v2(String method, String path, String key, String body) {
    ObjectNode event = v2(method, path);
    if (key != null) {
      headers(event).put("idempotency-key", key);
    }
    if (body != null) {
      event.put("body", body);
    }
    return event;
  }

  /** A REST API (payload 1.0) request. */
  static ObjectNode v1(String method, String path) {
    ObjectNode event = Events.tree("apigw-rest-v1.json");
    event.put("httpMethod", method).put("path", path);
    ((ObjectNode) event.get("requestContext")).put("httpMethod", method);
    event.putNull("body");
    return event;
  }

  static ObjectNode headers(ObjectNode event) {
    return (ObjectNode) event.get("headers");
  }

  static JsonNode http(ObjectNode event) {
    return http(event, TestContext.create());
  }

  static JsonNode http(ObjectNode event, Context context) {
    return invoke(new DocumentedApi_HttpHandler(), Events.text(event), context);
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

  static int status(JsonNode response) {
    return response.get("statusCode").asInt();
  }

  static String body(JsonNode response) {
    return response.path("body").asText("");
  }

  static String header(JsonNode response, String name) {
    JsonNode value = response.path("headers").get(name);
    return value == null ? null : value.asText();
  }

  static ObjectNode sqsEvent(ObjectNode... messages) {
    ObjectNode event = JSON.createObjectNode();
    ArrayNode records = event.putArray("Records");
    for (ObjectNode message : messages) {
      records.add(message);
    }
    return event;
  }

  static ObjectNode message(String messageId, String body) {
    ObjectNode message = Events.tree("sqs-event.json").get("Records").get(0).deepCopy();
    message.put("messageId", messageId);
    message.put("body", body);
    return message;
  }

  static java.util.List<String> failures(JsonNode batchResponse) {
    return batchResponse.get("batchItemFailures").findValuesAsText("itemIdentifier");
  }

  /**
   * Points every idempotency guard of a generated entry at {@code store}, through the guard's own
   * test hook ({@code withStore}); only used on entries no other test uses.
   */
  static void useStore(Class<?> entry, IdempotencyStore store) {
    try {
      for (Field field : entry.getDeclaredFields()) {
        if (Modifier.isStatic(field.getModifiers()) && field.getType() == IdempotencyGuard.class) {
          field.setAccessible(true);
          ((IdempotencyGuard) field.get(null)).withStore(store);
        }
      }
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }
}
