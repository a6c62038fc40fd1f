package dev.kindling.runtime.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.kindling.runtime.HttpProblem;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP request read from an API Gateway REST (payload 1.0), HTTP API (payload 2.0) or
 * Function URL event. Header names are lower-cased; repeated headers are comma-joined the way
 * HTTP API does it.
 */
public final class HttpRequest {
  private final String method;
  private final String path;
  private final String routePath;
  private final String requestId;
  private final Map<String, String> headers;
  private final Map<String, List<String>> query;
  private final byte[] body;
  private final String caller;
  private Map<String, String> pathVariables = Map.of();

  HttpRequest(
      String method,
      String path,
      String routePath,
      String requestId,
      Map<String, String> headers,
      Map<String, List<String>> query,
      byte[] body,
      String caller) {
    this.method = method;
    this.path = path;
    this.routePath = routePath;
    this.requestId = requestId;
    this.headers = headers;
    this.query = query;
    this.body = body;
    this.caller = caller;
  }

  /** Reads the event; throws {@link IllegalArgumentException} when it is not an HTTP event. */
  public static HttpRequest fromEvent(JsonNode event) {
    if (event == null || !event.isObject()) {
      throw new IllegalArgumentException("Not an API Gateway or Function URL event: expected a JSON object");
    }
    JsonNode context = event.path("requestContext");
    if ("2.0".equals(event.path("version").asText())) {
      String method = context.path("http").path("method").asText("");
      String path = event.path("rawPath").asText(context.path("http").path("path").asText(""));
      if (method.isEmpty() || path.isEmpty()) {
        throw new IllegalArgumentException("HTTP API event without requestContext.http.method or rawPath");
      }
      Map<String, List<String>> query = new HashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = event.path("queryStringParameters").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> entry = it.next();
        // HTTP API joins repeated parameters with commas; the joined text is the value.
        query.put(entry.getKey(), List.of(entry.getValue().asText()));
      }
      String routePath = withoutStage(path, context.path("stage").asText("$default"));
      return new HttpRequest(
          method.toUpperCase(Locale.ROOT),
          routePath,
          routePath,
          context.path("requestId").asText(null),
          singleHeaders(event.path("headers")),
          query,
          body(event),
          caller(context));
    }
    if (event.hasNonNull("httpMethod")) {
      String path = event.path("path").asText("");
      if (path.isEmpty()) {
        throw new IllegalArgumentException("REST API event without path");
      }
      Map<String, String> headers = singleHeaders(event.path("headers"));
      for (Iterator<Map.Entry<String, JsonNode>> it = event.path("multiValueHeaders").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> entry = it.next();
        headers.put(entry.getKey().toLowerCase(Locale.ROOT), String.join(",", texts(entry.getValue())));
      }
      Map<String, List<String>> query = new HashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = event.path("queryStringParameters").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> entry = it.next();
        query.put(entry.getKey(), List.of(entry.getValue().asText()));
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = event.path("multiValueQueryStringParameters").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> entry = it.next();
        query.put(entry.getKey(), texts(entry.getValue()));
      }
      return new HttpRequest(
          event.get("httpMethod").asText().toUpperCase(Locale.ROOT),
          path,
          withoutTrailingSlash(path),
          context.path("requestId").asText(null),
          headers,
          query,
          body(event),
          caller(context));
    }
    throw new IllegalArgumentException(
        "Not an API Gateway or Function URL event: neither payload version 2.0 nor a REST API httpMethod");
  }

  /**
   * HTTP API puts a named stage in front of rawPath; routes are written without it, as in the
   * REST API's {@code path}.
   */
  private static String withoutStage(String path, String stage) {
    if (stage.isEmpty() || "$default".equals(stage)) {
      return path;
    }
    String prefix = "/" + stage;
    if (path.equals(prefix)) {
      return "/";
    }
    return path.startsWith(prefix + "/") ? path.substring(prefix.length()) : path;
  }

  /**
   * The authenticated caller API Gateway vouches for, from the first of: a JWT authorizer's
   * {@code sub} (HTTP API), a Cognito user pool authorizer's {@code sub} (REST API), a Lambda
   * authorizer's {@code principalId}, the IAM caller's ARN ({@code AWS_IAM} authorization, Function
   * URLs included) or Cognito identity id. {@code null} when the route has no authorizer.
   */
  private static String caller(JsonNode context) {
    JsonNode authorizer = context.path("authorizer");
    JsonNode identity = context.path("identity");
    for (JsonNode candidate :
        new JsonNode[] {
          authorizer.path("jwt").path("claims").path("sub"),
          authorizer.path("claims").path("sub"),
          authorizer.path("principalId"),
          authorizer.path("lambda").path("principalId"),
          authorizer.path("iam").path("userArn"),
          identity.path("userArn"),
          identity.path("cognitoIdentityId")
        }) {
      if (candidate.isValueNode() && !candidate.isNull() && !candidate.asText().isBlank()) {
        return candidate.asText();
      }
    }
    return null;
  }

  /**
   * REST API matches a request to its resources as if one trailing slash were absent, and passes
   * the path on with it; the route is chosen the same way here. HTTP API and Function URLs take
   * the path literally, so their events keep it.
   */
  private static String withoutTrailingSlash(String path) {
    return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }

  private static Map<String, String> singleHeaders(JsonNode node) {
    Map<String, String> headers = new HashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      headers.put(entry.getKey().toLowerCase(Locale.ROOT), entry.getValue().asText());
    }
    return headers;
  }

  private static List<String> texts(JsonNode array) {
    List<String> values = new ArrayList<>(array.size());
    for (JsonNode value : array) {
      values.add(value.asText());
    }
    return values;
  }

  private static byte[] body(JsonNode event) {
    JsonNode body = event.get("body");
    if (body == null || body.isNull()) {
      return new byte[0];
    }
    if (event.path("isBase64Encoded").asBoolean(false)) {
      try {
        return Base64.getDecoder().decode(body.asText());
      } catch (IllegalArgumentException e) {
        throw new InvalidInputException("Request body is marked base64 but is not valid base64");
      }
    }
    return body.asText().getBytes(StandardCharsets.UTF_8);
  }

  public String method() {
    return method;
  }

  /** The path as the event carries it, without a named HTTP API stage. */
  public String path() {
    return path;
  }

  /** The path the router matches; differs from {@link #path()} only as REST API routing does. */
  String routePath() {
    return routePath;
  }

  /** The API Gateway request id, or {@code null} when the event has none. */
  public String requestId() {
    return requestId;
  }

  /** The authenticated caller (see {@link #caller(JsonNode)}), or {@code null} without an authorizer. */
  public String caller() {
    return caller;
  }

  /**
   * The authenticated caller an idempotency key is scoped to ({@code @Idempotent(perCaller = true)});
   * a request without one is refused with 401 rather than sharing keys with every other caller.
   */
  public String requiredCaller() {
    if (caller == null) {
      throw new HttpProblem(401, "This request needs an authenticated caller");
    }
    return caller;
  }

  /** A header by lower-case name, or {@code null}. */
  public String header(String lowerCaseName) {
    return headers.get(lowerCaseName);
  }

  /** The first value of a query parameter, or {@code null}. */
  public String query(String name) {
    List<String> values = query.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  /** Every value of a query parameter, empty when absent. */
  public List<String> queryAll(String name) {
    return query.getOrDefault(name, List.of());
  }

  /** A path variable of the matched route. */
  public String pathVariable(String name) {
    return pathVariables.get(name);
  }

  void pathVariables(Map<String, String> variables) {
    this.pathVariables = variables;
  }

  public byte[] body() {
    return body;
  }

  /** Binds the JSON body; a missing body binds to {@code null}. */
  public <T> T body(ObjectReader reader) {
    String contentType = header("content-type");
    if (body.length > 0 && contentType != null && !contentType.toLowerCase(Locale.ROOT).contains("json")) {
      throw new InvalidInputException("Unsupported content type " + contentType + "; send application/json");
    }
    return Payloads.read(reader, body);
  }
}
