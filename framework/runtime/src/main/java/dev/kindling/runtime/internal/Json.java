package dev.kindling.runtime.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import java.lang.reflect.Type;

/**
 * The shared Jackson mapper. Generated entries prepare one reader or writer per bound type in a
 * static field, so the per-request path does no type lookup.
 *
 * <p>Payloads are read strictly where it matters (content after the JSON value is an error) and
 * leniently where it does not (unknown properties are ignored). {@code java.time} values are read
 * and written as ISO-8601 text, durations included, and an offset date-time keeps the offset it
 * was sent with. {@code Optional} binds through jackson-datatype-jdk8. Modules are registered
 * here by name, never discovered: a {@code ServiceLoader} scan of the class path would cost every
 * cold start.
 */
public final class Json {
  /** Configured once; never reconfigured after class init. */
  public static final ObjectMapper MAPPER = builder().build();

  private Json() {}

  /**
   * A builder with Kindling's modules and features, for a mapper that must write what
   * {@link #MAPPER} writes with a setting of its own (the idempotency payload hash sorts properties).
   */
  public static JsonMapper.Builder builder() {
    return JsonMapper.builder()
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        // 2.7 into an int would be 2: a quantity or an amount in cents silently changed.
        .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
        .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
        .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
        .addModule(new Jdk8Module())
        .addModule(new JavaTimeSupport());
  }

  public static JsonFactory factory() {
    return MAPPER.getFactory();
  }

  public static ObjectReader reader(Class<?> type) {
    return MAPPER.readerFor(type);
  }

  /** Reader for a generic type such as {@code List<Order>}, spelled by the processor. */
  public static ObjectReader reader(Type genericType) {
    return MAPPER.readerFor(type(genericType));
  }

  public static ObjectWriter writer(Class<?> type) {
    return MAPPER.writerFor(type);
  }

  public static ObjectWriter writer(Type genericType) {
    return MAPPER.writerFor(type(genericType));
  }

  private static JavaType type(Type genericType) {
    return MAPPER.getTypeFactory().constructType(genericType);
  }
}
