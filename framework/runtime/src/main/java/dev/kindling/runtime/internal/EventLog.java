package dev.kindling.runtime.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.kindling.runtime.logging.KindlingLogging;
import dev.kindling.runtime.logging.LoggingSettings;
import dev.kindling.runtime.logging.RawJson;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs the incoming event when {@code KINDLING_LOG_EVENT=true}, with every field named in
 * {@code KINDLING_LOG_REDACT} replaced, also inside string fields that hold JSON (an HTTP body, an
 * SQS message body). Base64 data (Kinesis) is logged as AWS sent it.
 */
final class EventLog {
  private static final Logger LOG = LoggerFactory.getLogger(EventLog.class);
  private static final TextNode REDACTED = TextNode.valueOf("***");

  private EventLog() {}

  static void log(JsonNode event) {
    LoggingSettings settings = KindlingLogging.settings();
    if (!settings.logEvent() || event == null || !LOG.isInfoEnabled()) {
      return;
    }
    try {
      JsonNode redacted = redact(event.deepCopy(), settings);
      LOG.atInfo().addKeyValue("event", new RawJson(Json.MAPPER.writeValueAsString(redacted))).log("Incoming event");
    } catch (IOException e) {
      LOG.warn("The incoming event could not be logged", e);
    }
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

  /** Replaces redacted fields in {@code node}, which it may change; returns the redacted node. */
  static JsonNode redact(JsonNode node, LoggingSettings settings) {
    if (settings.redactedFields().isEmpty()) {
      return node;
    }
    if (node instanceof ObjectNode object) {
      for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        String name = field.getKey();
        JsonNode value = field.getValue();
        if (settings.redacts(name)) {
          field.setValue(REDACTED);
        } else if (name.equals("rawQueryString") && value.isTextual()) {
          field.setValue(TextNode.valueOf(redactPairs(value.textValue(), '&', settings)));
        } else if (name.equals("cookies") && value instanceof ArrayNode cookies) {
          for (int i = 0; i < cookies.size(); i++) {
            cookies.set(i, TextNode.valueOf(redactPairs(cookies.get(i).asText(), ';', settings)));
          }
        } else {
          field.setValue(redact(value, settings));
        }
      }
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        array.set(i, redact(array.get(i), settings));
      }
    } else if (node.isTextual() && looksLikeJson(node.textValue())) {
      try {
        JsonNode embedded = Json.MAPPER.readTree(node.textValue());
        return TextNode.valueOf(Json.MAPPER.writeValueAsString(redact(embedded, settings)));
      } catch (IOException e) {
        return node;
      }
    }
    return node;
  }

  /**
   * {@code name=value} pairs joined by {@code separator} (an HTTP API event's {@code rawQueryString}
   * and {@code cookies}) with the value of each redacted name replaced.
   */
  static String redactPairs(String pairs, char separator, LoggingSettings settings) {
    StringBuilder out = new StringBuilder(pairs.length());
    int start = 0;
    while (true) {
      int end = pairs.indexOf(separator, start);
      String pair = pairs.substring(start, end < 0 ? pairs.length() : end);
      int equals = pair.indexOf('=');
      String name = equals < 0 ? pair : pair.substring(0, equals);
      out.append(settings.redacts(decoded(name).strip()) ? name + "=" + REDACTED.asText() : pair);
      if (end < 0) {
        return out.toString();
      }
      out.append(separator);
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
}
