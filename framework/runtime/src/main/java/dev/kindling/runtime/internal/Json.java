package dev.kindling.runtime.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.lang.reflect.Type;

/**
 * The shared Jackson mapper. Generated entries prepare one reader or writer per bound type in a
 * static field, so the per-request path does no type lookup.
 */
public final class Json {
  /** Configured once; never reconfigured after class init. */
  public static final ObjectMapper MAPPER =
      new ObjectMapper()
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

  private Json() {}

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
