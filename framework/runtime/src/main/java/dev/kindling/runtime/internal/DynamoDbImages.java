package dev.kindling.runtime.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kindling.runtime.DynamoDbChange;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns DynamoDB's typed JSON ({@code {"S":"x"}}) into plain JSON a payload type binds from, one
 * record at a time when its handler asks: a malformed image (a number that is not one, an unknown
 * attribute type, an image that is not an item) is that record's failure, reported at its
 * sequence number, and the records before it run.
 *
 * <p>A plain payload is the new image, or the old one for REMOVE. A record without that image (a
 * delete on a {@code NEW_IMAGE} or {@code KEYS_ONLY} stream, Time to Live deletes included, or an
 * insert on an {@code OLD_IMAGE} stream) has nothing to bind: it is skipped with
 * {@link SkippedRecordException}, so an ordinary delete never blocks the shard.
 * {@code DynamoDbChange<T>} receives every record, with its keys.
 */
final class DynamoDbImages {
  private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);
  private static final String NEW_IMAGE = "NewImage";
  private static final String OLD_IMAGE = "OldImage";
  private static final String REMOVE = "REMOVE";
  private static final String EVENT_NAME = "eventName";
  private static final String DYNAMODB_SERVICE = "dynamodb.amazonaws.com";

  private DynamoDbImages() {}

  /** The record's payload image bound with {@code reader}. */
  static <T> T payload(BatchRecord record, ObjectReader reader) {
    return Payloads.read(reader, payloadImage(record));
  }

  /** The record's payload image as plain JSON text, for {@code String} and {@code byte[]} payloads. */
  static byte[] payloadBytes(BatchRecord record) {
    try {
      return Json.MAPPER.writeValueAsBytes(payloadImage(record));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write a DynamoDB image as JSON", e);
    }
  }

  static <T> DynamoDbChange<T> change(BatchRecord record, ObjectReader reader) {
    JsonNode change = record.raw().path("dynamodb");
    Map<String, Object> keys = new LinkedHashMap<>();
    JsonNode typedKeys = change.get("Keys");
    if (typedKeys != null) {
      for (Iterator<Map.Entry<String, JsonNode>> it = item(typedKeys, "Keys").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> key = it.next();
        keys.put(key.getKey(), key.getValue().isNumber() ? key.getValue().decimalValue() : key.getValue().asText());
      }
    }
    return new DynamoDbChange<>(
        record.attributes().get(EVENT_NAME), keys, image(change, OLD_IMAGE, reader), image(change, NEW_IMAGE, reader));
  }

  private static <T> T image(JsonNode change, String name, ObjectReader reader) {
    JsonNode image = change.get(name);
    return image == null || image.isNull() ? null : Payloads.read(reader, item(image, name));
  }

  private static ObjectNode payloadImage(BatchRecord record) {
    String eventName = record.attributes().get(EVENT_NAME);
    String name = REMOVE.equals(eventName) ? OLD_IMAGE : NEW_IMAGE;
    JsonNode image = record.raw().path("dynamodb").get(name);
    if (image == null || image.isNull()) {
      throw new SkippedRecordException(withoutImage(record.raw(), eventName, name));
    }
    return item(image, name);
  }

  /** Why a record has no image to bind, for the log line that reports it skipped. */
  private static String withoutImage(JsonNode raw, String eventName, String image) {
    JsonNode identity = raw.path("userIdentity");
    boolean timeToLive =
        "Service".equals(identity.path("type").asText()) && DYNAMODB_SERVICE.equals(identity.path("principalId").asText());
    return "skipped: the " + eventName + " has no " + image
        + " (stream view type " + raw.path("dynamodb").path("StreamViewType").asText("unknown")
        + (timeToLive ? "; a Time to Live delete" : "")
        + "), so nothing to bind; take DynamoDbChange<T> to receive every change with its keys";
  }

  /** Converts an item, a map of attribute values; {@code where} names it in errors. */
  static ObjectNode item(JsonNode item, String where) {
    return item(item, (Object) where);
  }

  /**
   * {@code where} is the item's name or a {@link Where}: the path of an attribute is put together
   * only when the attribute is malformed, not for every attribute of every record.
   */
  private static ObjectNode item(JsonNode item, Object where) {
    if (!item.isObject()) {
      throw malformed(where, "is not a DynamoDB item (a JSON object of attributes)");
    }
    ObjectNode out = NODES.objectNode();
    for (Iterator<Map.Entry<String, JsonNode>> it = item.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> attribute = it.next();
      out.set(attribute.getKey(), value(attribute.getValue(), new Where(where, attribute.getKey(), -1)));
    }
    return out;
  }

  private static JsonNode value(JsonNode typed, Object where) {
    if (!typed.isObject() || typed.size() != 1) {
      throw malformed(where, "is not a DynamoDB attribute value (an object with one type key)");
    }
    Map.Entry<String, JsonNode> only = typed.fields().next();
    JsonNode v = only.getValue();
    return switch (only.getKey()) {
      case "S", "B" -> NODES.textNode(text(v, where));
      case "N" -> numberNode(number(v, where));
      case "BOOL" -> {
        if (!v.isBoolean()) {
          throw malformed(where, "is not true or false");
        }
        yield NODES.booleanNode(v.booleanValue());
      }
      case "NULL" -> NODES.nullNode();
      case "M" -> item(v, where);
      case "L" -> {
        ArrayNode list = NODES.arrayNode();
        JsonNode elements = elements(v, where);
        for (int i = 0; i < elements.size(); i++) {
          list.add(value(elements.get(i), new Where(where, null, i)));
        }
        yield list;
      }
      case "SS", "BS" -> {
        ArrayNode set = NODES.arrayNode();
        JsonNode elements = elements(v, where);
        for (int i = 0; i < elements.size(); i++) {
          set.add(text(elements.get(i), new Where(where, null, i)));
        }
        yield set;
      }
      case "NS" -> {
        ArrayNode set = NODES.arrayNode();
        JsonNode elements = elements(v, where);
        for (int i = 0; i < elements.size(); i++) {
          set.add(numberNode(number(elements.get(i), new Where(where, null, i))));
        }
        yield set;
      }
      default -> throw malformed(where, "has an unknown DynamoDB attribute type");
    };
  }

  private static String text(JsonNode v, Object where) {
    if (!v.isTextual()) {
      throw malformed(where, "is not text");
    }
    return v.textValue();
  }

  /**
   * A whole number as an integer node, so it binds to an {@code int} or {@code long} field as it
   * does from any other JSON; a fraction as an exact decimal.
   */
  private static JsonNode numberNode(BigDecimal number) {
    return number.scale() <= 0 ? NODES.numberNode(number.toBigIntegerExact()) : NODES.numberNode(number);
  }

  /** DynamoDB sends numbers as text, to keep their precision. */
  private static BigDecimal number(JsonNode v, Object where) {
    if (!v.isTextual()) {
      throw malformed(where, "is not a number");
    }
    try {
      return new BigDecimal(v.textValue());
    } catch (NumberFormatException e) {
      throw malformed(where, "is not a number");
    }
  }

  private static JsonNode elements(JsonNode v, Object where) {
    if (!v.isArray()) {
      throw malformed(where, "is not a list");
    }
    return v;
  }

  /** The record's failure, naming the attribute path and never its value. */
  private static InvalidInputException malformed(Object where, String message) {
    return new InvalidInputException(
        "Malformed DynamoDB image", List.of(new InvalidInputException.Violation(where.toString(), message)));
  }

  /** An attribute ({@code name}) or a list element ({@code index}) inside {@code parent}: {@code NewImage.lines[2].sku}. */
  private record Where(Object parent, String name, int index) {
    @Override
    public String toString() {
      return name != null ? parent + "." + name : parent + "[" + index + "]";
    }
  }
}
