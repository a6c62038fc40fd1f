package dev.kindling.sample.documented.invocations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kindling.test.Events;
import dev.kindling.test.TestContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** HTTP through REST API (1.0), HTTP API (2.0) and Function URL events. */
class InvocationHttpTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @BeforeEach
  void reset() {
    InvocationApi.EFFECTS.clear();
  }

  static JsonNode http(ObjectNode event) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      new InvocationApi_HttpHandler().handleRequest(
          new ByteArrayInputStream(Events.text(event).getBytes(StandardCharsets.UTF_8)), out, TestContext.create());
      return JSON.readTree(out.toByteArray());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static ObjectNode v2(String method, String path) {
    ObjectNode event = Events.tree("apigw-http-v2.json");
    event.put("rawPath", path);
    ((ObjectNode) event.get("requestContext").get("http")).put("method", method).put("path", path);
    event.remove("body");
    event.remove("queryStringParameters");
    event.put("rawQueryString", "");
    ((ObjectNode) event.get("headers")).remove("content-length");
    return event;
  }

  static ObjectNode v1(String method, String path) {
    ObjectNode event = Events.tree("apigw-rest-v1.json");
    event.put("httpMethod", method).put("path", path);
    ((ObjectNode) event.get("requestContext")).put("httpMethod", method);
    event.putNull("body");
    event.remove("queryStringParameters");
    event.remove("multiValueQueryStringParameters");
    return event;
  }

  static int status(JsonNode response) {
    return response.get("statusCode").asInt();
  }

  static String body(JsonNode response) {
    return response.path("body").asText("");
  }

  // ---------------------------------------------------------------- repeated query parameters

  /**
   * ?limit=1&limit=2: HTTP API sends "1,2" (a 400: not an integer, as DocumentedHttpTest asserts). REST API sends
   * queryStringParameters {limit: "2"} (the last value) and multiValueQueryStringParameters {limit: ["1","2"]}.
   * The same request must not be a 400 on one API and silently bind one of the values on the other.
   */
  @Test
  void aRepeatedIntegerQueryParameterIsA400OnRestApiAsOnHttpApi() {
    ObjectNode http = v2("GET", "/p/limits");
    http.put("rawQueryString", "limit=1&limit=2");
    http.putObject("queryStringParameters").put("limit", "1,2");
    JsonNode viaHttpApi = http(http);

    ObjectNode rest = v1("GET", "/p/limits");
    rest.putObject("queryStringParameters").put("limit", "2");
    rest.putObject("multiValueQueryStringParameters").putArray("limit").add("1").add("2");
    JsonNode viaRestApi = http(rest);

    System.out.println("REVIEW4 repeated limit: HTTP API " + status(viaHttpApi) + " " + body(viaHttpApi)
        + " / REST API " + status(viaRestApi) + " " + body(viaRestApi));
    assertThat(status(viaHttpApi)).isEqualTo(400);
    assertThat(status(viaRestApi)).as("REST API bound " + body(viaRestApi)).isEqualTo(400);
  }

  /**
   * ?currency=EUR&currency=USD on REST API: API Gateway's own single-value view (what a REQUEST authorizer,
   * a WAF rule or a mapping sees in queryStringParameters) is the LAST value, USD. Kindling binds the FIRST
   * (EUR), and on HTTP API binds "EUR,USD": three readings of one request.
   */
  @Test
  void aRepeatedStringQueryParameterBindsAsHttpApiDoesNotTheFirstValue() {
    ObjectNode rest = v1("GET", "/p/limits");
    rest.putObject("queryStringParameters").put("limit", "5").put("currency", "USD");
    ObjectNode multi = rest.putObject("multiValueQueryStringParameters");
    multi.putArray("limit").add("5");
    multi.putArray("currency").add("EUR").add("USD");
    ((ObjectNode) rest.get("headers")).remove("X-Tenant");
    ((ObjectNode) rest.get("multiValueHeaders")).remove("X-Tenant");
    JsonNode viaRestApi = http(rest);

    ObjectNode http = v2("GET", "/p/limits");
    http.putObject("queryStringParameters").put("limit", "5").put("currency", "EUR,USD");
    JsonNode viaHttpApi = http(http);

    System.out.println("REVIEW4 repeated currency: REST " + body(viaRestApi) + " / HTTP " + body(viaHttpApi));
    assertThat(body(viaRestApi)).as("REST API and HTTP API bind one request alike").isEqualTo(body(viaHttpApi));
  }

  @Test
  void restMultiValueHeadersAreJoinedAsHttpApiJoinsThemAndNamesAreCaseInsensitive() {
    ObjectNode rest = v1("GET", "/p/limits");
    rest.putObject("queryStringParameters").put("limit", "5");
    rest.putObject("multiValueQueryStringParameters").putArray("limit").add("5");
    ((ObjectNode) rest.get("headers")).remove("X-Tenant");
    ((ObjectNode) rest.get("headers")).put("x-TENANT", "evil");
    ((ObjectNode) rest.get("multiValueHeaders")).remove("X-Tenant");
    ((ObjectNode) rest.get("multiValueHeaders")).putArray("x-TENANT").add("acme").add("evil");
    JsonNode response = http(rest);
    assertThat(body(response)).isEqualTo("\"5|null|acme,evil\"");
  }

  // ---------------------------------------------------------------- replays keep the route's status

  @Test
  void a202RouteReplaysAs202() {
    String key = "k-" + UUID.randomUUID();
    ObjectNode event = v2("POST", "/p/accounts/A/captures");
    ((ObjectNode) event.get("headers")).put("idempotency-key", key);
    event.put("body", "{\"amount\":10}");
    JsonNode first = http(event);
    JsonNode replay = http(event);
    assertThat(status(first)).isEqualTo(202);
    assertThat(status(replay)).isEqualTo(202);
    assertThat(replay.path("headers").path("idempotent-replayed").asText()).isEqualTo("true");
    assertThat(body(replay)).isEqualTo(body(first));
    assertThat(InvocationApi.EFFECTS).containsExactly("capture A null 10");
  }

  @Test
  void aVoid204RouteReplaysAs204WithoutABodyOnRestApi() {
    String key = "k-" + UUID.randomUUID();
    ObjectNode event = v1("DELETE", "/p/cards/c-1");
    ((ObjectNode) event.get("headers")).put("Idempotency-Key", key);
    ((ObjectNode) event.get("multiValueHeaders")).putArray("Idempotency-Key").add(key);
    JsonNode first = http(event);
    JsonNode replay = http(event);
    assertThat(status(first)).isEqualTo(204);
    assertThat(status(replay)).isEqualTo(204);
    assertThat(replay.has("body")).isFalse();
    assertThat(replay.path("headers").path("idempotent-replayed").asText()).isEqualTo("true");
    assertThat(InvocationApi.EFFECTS).containsExactly("remove c-1");
  }

  /** A REST API client may send the header in any case; two spellings of one key are one key. */
  @Test
  void theIdempotencyKeyHeaderIsFoundInAnyCaseOnRestApi() {
    String key = "k-" + UUID.randomUUID();
    ObjectNode first = v1("DELETE", "/p/cards/c-2");
    ((ObjectNode) first.get("headers")).put("IDEMPOTENCY-KEY", key);
    ((ObjectNode) first.get("multiValueHeaders")).putArray("IDEMPOTENCY-KEY").add(key);
    ObjectNode second = v1("DELETE", "/p/cards/c-2");
    ((ObjectNode) second.get("headers")).put("idempotency-key", key);
    ((ObjectNode) second.get("multiValueHeaders")).putArray("idempotency-key").add(key);
    assertThat(status(http(first))).isEqualTo(204);
    assertThat(http(second).path("headers").path("idempotent-replayed").asText()).isEqualTo("true");
    assertThat(InvocationApi.EFFECTS).containsExactly("remove c-2");
  }

  @Test
  void anOptionalResultIsWrittenAndReplayedAlike() {
    String key = "k-" + UUID.randomUUID();
    ObjectNode empty = v2("POST", "/p/refunds");
    ((ObjectNode) empty.get("headers")).put("idempotency-key", key);
    empty.put("body", "{\"amount\":3}");
    JsonNode first = http(empty);
    JsonNode replay = http(empty);
    System.out.println("REVIEW4 Optional.empty result: " + first + " / replay " + replay);
    assertThat(status(first)).isEqualTo(201);
    assertThat(body(replay)).isEqualTo(body(first));

    ObjectNode present = v2("POST", "/p/refunds");
    ((ObjectNode) present.get("headers")).put("idempotency-key", "k-" + UUID.randomUUID());
    present.put("body", "{\"amount\":3,\"note\":\"r-1\"}");
    assertThat(body(http(present))).isEqualTo("{\"id\":\"r-1\",\"amount\":3}");
  }

  @Test
  void aJavaTimeResultIsIsoText() {
    assertThat(body(http(v2("GET", "/p/time")))).isEqualTo("\"2026-03-10T05:16:23Z\"");
  }

  // ---------------------------------------------------------------- @Valid on container bodies

  /** README: failed @Valid constraints are a 400. A list of charges with a negative amount must not run. */
  @Test
  void validOnAListBodyValidatesEveryElement() {
    ObjectNode event = v2("POST", "/p/batches");
    event.put("body", "[{\"amount\":10},{\"amount\":-5}]");
    JsonNode response = http(event);
    System.out.println("REVIEW4 @Valid List<Charge> with amount -5: " + status(response) + " " + body(response)
        + " effects " + InvocationApi.EFFECTS);
    assertThat(status(response)).isEqualTo(400);
    assertThat(InvocationApi.EFFECTS).isEmpty();
  }

  @Test
  void validOnAnOptionalBodyValidatesItsValue() {
    ObjectNode event = v2("POST", "/p/maybe");
    event.put("body", "{\"amount\":-5}");
    JsonNode response = http(event);
    System.out.println("REVIEW4 @Valid Optional<Charge> with amount -5: " + status(response) + " " + body(response)
        + " effects " + InvocationApi.EFFECTS);
    assertThat(status(response)).isEqualTo(400);
    assertThat(InvocationApi.EFFECTS).isEmpty();
  }

  // ---------------------------------------------------------------- HEAD

  /** RFC 9110 9.3.2: a HEAD response has no content. A HEAD answered by a GET route must not carry its body. */
  @Test
  void headAnsweredByAGetRouteHasNoBody() {
    JsonNode response = http(v2("HEAD", "/p/orders/o-1"));
    System.out.println("REVIEW4 HEAD via GET route: " + response);
    assertThat(status(response)).isEqualTo(200);
    assertThat(response.has("body")).as("HEAD response body").isFalse();
  }

  @Test
  void optionsOnAPathWithoutAnOptionsRouteIs405WithAllow() {
    JsonNode response = http(v2("OPTIONS", "/p/orders/o-1"));
    assertThat(status(response)).isEqualTo(405);
    assertThat(response.path("headers").path("allow").asText()).contains("GET");
    assertThat(InvocationApi.EFFECTS).isEmpty();
  }

  // ---------------------------------------------------------------- perCaller on REST API

  @Test
  void perCallerOnRestApiWithACognitoUserPoolAuthorizer() {
    String key = "k-" + UUID.randomUUID();
    ObjectNode alice = v1("POST", "/p/caller/charges");
    ((ObjectNode) alice.get("headers")).put("Idempotency-Key", key);
    ((ObjectNode) alice.get("multiValueHeaders")).putArray("Idempotency-Key").add(key);
    alice.put("body", "{\"amount\":5,\"note\":\"alice-secret\"}");
    ((ObjectNode) alice.get("requestContext")).putObject("authorizer").putObject("claims").put("sub", "alice")
        .put("email", "alice@example.com");
    ObjectNode bob = alice.deepCopy();
    ((ObjectNode) bob.get("requestContext").get("authorizer").get("claims")).put("sub", "bob");
    assertThat(status(http(alice))).isEqualTo(201);
    JsonNode bobs = http(bob);
    assertThat(bobs.path("headers").has("idempotent-replayed")).isFalse();
    assertThat(InvocationApi.EFFECTS).hasSize(2);
  }

  /** REST API Lambda authorizer: principalId plus flattened context (strings only). */
  @Test
  void perCallerOnRestApiWithALambdaAuthorizerContext() {
    String key = "k-" + UUID.randomUUID();
    ObjectNode alice = v1("POST", "/p/caller/charges");
    ((ObjectNode) alice.get("headers")).put("Idempotency-Key", key);
    ((ObjectNode) alice.get("multiValueHeaders")).putArray("Idempotency-Key").add(key);
    alice.put("body", "{\"amount\":5,\"note\":\"alice-secret\"}");
    ((ObjectNode) alice.get("requestContext")).putObject("authorizer").put("principalId", "user|alice")
        .put("tenant", "acme").put("integrationLatency", 12).put("claims", "not-an-object");
    ObjectNode bob = alice.deepCopy();
    ((ObjectNode) bob.get("requestContext").get("authorizer")).put("principalId", "user|bob");
    bob.put("body", "{\"amount\":5,\"note\":\"bob\"}");
    assertThat(status(http(alice))).isEqualTo(201);
    JsonNode bobs = http(bob);
    assertThat(status(bobs)).isEqualTo(201);
    assertThat(body(bobs)).doesNotContain("alice-secret");
    assertThat(InvocationApi.EFFECTS).hasSize(2);
  }

  // ---------------------------------------------------------------- REST API behind a custom domain

  // ---------------------------------------------------------------- long header values

  @Test
  void aVeryLongIdempotencyKeyAndCorrelationIdAreHandled() {
    String key = "k".repeat(64 * 1024) + UUID.randomUUID();
    ObjectNode event = v2("POST", "/p/accounts/L/captures");
    ((ObjectNode) event.get("headers")).put("idempotency-key", key).put("x-correlation-id", "c".repeat(32 * 1024));
    event.put("body", "{\"amount\":1}");
    JsonNode first = http(event);
    JsonNode replay = http(event);
    assertThat(status(first)).isEqualTo(202);
    assertThat(replay.path("headers").path("idempotent-replayed").asText()).isEqualTo("true");
    System.out.println("REVIEW4 echoed correlation id length: " + first.path("headers").path("x-correlation-id").asText().length());
  }

  // ---------------------------------------------------------------- number parameters

  /**
   * A JSON body refuses NaN and Infinity (Jackson's default); a query parameter must not let them through either:
   * NaN compares false with every limit ("amount > 1000" is false), so a limit check passes it.
   */
  @Test
  void nonFiniteAndNonDecimalNumbersAreNotNumbersInParameters() {
    StringBuilder seen = new StringBuilder();
    boolean anyAccepted = false;
    for (String amount : new String[] {"NaN", "Infinity", "-Infinity", "0x1p11", "2000d", "1e400"}) {
      ObjectNode event = v2("GET", "/p/quotes");
      event.putObject("queryStringParameters").put("amount", amount);
      JsonNode response = http(event);
      seen.append(amount).append(" -> ").append(status(response)).append(' ').append(body(response)).append("; ");
      anyAccepted |= status(response) == 200;
    }
    ObjectNode digits = v2("GET", "/p/quotes");
    digits.putObject("queryStringParameters").put("amount", "5").put("count", "\u0665\u0660");
    JsonNode arabicIndic = http(digits);
    seen.append("count=\u0665\u0660 -> ").append(status(arabicIndic)).append(' ').append(body(arabicIndic));
    System.out.println("REVIEW4 number params: " + seen);
    assertThat(anyAccepted).as(seen.toString()).isFalse();
    assertThat(status(arabicIndic)).as("non-ASCII digits").isEqualTo(400);
  }
}
