package dev.kindling.runtime.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;
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

  /**
   * How an idempotent route's value becomes its response, is stored, and is replayed with
   * {@code Idempotent-Replayed: true}: the response is written after the method has returned, so
   * a value that cannot be written as JSON no longer releases the key.
   */
  public static <V> ResultCodec<V, HttpResult> codec(int status, ObjectWriter writer) {
    return new StoredResponse<>(status, writer);
  }

  /** As {@link #codec}, for {@code void} routes. */
  public static ResultCodec<Void, HttpResult> emptyCodec(int status) {
    return new StoredResponse<>(status, null);
  }

  /** Stores the whole response (status, headers, body), so a replay is byte for byte the first answer. */
  private static final class StoredResponse<V> implements ResultCodec<V, HttpResult> {
    private final int status;
    private final ObjectWriter writer;

    StoredResponse(int status, ObjectWriter writer) {
      this.status = status;
      this.writer = writer;
    }

    @Override
    public HttpResult respond(V value) {
      return writer == null ? empty(status) : json(status, writer, value);
    }

    @Override
    public String store(HttpResult response) throws IOException {
      return Json.MAPPER.writeValueAsString(response);
    }

    @Override
    public HttpResult replay(String data) throws IOException {
      if (data == null) {
        throw ResultCodec.resultUnavailable();
      }
      HttpResult stored = Json.MAPPER.readValue(data, HttpResult.class);
      Map<String, String> headers = new LinkedHashMap<>(stored.headers());
      headers.put(REPLAYED, "true");
      return new HttpResult(stored.status(), headers, stored.body());
    }
  }

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
