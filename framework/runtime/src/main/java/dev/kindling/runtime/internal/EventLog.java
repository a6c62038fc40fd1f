package dev.kindling.runtime.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.kindling.runtime.logging.KindlingLogging;
import dev.kindling.runtime.logging.LoggingSettings;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs the incoming event when {@code KINDLING_LOG_EVENT=true}, so that no secret reaches the log:
 *
 * <ul>
 *   <li>Always: the credential headers of an HTTP event ({@link #CREDENTIAL_HEADERS}) and the API
 *       key in its request context are replaced, and every cookie keeps its name but not its value.
 *   <li>Always: base64 payloads (an HTTP body with {@code isBase64Encoded}, Kinesis {@code data},
 *       SQS binary message attributes, DynamoDB {@code B} and {@code BS}) are decoded; JSON is
 *       logged as text, redacted, anything else as {@code "<base64, N bytes>"}.
 *   <li>With {@code KINDLING_LOG_REDACT}: every field of those names, at any depth, also inside
 *       string fields that hold JSON (an HTTP or SQS body) and in {@code rawQueryString}; a body, or
 *       a string that looks like JSON, that cannot be read as JSON is logged as
 *       {@code "<text, N chars>"}, since a redacted name could not be found in it.
 * </ul>
 */
final class EventLog {
  private static final Logger LOG = LoggerFactory.getLogger(EventLog.class);
  /** How many times JSON encoded as a JSON string is decoded before it is logged by its size only. */
  private static final int MAX_STRING_ENCODINGS = 4;
  private static final TextNode REDACTED = TextNode.valueOf("***");

  /** Request headers that carry credentials, lower-case; {@code Cookie} is handled apart. */
  static final Set<String> CREDENTIAL_HEADERS =
      Set.of("authorization", "proxy-authorization", "x-api-key", "x-amz-security-token", "set-cookie");

  private EventLog() {}

  /**
   * Reads an invocation's event and logs it ({@code KINDLING_LOG_EVENT}). An event that is not JSON
   * is a wiring mistake: {@link IllegalArgumentException} with {@code notJson}, failing the invocation.
   */
  static JsonNode read(InputStream input, String notJson) throws IOException {
    JsonNode event;
    try {
      event = Json.MAPPER.readTree(input);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(notJson, e);
    }
    log(event);
    return event;
  }

  static void log(JsonNode event) {
    LoggingSettings settings = KindlingLogging.settings();
    if (!settings.logEvent() || event == null || !LOG.isInfoEnabled()) {
      return;
    }
    LOG.atInfo().addKeyValue("event", redact(event.deepCopy(), settings)).log("Incoming event");
  }

  static void log(byte[] payload) {
    if (!KindlingLogging.settings().logEvent() || !LOG.isInfoEnabled()) {
      return;
    }
    try {
      log(Json.MAPPER.readTree(payload));
    } catch (IOException e) {
      LOG.atInfo().addKeyValue("event_bytes", payload.length).log("Incoming event (not JSON, not logged)");
    }
  }

  /** Redacts {@code event}, which it may change; returns the redacted event. */
  static JsonNode redact(JsonNode event, LoggingSettings settings) {
    if (event instanceof ObjectNode object) {
      if (object.get("requestContext") instanceof ObjectNode) {
        redactHttp(object, settings);
      }
      if (object.get("Records") instanceof ArrayNode records) {
        for (JsonNode record : records) {
          if (record instanceof ObjectNode fields) {
            redactRecord(fields, settings);
          }
        }
      }
    }
    return redactFields(event, settings);
  }

  /** API Gateway (REST and HTTP APIs), function URLs and load balancers. */
  private static void redactHttp(ObjectNode event, LoggingSettings settings) {
    redactHeaders(event.get("headers"));
    redactHeaders(event.get("multiValueHeaders"));
    if (event.get("cookies") != null) {
      event.set("cookies", eachText(event.get("cookies"), EventLog::hideCookieValues));
    }
    if (event.at("/requestContext/identity/apiKey").isTextual()) {
      ((ObjectNode) event.at("/requestContext/identity")).set("apiKey", REDACTED);
    }
    JsonNode query = event.get("rawQueryString");
    if (query != null && query.isTextual() && !settings.redactedFields().isEmpty()) {
      event.put("rawQueryString", redactPairs(query.textValue(), settings));
    }
    JsonNode body = event.get("body");
    if (body != null) {
      event.set("body", event.path("isBase64Encoded").asBoolean() ? base64(body, settings) : text(body, settings));
    }
  }

  private static void redactHeaders(JsonNode headers) {
    if (headers instanceof ObjectNode fields) {
      for (Map.Entry<String, JsonNode> header : fields.properties()) {
        String name = header.getKey().toLowerCase(Locale.ROOT);
        if (name.equals("cookie")) {
          header.setValue(eachText(header.getValue(), EventLog::hideCookieValues));
        } else if (CREDENTIAL_HEADERS.contains(name)) {
          header.setValue(eachText(header.getValue(), value -> REDACTED.asText()));
        }
      }
    }
  }

  /** The payloads of a queue or stream record, by its {@code eventSource}. */
  private static void redactRecord(ObjectNode record, LoggingSettings settings) {
    switch (record.path("eventSource").asText()) {
      case "aws:sqs" -> {
        if (record.get("body") != null) {
          record.set("body", text(record.get("body"), settings));
        }
        if (record.get("messageAttributes") instanceof ObjectNode attributes) {
          for (JsonNode attribute : attributes) {
            if (attribute instanceof ObjectNode fields) {
              replace(fields, "binaryValue", settings);
              eachBase64(fields.get("binaryListValues"), settings);
            }
          }
        }
      }
      case "aws:kinesis" -> {
        if (record.get("kinesis") instanceof ObjectNode kinesis) {
          replace(kinesis, "data", settings);
        }
      }
      case "aws:dynamodb" -> {
        if (record.get("dynamodb") instanceof ObjectNode change) {
          redactBinaryAttributes(change, settings);
        }
      }
      default -> {
        // Not a source Kindling reads; its fields are redacted by name only.
      }
    }
  }

  /** DynamoDB's binary attribute values ({@code B}, {@code BS}) at any depth of the keys and images. */
  private static void redactBinaryAttributes(JsonNode node, LoggingSettings settings) {
    if (node instanceof ObjectNode object) {
      replace(object, "B", settings);
      eachBase64(object.get("BS"), settings);
      for (JsonNode value : object) {
        redactBinaryAttributes(value, settings);
      }
    } else if (node instanceof ArrayNode array) {
      for (JsonNode item : array) {
        redactBinaryAttributes(item, settings);
      }
    }
  }

  private static void replace(ObjectNode object, String field, LoggingSettings settings) {
    JsonNode value = object.get(field);
    if (value != null && value.isTextual()) {
      object.set(field, base64(value, settings));
    }
  }

  private static void eachBase64(JsonNode values, LoggingSettings settings) {
    if (values instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        if (array.get(i).isTextual()) {
          array.set(i, base64(array.get(i), settings));
        }
      }
    }
  }

  /**
   * {@code change} applied to a header value: one text ({@code headers}) or each text of an array
   * ({@code multiValueHeaders}, {@code cookies}, changed in place).
   */
  private static JsonNode eachText(JsonNode values, UnaryOperator<String> change) {
    if (values.isTextual()) {
      return TextNode.valueOf(change.apply(values.textValue()));
    }
    if (values instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        if (array.get(i).isTextual()) {
          array.set(i, TextNode.valueOf(change.apply(array.get(i).textValue())));
        }
      }
    }
    return values;
  }

  /**
   * A base64 payload as it may be logged: decoded JSON, redacted, as text; anything else as its
   * size. Never the data itself, in which no redacted name could be found.
   */
  private static JsonNode base64(JsonNode data, LoggingSettings settings) {
    byte[] bytes;
    try {
      bytes = Base64.getMimeDecoder().decode(data.textValue());
    } catch (IllegalArgumentException e) {
      return new Final("<not base64, " + data.textValue().length() + " chars>");
    }
    JsonNode json = json(bytes);
    return new Final(json != null ? redactFields(json, settings).toString() : "<base64, " + bytes.length + " bytes>");
  }

  /**
   * A text payload as it may be logged: as it is when no name is redacted; otherwise JSON,
   * redacted, or else its length.
   */
  private static JsonNode text(JsonNode body, LoggingSettings settings) {
    if (!body.isTextual() || settings.redactedFields().isEmpty()) {
      return body;
    }
    String text = body.textValue();
    for (int depth = 0; depth < MAX_STRING_ENCODINGS && looksLikeJsonString(text); depth++) {
      // JSON encoded as a JSON string (and again): decode it, so the names inside can be redacted.
      JsonNode decoded = literal(text);
      if (decoded == null) {
        break;
      }
      text = decoded.textValue();
    }
    JsonNode json = looksLikeJson(text) ? json(text.getBytes(StandardCharsets.UTF_8)) : null;
    return new Final(json != null ? redactFields(json, settings).toString() : "<text, " + text.length() + " chars>");
  }

  /**
   * The string a JSON string literal ({@code "..."}) holds, or {@code null} when it is not one.
   * The shared mapper reads a payload only if all of it is JSON ({@code FAIL_ON_TRAILING_TOKENS}),
   * so nothing after the JSON is dropped unseen or logged unredacted.
   */
  private static JsonNode literal(String text) {
    try {
      JsonNode node = Json.MAPPER.readTree(text.strip());
      return node != null && node.isTextual() ? node : null;
    } catch (IOException e) {
      return null;
    }
  }

  /** The JSON object or array in {@code bytes}, or {@code null} when they hold anything else. */
  private static JsonNode json(byte[] bytes) {
    try {
      JsonNode json = Json.MAPPER.readTree(bytes);
      return json != null && json.isContainerNode() ? json : null;
    } catch (IOException e) {
      return null;
    }
  }

  /** Replaces fields named in {@code KINDLING_LOG_REDACT} in {@code node}, which it may change. */
  private static JsonNode redactFields(JsonNode node, LoggingSettings settings) {
    if (settings.redactedFields().isEmpty()) {
      return node;
    }
    if (node instanceof ObjectNode object) {
      for (Map.Entry<String, JsonNode> field : object.properties()) {
        field.setValue(settings.redacts(field.getKey()) ? REDACTED : redactFields(field.getValue(), settings));
      }
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        array.set(i, redactFields(array.get(i), settings));
      }
    } else if (node.isTextual() && !(node instanceof Final)
        && (looksLikeJson(node.textValue()) || looksLikeJsonString(node.textValue()))) {
      return text(node, settings);
    }
    return node;
  }

  /**
   * {@code name=value} pairs joined by {@code &} (an HTTP API event's {@code rawQueryString}) with
   * the value of each redacted name replaced.
   */
  private static String redactPairs(String pairs, LoggingSettings settings) {
    StringBuilder out = new StringBuilder(pairs.length());
    int start = 0;
    while (true) {
      int end = pairs.indexOf('&', start);
      String pair = pairs.substring(start, end < 0 ? pairs.length() : end);
      int equals = pair.indexOf('=');
      String name = equals < 0 ? pair : pair.substring(0, equals);
      out.append(settings.redacts(decoded(name).strip()) ? name + "=" + REDACTED.asText() : pair);
      if (end < 0) {
        return out.toString();
      }
      out.append('&');
      start = end + 1;
    }
  }

  /**
   * A {@code Cookie} header, or one cookie of an HTTP API event, with every value replaced and the
   * names kept: {@code session=***; theme=***}. Cookies are credentials whatever their name.
   */
  static String hideCookieValues(String cookies) {
    StringBuilder out = new StringBuilder(cookies.length());
    int start = 0;
    while (true) {
      int end = cookies.indexOf(';', start);
      String cookie = cookies.substring(start, end < 0 ? cookies.length() : end);
      int equals = cookie.indexOf('=');
      if (equals >= 0) {
        out.append(cookie, 0, equals + 1).append(REDACTED.asText());
      } else if (!cookie.isBlank()) {
        out.append(REDACTED.asText());
      }
      if (end < 0) {
        return out.toString();
      }
      out.append(';');
      start = end + 1;
    }
  }

  private static String decoded(String name) {
    try {
      return URLDecoder.decode(name, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return name;
    }
  }

  private static boolean looksLikeJson(String text) {
    String trimmed = text.strip();
    return trimmed.startsWith("{") || trimmed.startsWith("[");
  }

  private static boolean looksLikeJsonString(String text) {
    String trimmed = text.strip();
    return trimmed.length() >= 2 && trimmed.startsWith("\"") && trimmed.endsWith("\"");
  }

  /** Text this class has already made safe to log; the walk over field names leaves it as it is. */
  private static final class Final extends TextNode {
    private static final long serialVersionUID = 1L;

    Final(String text) {
      super(text);
    }
  }
}
