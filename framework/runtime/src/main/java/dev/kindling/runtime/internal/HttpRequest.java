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
 *
 * <p>Reading the event fails only when it is not an HTTP event at all, a wiring mistake. What the
 * client sent is checked when a route uses it (the body is decoded then), so a bad request is a
 * 4xx problem from the route, with the correlation id, never a failed invocation.
 */
public final class HttpRequest {
  private static final String JSON_SUBTYPE = "json";
  private static final String JSON_SUFFIX = "+json";

  private final String method;
  private final String path;
  private final String routePath;
  private final String requestId;
  private final Map<String, String> headers;
  private final Map<String, List<String>> query;
  /** The body as the event carries it: text, or base64 text when {@link #base64}; {@code null} when absent. */
  private final String rawBody;
  private final boolean base64;
  /** The event's {@code requestContext}, read for the caller only by routes that scope keys to it. */
  private final JsonNode requestContext;
  private byte[] body;
  private Map<String, String> pathVariables = Map.of();

  HttpRequest(
      String method,
      String path,
      String routePath,
      String requestId,
      Map<String, String> headers,
      Map<String, List<String>> query,
      String rawBody,
      boolean base64,
      JsonNode requestContext) {
    this.method = method;
    this.path = path;
    this.routePath = routePath;
    this.requestId = requestId;
    this.headers = headers;
    this.query = query;
    this.rawBody = rawBody;
    this.base64 = base64;
    this.requestContext = requestContext;
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
          rawBody(event),
          isBase64(event),
          context);
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
          rawBody(event),
          isBase64(event),
          context);
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
   * authorizer's {@code principalId}, the Cognito identity id of {@code AWS_IAM} calls with
   * identity-pool credentials, or the IAM caller's ARN ({@code AWS_IAM} authorization, Function URLs
   * included). {@code null} when the route has no authorizer.
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
          // Before the ARN: every user of a Cognito identity pool calls as the same role session.
          authorizer.path("iam").path("cognitoIdentity").path("identityId"),
          identity.path("cognitoIdentityId"),
          authorizer.path("iam").path("userArn"),
          identity.path("userArn")
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

  private static String rawBody(JsonNode event) {
    JsonNode body = event.get("body");
    return body == null || body.isNull() ? null : body.asText();
  }

  private static boolean isBase64(JsonNode event) {
    return event.path("isBase64Encoded").asBoolean(false);
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

  /**
   * The authenticated caller an idempotency key is scoped to ({@code @Idempotent(perCaller = true)});
   * a request without one is refused with 401 rather than sharing keys with every other caller.
   */
  public String requiredCaller() {
    String caller = caller(requestContext);
    if (caller == null) {
      throw new HttpProblem(401, "This request needs an authenticated caller");
    }
    return caller;
  }

  /** A header by lower-case name, or {@code null}. */
  public String header(String lowerCaseName) {
    return headers.get(lowerCaseName);
  }

  /**
   * A query parameter, or {@code null}. Repeated values are comma-joined, as HTTP API passes them,
   * for every payload version: a REST API event must not bind the first of {@code ?limit=1&limit=2}
   * where an HTTP API event fails to convert {@code 1,2}, nor what an authorizer did not check.
   */
  public String query(String name) {
    List<String> values = query.get(name);
    if (values == null || values.isEmpty()) {
      return null;
    }
    return values.size() == 1 ? values.get(0) : String.join(",", values);
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

  /**
   * The body's bytes, decoded from base64 when the event says so; empty when there is none.
   * Invalid base64 is the client's mistake: {@link InvalidInputException}.
   */
  public byte[] body() {
    if (body == null) {
      body = decodeBody();
    }
    return body;
  }

  private byte[] decodeBody() {
    if (rawBody == null) {
      return new byte[0];
    }
    if (!base64) {
      return rawBody.getBytes(StandardCharsets.UTF_8);
    }
    try {
      return Base64.getDecoder().decode(rawBody);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("Request body is marked base64 but is not valid base64");
    }
  }

  /**
   * Binds the JSON body. A body parameter is required: a missing, blank or {@code null} body is a
   * 400, unless the parameter is an {@code Optional}, which is then empty. A body sent with a
   * content type must be JSON ({@code application/json}, {@code text/json} or a {@code +json}
   * type) in UTF-8; anything else is a 415.
   */
  public <T> T body(ObjectReader reader) {
    byte[] bytes = body();
    T value = null;
    if (!Payloads.isBlank(bytes)) {
      requireJsonContentType();
      value = Payloads.read(reader, bytes);
    }
    if (value == null) {
      value = Payloads.absent(reader);
    }
    if (value == null) {
      throw new InvalidInputException("The request body is required");
    }
    return value;
  }

  /**
   * Accepts no content type (the body is read as JSON) or a JSON media type, in UTF-8, the only
   * encoding JSON exchanged between systems may use (RFC 8259). The message names neither the
   * type nor the charset sent: they are the client's text.
   */
  private void requireJsonContentType() {
    String contentType = header("content-type");
    if (contentType == null || contentType.isBlank()) {
      return;
    }
    String[] parts = contentType.split(";");
    String mediaType = parts[0].strip().toLowerCase(Locale.ROOT);
    String subtype = mediaType.substring(mediaType.indexOf('/') + 1);
    if (!subtype.equals(JSON_SUBTYPE) && !subtype.endsWith(JSON_SUFFIX)) {
      throw new HttpProblem(415, "Unsupported content type; send application/json");
    }
    for (int i = 1; i < parts.length; i++) {
      String[] parameter = parts[i].split("=", 2);
      if (parameter.length == 2
          && parameter[0].strip().equalsIgnoreCase("charset")
          && !unquoted(parameter[1].strip()).equalsIgnoreCase("utf-8")) {
        throw new HttpProblem(415, "Unsupported charset; send JSON in UTF-8");
      }
    }
  }

  private static String unquoted(String value) {
    boolean quoted = value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"");
    return quoted ? value.substring(1, value.length() - 1) : value;
  }
}
