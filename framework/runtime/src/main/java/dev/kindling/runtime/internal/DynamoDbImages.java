package dev.kindling.runtime.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kindling.runtime.DynamoDbChange;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/** Turns DynamoDB's typed JSON ({@code {"S":"x"}}) into plain JSON a payload type binds from. */
final class DynamoDbImages {
  private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

  private DynamoDbImages() {}

  static <T> DynamoDbChange<T> change(BatchRecord record, ObjectReader reader) {
    JsonNode change = record.raw().path("dynamodb");
    Map<String, Object> keys = new LinkedHashMap<>();
    JsonNode plainKeys = plain(change.path("Keys"));
    for (Iterator<Map.Entry<String, JsonNode>> it = plainKeys.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> key = it.next();
      keys.put(key.getKey(), key.getValue().isNumber() ? key.getValue().decimalValue() : key.getValue().asText());
    }
    return new DynamoDbChange<>(
        record.attributes().get("eventName"), keys, image(change.get("OldImage"), reader), image(change.get("NewImage"), reader));
  }

  private static <T> T image(JsonNode image, ObjectReader reader) {
    if (image == null || image.isNull()) {
      return null;
    }
    try {
      return reader.readValue(plain(image));
    } catch (java.io.IOException e) {
      throw Payloads.invalid(e);
    }
  }

  /** Converts a map of attribute values. */
  static ObjectNode plain(JsonNode item) {
    ObjectNode out = NODES.objectNode();
    for (Iterator<Map.Entry<String, JsonNode>> it = item.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> attribute = it.next();
      out.set(attribute.getKey(), value(attribute.getValue()));
    }
    return out;
  }

  private static JsonNode value(JsonNode typed) {
    Map.Entry<String, JsonNode> only = typed.fields().hasNext() ? typed.fields().next() : null;
    if (only == null) {
      return NODES.nullNode();
    }
    JsonNode v = only.getValue();
    return switch (only.getKey()) {
      case "S", "B" -> NODES.textNode(v.asText());
      case "N" -> NODES.numberNode(new BigDecimal(v.asText()));
      case "BOOL" -> NODES.booleanNode(v.asBoolean());
      case "NULL" -> NODES.nullNode();
      case "M" -> plain(v);
      case "L" -> {
        ArrayNode list = NODES.arrayNode();
        v.forEach(element -> list.add(value(element)));
        yield list;
      }
      case "SS", "BS" -> {
        ArrayNode set = NODES.arrayNode();
        v.forEach(element -> set.add(element.asText()));
        yield set;
      }
      case "NS" -> {
        ArrayNode set = NODES.arrayNode();
        v.forEach(element -> set.add(new BigDecimal(element.asText())));
        yield set;
      }
      default -> throw new IllegalArgumentException("Unknown DynamoDB attribute type " + only.getKey());
    };
  }
}
