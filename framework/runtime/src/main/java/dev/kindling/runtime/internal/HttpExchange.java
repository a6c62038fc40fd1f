package dev.kindling.runtime.internal;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.kindling.runtime.HttpProblem;
import dev.kindling.runtime.idempotency.IdempotencyException;
import dev.kindling.runtime.logging.KindlingLogging;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The request cycle every {@code _HttpHandler} runs: read the event, route, call the generated
 * dispatcher, and write the proxy response. Client mistakes become 4xx problem+json; anything
 * else becomes a 500 that names the request id and keeps the exception in the log.
 */
public final class HttpExchange {
  private static final Logger LOG = LoggerFactory.getLogger(HttpExchange.class);

  private HttpExchange() {}

  /** Calls the method of route {@code route}, already matched, for {@code request}. */
  @FunctionalInterface
  public interface Dispatcher {
    HttpResult dispatch(int route, HttpRequest request, Context context) throws Exception;
  }

  public static void handle(
      InputStream input, OutputStream output, Context context, Router router, Dispatcher dispatcher)
      throws IOException {
    LambdaInvocation.begin(context);
    KindlingLogging.MdcSnapshot mdc = KindlingLogging.mdcSnapshot();
    HttpRequest request = HttpRequest.fromEvent(
        EventLog.read(input, "Not an API Gateway or Function URL event: the event is not valid JSON"));
    String correlationHeader = KindlingLogging.settings().correlationHeader();
    String correlationId = correlationId(request.header(correlationHeader));
    MDC.put(LambdaInvocation.CORRELATION_ID, correlationId);
    try {
      HttpResult result = respond(request, context, router, dispatcher);
      if ("HEAD".equals(request.method())) {
        // A HEAD answered by a GET route: the same status and headers, no content (RFC 9110 §9.3.2).
        result = new HttpResult(result.status(), result.headers(), null);
      }
      write(output, result.withHeader(correlationHeader, correlationId));
    } finally {
      // Whatever the route put into the MDC, changed or removed ends with the request.
      KindlingLogging.restoreMdc(mdc);
    }
  }

  /**
   * The caller's correlation id, or a random UUID. Not {@code UUID.randomUUID()}: its
   * {@code SecureRandom} costs a cold start milliseconds, and a correlation id is no secret.
   */
  static String correlationId(String fromHeader) {
    if (fromHeader != null && !fromHeader.isBlank()) {
      return fromHeader;
    }
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = (random.nextLong() & ~0xF000L) | 0x4000L;
    long low = (random.nextLong() & ~(0xC000L << 48)) | (0x8000L << 48);
    return new UUID(high, low).toString();
  }

  static HttpResult respond(HttpRequest request, Context context, Router router, Dispatcher dispatcher) {
    Router.Match match = router.match(request.method(), request.routePath());
    if (!match.found()) {
      if (match.allowedMethods().isEmpty()) {
        return Problems.of(404, "No route matches the request path", request, context);
      }
      HttpResult problem =
          Problems.of(405, "The request method is not allowed on this path; see the Allow header", request, context);
      return new HttpResult(
          405,
          Map.of("content-type", HttpResult.PROBLEM_JSON, "allow", String.join(", ", match.allowedMethods())),
          problem.body());
    }
    request.pathVariables(match.pathVariables());
    try {
      return dispatcher.dispatch(match.route(), request, context);
    } catch (InvalidInputException e) {
      return Problems.invalid(e, request, context);
    } catch (IdempotencyException e) {
      return Problems.of(e.reason().httpStatus(), e.getMessage(), request, context);
    } catch (HttpProblem e) {
      if (e.status() >= 500) {
        LOG.error("{} {} answered {}: {}", request.method(), request.path(), e.status(), e.detail());
      }
      return Problems.of(e.status(), e.detail(), request, context);
    } catch (Exception | Error e) {
      Fatal.rethrow(e);
      return failed(request, context, e);
    }
  }

  private static HttpResult failed(HttpRequest request, Context context, Throwable e) {
    LOG.error("{} {} failed", request.method(), request.path(), e);
    return Problems.of(500, "The request failed; quote the request id when reporting it.", request, context);
  }

  static void write(OutputStream output, HttpResult result) throws IOException {
    try (JsonGenerator json = Json.factory().createGenerator(output)) {
      json.writeStartObject();
      json.writeNumberField("statusCode", result.status());
      json.writeObjectFieldStart("headers");
      for (Map.Entry<String, String> header : result.headers().entrySet()) {
        json.writeStringField(header.getKey(), header.getValue());
      }
      json.writeEndObject();
      if (result.body() != null) {
        json.writeStringField("body", result.body());
      }
      json.writeBooleanField("isBase64Encoded", false);
      json.writeEndObject();
    }
  }
}
