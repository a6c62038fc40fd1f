package dev.kindling.runtime.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.AbstractMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * An SQS record's system attributes and string message attributes (which win on a name clash),
 * read from the record's JSON the first time anything asks: most handlers never do, and the batch
 * loop should not build a map per record for them. Immutable.
 */
public final class RecordAttributes extends AbstractMap<String, String> {
  private final JsonNode system;
  private final JsonNode message;
  private volatile Map<String, String> read;

  RecordAttributes(JsonNode system, JsonNode message) {
    this.system = system;
    this.message = message;
  }

  @Override
  public Set<Entry<String, String>> entrySet() {
    return attributes().entrySet();
  }

  @Override
  public String get(Object key) {
    return attributes().get(key);
  }

  @Override
  public boolean containsKey(Object key) {
    return attributes().containsKey(key);
  }

  @Override
  public int size() {
    return attributes().size();
  }

  private Map<String, String> attributes() {
    Map<String, String> attributes = read;
    if (attributes == null) {
      Map<String, String> all = new HashMap<>();
      system.fields().forEachRemaining(e -> all.put(e.getKey(), e.getValue().asText()));
      for (Iterator<Map.Entry<String, JsonNode>> it = message.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> attribute = it.next();
        JsonNode value = attribute.getValue().get("stringValue");
        if (value != null && !value.isNull()) {
          all.put(attribute.getKey(), value.asText());
        }
      }
      attributes = Map.copyOf(all);
      read = attributes;
    }
    return attributes;
  }
}
