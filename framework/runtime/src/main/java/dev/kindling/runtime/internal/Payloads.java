package dev.kindling.runtime.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.JsonMappingException;
import java.io.IOException;
import java.util.List;

/** Binds JSON text to payload types, turning every binding problem into {@link InvalidInputException}. */
public final class Payloads {
  private static final char BYTE_ORDER_MARK = '\uFEFF';

  private Payloads() {}

  /** Binds {@code json}; an empty or blank text binds to {@code null}. */
  public static <T> T read(ObjectReader reader, byte[] json) {
    if (isBlank(json)) {
      return null;
    }
    try {
      return reader.readValue(json);
    } catch (IOException e) {
      throw invalid(e);
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
      throw invalid(e);
    }
  }

  /** Describes a binding failure without echoing the input. */
  static InvalidInputException invalid(IOException e) {
    if (e instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
      String field = path(mismatch);
      String expected =
          mismatch.getTargetType() == null ? "another type" : simpleName(mismatch.getTargetType());
      String message =
          mismatch instanceof InvalidFormatException
              ? "cannot be read as " + expected
              : "has the wrong type; expected " + expected;
      return new InvalidInputException(
          "Invalid JSON payload", List.of(new InvalidInputException.Violation(field, message)));
    }
    if (e instanceof JsonProcessingException json && json.getLocation() != null) {
      return new InvalidInputException(
          "Malformed JSON at line "
              + json.getLocation().getLineNr()
              + ", column "
              + json.getLocation().getColumnNr());
    }
    return new InvalidInputException("Malformed JSON payload");
  }

  private static String path(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        if (path.length() > 0) {
          path.append('.');
        }
        path.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.toString();
  }

  private static String simpleName(Class<?> type) {
    if (type.isPrimitive() || Number.class.isAssignableFrom(type)) {
      return "a number";
    }
    if (type == String.class) {
      return "a string";
    }
    if (type == Boolean.class) {
      return "true or false";
    }
    if (type.isEnum()) {
      return "one of " + List.of(type.getEnumConstants());
    }
    return "an object of type " + type.getSimpleName();
  }

  private static boolean isBlank(byte[] json) {
    for (byte b : json) {
      if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
        return false;
      }
    }
    return true;
  }
}
