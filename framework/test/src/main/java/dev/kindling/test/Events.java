package dev.kindling.test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Lambda events in the shapes AWS sends them, as JSON files under
 * {@code dev/kindling/test/events/}: {@code apigw-rest-v1.json}, {@code apigw-http-v2.json},
 * {@code function-url.json}, and the queue and stream events.
 */
public final class Events {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Events() {}

  /** The fixture's JSON text. */
  public static String json(String name) {
    try (InputStream in = Events.class.getResourceAsStream("events/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("No event fixture named " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The fixture as a tree, to change a field before sending it. */
  public static ObjectNode tree(String name) {
    try {
      return (ObjectNode) MAPPER.readTree(json(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes a tree back to JSON text. */
  public static String text(ObjectNode event) {
    try {
      return MAPPER.writeValueAsString(event);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
