package dev.kindling.runtime.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Period;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Binds JSON to payload types and tells the client's mistakes from the code's. Input that cannot
 * be bound (malformed JSON, content after the value, a wrong type, a value a constructor rejects)
 * is {@link InvalidInputException}, naming the field and what was expected, never the value. A
 * type Jackson cannot bind whatever the input ({@link InvalidDefinitionException}) is a defect:
 * {@link PayloadTypeException}, which HTTP entries answer with a 500 and batch entries log as an
 * error.
 */
public final class Payloads {
  private static final char BYTE_ORDER_MARK = '\uFEFF';
  /** The start of Jackson's message for {@code FAIL_ON_TRAILING_TOKENS}; the exception has no type of its own. */
  private static final String TRAILING_TOKEN = "Trailing token";

  private Payloads() {}

  /** Binds {@code json}; an empty or blank text binds to {@code null}. */
  public static <T> T read(ObjectReader reader, byte[] json) {
    if (isBlank(json)) {
      return null;
    }
    try {
      return reader.readValue(json);
    } catch (IOException e) {
      throw failure(e, reader);
    }
  }

  /**
   * Binds {@code json}; an empty or blank text binds to {@code null}. A leading byte order mark is
   * skipped, as Jackson does for bytes but not for text.
   */
  public static <T> T read(ObjectReader reader, String json) {
    String text = json != null && !json.isEmpty() && json.charAt(0) == BYTE_ORDER_MARK ? json.substring(1) : json;
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return reader.readValue(text);
    } catch (IOException e) {
      throw failure(e, reader);
    }
  }

  /** Binds a tree, such as a DynamoDB image converted to plain JSON. */
  static <T> T read(ObjectReader reader, JsonNode json) {
    try {
      return reader.readValue(json);
    } catch (IOException e) {
      throw failure(e, reader);
    }
  }

  /**
   * What a binding failure is: {@link PayloadTypeException} for a type Jackson cannot bind,
   * otherwise {@link InvalidInputException} describing the input's problem without echoing it.
   */
  static RuntimeException failure(IOException e, ObjectReader reader) {
    if (e instanceof InvalidDefinitionException definition) {
      return new PayloadTypeException(reader.getValueType(), definition);
    }
    StreamReadException read = streamReadCause(e);
    if (e instanceof StreamConstraintsException || e.getCause() instanceof StreamConstraintsException) {
      return new InvalidInputException("The JSON exceeds a processing limit (nesting depth, number or text length)");
    }
    if (read instanceof InputCoercionException coercion && e instanceof JsonMappingException mapping) {
      Class<?> target = coercion.getTargetType();
      return violation(mapping, target == null ? "is out of range" : "is out of range for " + target.getSimpleName());
    }
    if (read != null) {
      return new InvalidInputException("Malformed JSON" + at(read.getLocation()));
    }
    if (e instanceof MismatchedInputException mismatch) {
      if (mismatch.getPath().isEmpty() && String.valueOf(mismatch.getOriginalMessage()).startsWith(TRAILING_TOKEN)) {
        return new InvalidInputException("Unexpected content after the JSON value" + at(mismatch.getLocation()));
      }
      String expected = expected(mismatch.getTargetType());
      return violation(
          mismatch,
          mismatch instanceof InvalidFormatException ? "cannot be read as " + expected : "has the wrong type; expected " + expected);
    }
    if (e instanceof ValueInstantiationException instantiation) {
      return violation(instantiation, "is rejected by " + instantiation.getType().getRawClass().getSimpleName());
    }
    if (e instanceof JsonMappingException mapping) {
      return violation(mapping, "cannot be read");
    }
    return new InvalidInputException("Malformed JSON payload");
  }

  /** The parser's own failure: {@code e}, or the cause Jackson wrapped with the field path. */
  private static StreamReadException streamReadCause(IOException e) {
    if (e instanceof StreamReadException read) {
      return read;
    }
    return e instanceof JsonMappingException && e.getCause() instanceof StreamReadException read ? read : null;
  }

  private static InvalidInputException violation(JsonMappingException e, String message) {
    return new InvalidInputException(
        "Invalid JSON payload", List.of(new InvalidInputException.Violation(path(e), message)));
  }

  private static String at(JsonLocation location) {
    return location == null || location.getLineNr() < 0
        ? " payload"
        : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
  }

  /**
   * {@code lines[2].quantity}: property names joined with dots, list indexes in brackets; a map key
   * is the client's data, not the type's, so it is written {@code <key>}, never echoed.
   */
  private static String path(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        if (path.length() > 0) {
          path.append('.');
        }
        path.append(ref.getFrom() instanceof Map<?, ?> ? "<key>" : ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.toString();
  }

  /** What a value of {@code type} looks like in JSON, for a client who sent something else. */
  static String expected(Class<?> type) {
    if (type == null) {
      return "another type";
    }
    if (type == boolean.class || type == Boolean.class) {
      return "true or false";
    }
    if (type.isPrimitive() || Number.class.isAssignableFrom(type)) {
      return "a number";
    }
    if (type == String.class || type == char.class || type == Character.class) {
      return "a string";
    }
    if (type.isEnum()) {
      return "one of " + Arrays.stream(type.getEnumConstants()).map(constant -> ((Enum<?>) constant).name()).toList();
    }
    if (type == byte[].class) {
      return "base64 text";
    }
    if (type.isArray() || Collection.class.isAssignableFrom(type)) {
      return "an array";
    }
    if (Map.class.isAssignableFrom(type)) {
      return "an object";
    }
    if (type == UUID.class) {
      return "a UUID";
    }
    if (JavaTimeSupport.isJavaTime(type)) {
      return isoText(type);
    }
    return "an object (" + type.getSimpleName() + ")";
  }

  private static String isoText(Class<?> type) {
    if (type == LocalDate.class) {
      return "an ISO-8601 date (2026-03-10)";
    }
    if (type == Instant.class) {
      return "an ISO-8601 instant (2026-03-10T05:16:23Z)";
    }
    if (type == OffsetDateTime.class || type == ZonedDateTime.class) {
      return "an ISO-8601 date-time with offset (2026-03-10T06:16:23+01:00)";
    }
    if (type == LocalDateTime.class) {
      return "an ISO-8601 local date-time (2026-03-10T06:16:23)";
    }
    if (type == LocalTime.class || type == OffsetTime.class) {
      return "an ISO-8601 time (06:16:23)";
    }
    if (type == Duration.class) {
      return "an ISO-8601 duration (PT15M)";
    }
    if (type == Period.class) {
      return "an ISO-8601 period (P1M)";
    }
    return "an ISO-8601 " + type.getSimpleName();
  }

  /** What a payload that is absent (empty or {@code null}) binds to: an empty {@code Optional}, or {@code null}. */
  @SuppressWarnings("unchecked")
  static <T> T absent(ObjectReader reader) {
    return reader.getValueType() != null && reader.getValueType().getRawClass() == Optional.class
        ? (T) Optional.empty()
        : null;
  }

  static boolean isBlank(byte[] json) {
    for (byte b : json) {
      if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
        return false;
      }
    }
    return true;
  }

  /**
   * A payload type Jackson cannot bind, whatever the input: a defect in the code, not bad input.
   * The message names the type, the field and Jackson's reason, which describe the type, not the
   * input.
   */
  public static final class PayloadTypeException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    PayloadTypeException(JavaType payloadType, InvalidDefinitionException cause) {
      super(
          "Payload type " + (payloadType == null ? "?" : payloadType.getRawClass().getSimpleName())
              + (cause.getPath().isEmpty() ? "" : " (at " + path(cause) + ")")
              + " cannot be bound; the defect is in the type, not in the input: " + cause.getOriginalMessage(),
          cause);
    }
  }
}
