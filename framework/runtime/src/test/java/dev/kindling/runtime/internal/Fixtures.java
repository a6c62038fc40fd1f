package dev.kindling.runtime.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Reads the AWS event fixtures that kindling-test publishes. */
final class Fixtures {
  private Fixtures() {}

  static ObjectNode event(String name) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/dev/kindling/test/events/" + name)) {
      return (ObjectNode) Json.MAPPER.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
