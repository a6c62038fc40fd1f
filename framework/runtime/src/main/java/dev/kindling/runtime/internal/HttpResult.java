package dev.kindling.runtime.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.util.Map;

/** A response an entry sends back: status, headers and a UTF-8 body. */
public record HttpResult(int status, Map<String, String> headers, String body) {
  static final String JSON = "application/json";
  static final String PROBLEM_JSON = "application/problem+json";

  /** The route's status with {@code value} as JSON; {@code null} answers with no body. */
  public static HttpResult json(int status, ObjectWriter writer, Object value) {
    if (value == null) {
      return empty(status);
    }
    try {
      return new HttpResult(status, Map.of("content-type", JSON), writer.writeValueAsString(value));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write the result of the route as JSON", e);
    }
  }

  /** The route's status with no body, for {@code void} methods. */
  public static HttpResult empty(int status) {
    return new HttpResult(status, Map.of(), null);
  }
}
