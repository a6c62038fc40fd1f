package dev.kindling.runtime.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.util.LinkedHashMap;
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

  /** Header set on a response replayed from the idempotency store. */
  static final String REPLAYED = "idempotent-replayed";

  /** Stores a response for idempotent routes; a replay carries {@code Idempotent-Replayed: true}. */
  public static final ResultCodec<HttpResult> CODEC =
      new ResultCodec<>() {
        @Override
        public String encode(HttpResult result) throws java.io.IOException {
          return Json.MAPPER.writeValueAsString(result);
        }

        @Override
        public HttpResult decode(String data) throws java.io.IOException {
          HttpResult stored = Json.MAPPER.readValue(data, HttpResult.class);
          java.util.Map<String, String> headers = new java.util.HashMap<>(stored.headers());
          headers.put(REPLAYED, "true");
          return new HttpResult(stored.status(), headers, stored.body());
        }
      };

  /** This result with header {@code lowerCaseName} added, unless the route set it already. */
  HttpResult withHeader(String lowerCaseName, String value) {
    if (headers.containsKey(lowerCaseName)) {
      return this;
    }
    Map<String, String> withHeader = new LinkedHashMap<>(headers);
    withHeader.put(lowerCaseName, value);
    return new HttpResult(status, withHeader, body);
  }

  /** The route's status with no body, for {@code void} methods. */
  public static HttpResult empty(int status) {
    return new HttpResult(status, Map.of(), null);
  }
}
