package dev.kindling.runtime.logging;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.io.IOException;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalAmount;
import java.util.Optional;

/**
 * A logged record or bean as a Jackson tree: its properties as Jackson sees them (public getters,
 * record components, {@code @JsonProperty} names, not {@code @JsonIgnore}d ones), so each can be
 * redacted by name. Its {@code toString()} is never called: it may print any field. The mapper is
 * created on the first such value, never for plain log lines.
 */
final class ValueTrees {
  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
          .registerModule(
              new SimpleModule("kindling-logged-values")
                  // Dates and durations as ISO-8601 text, without the jackson-datatype-jsr310 module.
                  .addSerializer(TemporalAccessor.class, ToStringSerializer.instance)
                  .addSerializer(TemporalAmount.class, ToStringSerializer.instance)
                  .addSerializer(new OptionalSerializer())
                  // Map keys as JsonText writes them: an object of the application's by its type, never its toString().
                  .addKeySerializer(Object.class, new KeySerializer()));

  private ValueTrees() {}

  /** {@code value}'s tree, or {@code null} when Jackson cannot write it (a getter throws, a cycle). */
  static JsonNode tree(Object value) {
    try {
      return MAPPER.valueToTree(value);
    } catch (RuntimeException | StackOverflowError | LinkageError e) {
      return null;
    }
  }

  /** A map key anywhere in a logged value, by {@link JsonText#key}. */
  private static final class KeySerializer extends StdSerializer<Object> {
    private static final long serialVersionUID = 1L;

    KeySerializer() {
      super(Object.class);
    }

    @Override
    public void serialize(Object key, JsonGenerator generator, SerializerProvider provider) throws IOException {
      generator.writeFieldName(JsonText.key(key));
    }
  }

  /** An {@code Optional} as its content or {@code null}, without the jackson-datatype-jdk8 module. */
  @SuppressWarnings("rawtypes")
  private static final class OptionalSerializer extends StdSerializer<Optional> {
    private static final long serialVersionUID = 1L;

    OptionalSerializer() {
      super(Optional.class);
    }

    @Override
    public void serialize(Optional value, JsonGenerator generator, SerializerProvider provider) throws IOException {
      if (value.isPresent()) {
        provider.defaultSerializeValue(value.get(), generator);
      } else {
        generator.writeNull();
      }
    }
  }
}
