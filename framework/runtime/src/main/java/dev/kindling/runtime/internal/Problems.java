package dev.kindling.runtime.internal;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;

/** RFC 9457 problem details, the body of every 4xx and 5xx an HTTP entry sends. */
public final class Problems {
  private Problems() {}

  static HttpResult of(int status, String detail, HttpRequest request, Context context) {
    return new HttpResult(
        status,
        Map.of("content-type", HttpResult.PROBLEM_JSON),
        body(status, detail, request, context, null));
  }

  static HttpResult invalid(InvalidInputException e, HttpRequest request, Context context) {
    return new HttpResult(
        400, Map.of("content-type", HttpResult.PROBLEM_JSON), body(400, e.detail(), request, context, e));
  }

  private static String body(
      int status, String detail, HttpRequest request, Context context, InvalidInputException invalid) {
    StringWriter out = new StringWriter();
    try (JsonGenerator json = Json.factory().createGenerator(out)) {
      json.writeStartObject();
      json.writeStringField("type", "about:blank");
      json.writeStringField("title", title(status));
      json.writeNumberField("status", status);
      json.writeStringField("detail", detail);
      String requestId = context != null ? context.getAwsRequestId() : request.requestId();
      if (requestId != null) {
        json.writeStringField("requestId", requestId);
      }
      if (invalid != null && !invalid.violations().isEmpty()) {
        json.writeArrayFieldStart("violations");
        for (InvalidInputException.Violation violation : invalid.violations()) {
          json.writeStartObject();
          json.writeStringField("field", violation.field());
          json.writeStringField("message", violation.message());
          json.writeEndObject();
        }
        json.writeEndArray();
      }
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  static String title(int status) {
    return switch (status) {
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 409 -> "Conflict";
      case 415 -> "Unsupported Media Type";
      case 422 -> "Unprocessable Content";
      case 429 -> "Too Many Requests";
      case 500 -> "Internal Server Error";
      case 502 -> "Bad Gateway";
      case 503 -> "Service Unavailable";
      case 504 -> "Gateway Timeout";
      default -> status < 500 ? "Client Error" : "Server Error";
    };
  }
}
