package dev.kindling.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kindling.runtime.HttpProblem;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The HTTP request cycle on the three event shapes AWS sends, with a hand-written dispatcher. */
class HttpExchangeTest {
  record Item(@NotBlank String sku, @Positive int quantity) {}

  record Delivery(String orderId, LocalDate dueDate, Instant placedAt, Optional<String> note) {}

  /** Jackson cannot create a {@code Runnable}: a mistake in the type, not in any request. */
  record Schedule(String id, Runnable task) {}

  private static final Router ROUTER =
      Router.of(
          "GET /orders", "POST /orders", "GET /orders/{id}", "GET /boom", "POST /orders/search", "POST /deliveries",
          "POST /schedules", "POST /notes");

  private final AtomicReference<HttpRequest> seen = new AtomicReference<>();

  private HttpResult dispatch(int route, HttpRequest request, com.amazonaws.services.lambda.runtime.Context context) {
    seen.set(request);
    return switch (route) {
      case 0 -> HttpResult.json(200, Json.writer(String.class), request.query("customerId") + "/" + request.query("limit"));
      case 1 -> {
        Item item = BeanValidation.validate(request.body(Json.reader(Item.class)));
        yield HttpResult.json(201, Json.writer(Item.class), item);
      }
      case 2 -> {
        if (request.pathVariable("id").equals("missing")) {
          throw new HttpProblem(404, "Order missing does not exist");
        }
        yield HttpResult.json(200, Json.writer(String.class), request.pathVariable("id") + "@" + request.header("x-tenant"));
      }
      case 3 -> throw new IllegalStateException("database password=hunter2 rejected");
      case 4 -> HttpResult.json(200, Json.writer(String.class), "searched");
      case 5 -> {
        Delivery delivery = request.body(Json.reader(Delivery.class));
        yield HttpResult.json(201, Json.writer(Delivery.class), delivery);
      }
      case 6 -> HttpResult.json(201, Json.writer(String.class), request.<Schedule>body(Json.reader(Schedule.class)).id());
      case 7 -> {
        Optional<Item> item = request.body(Json.reader(new TypeReference<Optional<Item>>() {}.getType()));
        yield HttpResult.json(200, Json.writer(String.class), item.map(Item::sku).orElse("no body"));
      }
      default -> throw new IllegalStateException("No route " + route);
    };
  }

  private JsonNode call(JsonNode event) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    HttpExchange.handle(
        new ByteArrayInputStream(Json.MAPPER.writeValueAsBytes(event)), out, null, ROUTER, this::dispatch);
    return Json.MAPPER.readTree(out.toByteArray());
  }

  @Test
  void restApiEventBindsPathHeadersAndQuery() throws IOException {
    JsonNode response = call(Fixtures.event("apigw-rest-v1.json"));
    assertThat(response.get("statusCode").asInt()).isEqualTo(200);
    assertThat(response.get("body").asText()).isEqualTo("\"ord-1@acme\"");
    assertThat(response.at("/headers/content-type").asText()).isEqualTo("application/json");
    assertThat(seen.get().query("verbose")).isEqualTo("true");
    assertThat(seen.get().requestId()).isEqualTo("e6803f9d-2d2f-4d2b-9f5e-5d3c9e2a1b7c");
  }

  @Test
  void httpApiEventBindsTheJsonBody() throws IOException {
    ObjectNode event = Fixtures.event("apigw-http-v2.json");
    event.put("body", "{\"sku\":\"BOOK-1\",\"quantity\":2}");
    JsonNode response = call(event);
    assertThat(response.get("statusCode").asInt()).isEqualTo(201);
    assertThat(Json.MAPPER.readTree(response.get("body").asText()))
        .isEqualTo(Json.MAPPER.readTree("{\"sku\":\"BOOK-1\",\"quantity\":2}"));
  }

  @Test
  void functionUrlEventBindsQueryParameters() throws IOException {
    JsonNode response = call(Fixtures.event("function-url.json"));
    assertThat(response.get("body").asText()).isEqualTo("\"c-42/5\"");
  }

  @Test
  void base64BodyIsDecoded() throws IOException {
    ObjectNode event = Fixtures.event("apigw-http-v2.json");
    event.put("isBase64Encoded", true);
    event.put("body", Base64.getEncoder().encodeToString("{\"sku\":\"Ünïcode\",\"quantity\":1}".getBytes(StandardCharsets.UTF_8)));
    JsonNode response = call(event);
    assertThat(response.get("statusCode").asInt()).isEqualTo(201);
    assertThat(response.get("body").asText()).contains("Ünïcode");
  }

  @Test
  void namedStageIsStrippedFromTheHttpApiPath() throws IOException {
    ObjectNode event = Fixtures.event("function-url.json");
    event.put("rawPath", "/prod/orders");
    ((ObjectNode) event.get("requestContext")).put("stage", "prod");
    assertThat(call(event).get("statusCode").asInt()).isEqualTo(200);
  }

  @Test
  void malformedJsonIsA400ProblemWithoutEchoingTheInput() throws IOException {
    ObjectNode event = Fixtures.event("apigw-http-v2.json");
    event.put("body", "{\"sku\": \"secret-value\", ");
    JsonNode response = call(event);
    assertThat(response.get("statusCode").asInt()).isEqualTo(400);
    assertThat(response.at("/headers/content-type").asText()).isEqualTo("application/problem+json");
    JsonNode problem = Json.MAPPER.readTree(response.get("body").asText());
    assertThat(problem.get("title").asText()).isEqualTo("Bad Request");
    assertThat(problem.get("detail").asText()).startsWith("Malformed JSON at line 1");
    assertThat(response.get("body").asText()).doesNotContain("secret-value");
  }

  @Test
  void wrongTypeNamesTheField() throws IOException {
    ObjectNode event = Fixtures.event("apigw-http-v2.json");
    event.put("body", "{\"sku\":\"A\",\"quantity\":\"many\"}");
    JsonNode problem = Json.MAPPER.readTree(call(event).get("body").asText());
    assertThat(problem.at("/violations/0/field").asText()).isEqualTo("quantity");
    assertThat(problem.at("/violations/0/message").asText()).isEqualTo("cannot be read as a number");
  }

  @Test
  void everyViolationIsListed() throws IOException {
    ObjectNode event = Fixtures.event("apigw-http-v2.json");
    event.put("body", "{\"sku\":\" \",\"quantity\":0}");
    JsonNode response = call(event);
    assertThat(response.get("statusCode").asInt()).isEqualTo(400);
    JsonNode problem = Json.MAPPER.readTree(response.get("body").asText());
    assertThat(problem.get("detail").asText()).isEqualTo("Validation failed");
    assertThat(problem.get("violations")).hasSize(2);
    assertThat(problem.at("/violations/0/field").asText()).isEqualTo("quantity");
    assertThat(problem.at("/violations/1/field").asText()).isEqualTo("sku");
  }

  @Test
  void nonJsonContentTypeIs415WithoutEchoingIt() throws IOException {
    ObjectNode event = Fixtures.event("apigw-http-v2.json");
    ((ObjectNode) event.get("headers")).put("content-type", "text/secret-type");
    JsonNode response = call(event);
    assertThat(response.get("statusCode").asInt()).isEqualTo(415);
    assertThat(response.at("/headers/content-type").asText()).isEqualTo("application/problem+json");
    assertThat(response.get("body").asText()).doesNotContain("secret");
  }

  @Test
  void jsonInACharsetOtherThanUtf8Is415() throws IOException {
    ObjectNode event = Fixtures.event("apigw-http-v2.json");
    event.put("body", "{\"sku\":\"B\",\"quantity\":1}");
    ((ObjectNode) event.get("headers")).put("content-type", "application/json; charset=ISO-8859-1");
    assertThat(call(event).get("statusCode").asInt()).isEqualTo(415);

    ((ObjectNode) event.get("headers")).put("content-type", "application/merge-patch+json; charset=\"UTF-8\"");
    assertThat(call(event).get("statusCode").asInt()).isEqualTo(201);
  }

  @Test
  void bytesThatAreNotUtf8Are400MalformedJson() throws IOException {
    ObjectNode event = Fixtures.event("apigw-http-v2.json");
    event.put("isBase64Encoded", true);
    event.put("body", Base64.getEncoder().encodeToString("{\"sku\":\"Caf\u00e9\",\"quantity\":1}".getBytes(StandardCharsets.ISO_8859_1)));
    JsonNode response = call(event);
    assertThat(response.get("statusCode").asInt()).isEqualTo(400);
    assertThat(Json.MAPPER.readTree(response.get("body").asText()).get("detail").asText()).startsWith("Malformed JSON at line 1");
  }

  @Test
  void contentAfterTheJsonBodyIs400() throws IOException {
    ObjectNode event = Fixtures.event("apigw-http-v2.json");
    event.put("body", "{\"sku\":\"A\",\"quantity\":1} {\"sku\":\"B\",\"quantity\":2}");
    JsonNode response = call(event);
    assertThat(response.get("statusCode").asInt()).isEqualTo(400);
    assertThat(Json.MAPPER.readTree(response.get("body").asText()).get("detail").asText())
        .startsWith("Unexpected content after the JSON value");

    event.put("body", "{\"sku\":\"A\",\"quantity\":1} garbage");
    assertThat(call(event).get("statusCode").asInt()).isEqualTo(400);
  }

  @Test
  void invalidBase64IsA400ProblemWithTheCorrelationId() throws IOException {
    ObjectNode event = Fixtures.event("apigw-http-v2.json");
    event.put("isBase64Encoded", true);
    event.put("body", "{not base64}");
    ((ObjectNode) event.get("headers")).put("x-correlation-id", "corr-b64");
    JsonNode response = call(event);
    assertThat(response.get("statusCode").asInt()).isEqualTo(400);
    assertThat(response.at("/headers/content-type").asText()).isEqualTo("application/problem+json");
    assertThat(response.at("/headers/x-correlation-id").asText()).isEqualTo("corr-b64");
    assertThat(Json.MAPPER.readTree(response.get("body").asText()).get("detail").asText())
        .isEqualTo("Request body is marked base64 but is not valid base64");
  }

  @Test
  void javaTimeBodyBindsAndIsWrittenAsIso8601() throws IOException {
    ObjectNode event = Fixtures.event("apigw-http-v2.json");
    event.put("rawPath", "/deliveries");
    event.put("body", "{\"orderId\":\"o-1\",\"dueDate\":\"2026-03-11\",\"placedAt\":\"2026-03-10T05:16:23Z\",\"note\":\"ring\"}");
    JsonNode response = call(event);
    assertThat(response.get("statusCode").asInt()).isEqualTo(201);
    assertThat(Json.MAPPER.readTree(response.get("body").asText()))
        .isEqualTo(Json.MAPPER.readTree("{\"orderId\":\"o-1\",\"dueDate\":\"2026-03-11\",\"placedAt\":\"2026-03-10T05:16:23Z\",\"note\":\"ring\"}"));
  }

  @Test
  void aDateThatDoesNotParseIs400NamingTheField() throws IOException {
    ObjectNode event = Fixtures.event("apigw-http-v2.json");
    event.put("rawPath", "/deliveries");
    event.put("body", "{\"orderId\":\"o-1\",\"dueDate\":\"11/03/2026\"}");
    JsonNode response = call(event);
    assertThat(response.get("statusCode").asInt()).isEqualTo(400);
    JsonNode problem = Json.MAPPER.readTree(response.get("body").asText());
    assertThat(problem.at("/violations/0/field").asText()).isEqualTo("dueDate");
    assertThat(problem.at("/violations/0/message").asText()).startsWith("cannot be read as an ISO-8601 date");
    assertThat(response.get("body").asText()).doesNotContain("11/03/2026");
  }

  @Test
  void aBodyTypeJacksonCannotBindIs500WithoutExceptionText() throws IOException {
    ObjectNode event = Fixtures.event("apigw-http-v2.json");
    event.put("rawPath", "/schedules");
    event.put("body", "{\"id\":\"s-1\",\"task\":{}}");
    JsonNode response = call(event);
    assertThat(response.get("statusCode").asInt()).isEqualTo(500);
    String body = response.get("body").asText();
    assertThat(Json.MAPPER.readTree(body).get("detail").asText()).doesNotContain("Malformed").doesNotContain("Runnable");
    assertThat(body).doesNotContain("Schedule").doesNotContain("Cannot construct").doesNotContain("violations");
  }

  @Test
  void aMissingOrNullBodyIs400Required() throws IOException {
    for (String body : new String[] {null, "", "  ", "null"}) {
      ObjectNode event = Fixtures.event("apigw-http-v2.json");
      event.put("rawPath", "/deliveries");
      event.put("body", body);
      JsonNode response = call(event);
      assertThat(response.get("statusCode").asInt()).as("body %s", body).isEqualTo(400);
      assertThat(Json.MAPPER.readTree(response.get("body").asText()).get("detail").asText())
          .isEqualTo("The request body is required");
    }
  }

  @Test
  void anOptionalBodyMayBeAbsent() throws IOException {
    ObjectNode event = Fixtures.event("apigw-http-v2.json");
    event.put("rawPath", "/notes");
    event.remove("body");
    assertThat(call(event).get("body").asText()).isEqualTo("\"no body\"");
    event.put("body", "{\"sku\":\"N-1\",\"quantity\":1}");
    assertThat(call(event).get("body").asText()).isEqualTo("\"N-1\"");
  }

  @Test
  void unknownPathIs404AndWrongMethodIs405WithAllow() throws IOException {
    ObjectNode unknown = Fixtures.event("function-url.json");
    unknown.put("rawPath", "/customers");
    JsonNode notFound = call(unknown);
    assertThat(notFound.get("statusCode").asInt()).isEqualTo(404);
    JsonNode problem = Json.MAPPER.readTree(notFound.get("body").asText());
    assertThat(problem.get("detail").asText()).isEqualTo("No route matches the request path");
    assertThat(notFound.get("body").asText()).as("no problem echoes the request").doesNotContain("/customers");

    ObjectNode delete = Fixtures.event("function-url.json");
    ((ObjectNode) delete.at("/requestContext/http")).put("method", "DELETE");
    JsonNode notAllowed = call(delete);
    assertThat(notAllowed.get("statusCode").asInt()).isEqualTo(405);
    assertThat(notAllowed.at("/headers/allow").asText()).isEqualTo("GET, POST");
  }

  @Test
  void aLiteralRouteWithoutTheMethodDoesNotShadowAVariableRoute() throws IOException {
    ObjectNode get = Fixtures.event("function-url.json");
    get.put("rawPath", "/orders/search");
    JsonNode found = call(get);
    assertThat(found.get("statusCode").asInt()).isEqualTo(200);
    assertThat(found.get("body").asText()).isEqualTo("\"search@null\"");

    ObjectNode put = Fixtures.event("function-url.json");
    put.put("rawPath", "/orders/search");
    ((ObjectNode) put.at("/requestContext/http")).put("method", "PUT");
    JsonNode notAllowed = call(put);
    assertThat(notAllowed.get("statusCode").asInt()).isEqualTo(405);
    assertThat(notAllowed.at("/headers/allow").asText()).isEqualTo("GET, POST");
  }

  @Test
  void restApiEventIsRoutedWithoutOneTrailingSlashAsRestApiRoutesIt() throws IOException {
    ObjectNode slash = Fixtures.event("apigw-rest-v1.json");
    slash.put("path", "/orders/ord-1/");
    JsonNode response = call(slash);
    assertThat(response.get("statusCode").asInt()).isEqualTo(200);
    assertThat(response.get("body").asText()).isEqualTo("\"ord-1@acme\"");

    ObjectNode twoSlashes = Fixtures.event("apigw-rest-v1.json");
    twoSlashes.put("path", "/orders/ord-1//");
    assertThat(call(twoSlashes).get("statusCode").asInt()).isEqualTo(404);
  }

  @Test
  void httpApiAndFunctionUrlEventsTreatATrailingOrDoubledSlashAsAnotherPath() throws IOException {
    ObjectNode httpApi = Fixtures.event("apigw-http-v2.json");
    ((ObjectNode) httpApi.at("/requestContext/http")).put("method", "GET");
    httpApi.put("rawPath", "/orders/ord-1/");
    assertThat(call(httpApi).get("statusCode").asInt()).isEqualTo(404);

    ObjectNode trailing = Fixtures.event("function-url.json");
    trailing.put("rawPath", "/orders/");
    assertThat(call(trailing).get("statusCode").asInt()).isEqualTo(404);

    ObjectNode doubled = Fixtures.event("function-url.json");
    doubled.put("rawPath", "//orders");
    assertThat(call(doubled).get("statusCode").asInt()).isEqualTo(404);

    ObjectNode stageThenDoubled = Fixtures.event("function-url.json");
    stageThenDoubled.put("rawPath", "/prod//orders");
    ((ObjectNode) stageThenDoubled.get("requestContext")).put("stage", "prod");
    assertThat(call(stageThenDoubled).get("statusCode").asInt()).isEqualTo(404);
  }

  @Test
  void handlerProblemKeepsItsStatus() throws IOException {
    ObjectNode event = Fixtures.event("apigw-rest-v1.json");
    event.put("path", "/orders/missing");
    JsonNode response = call(event);
    assertThat(response.get("statusCode").asInt()).isEqualTo(404);
    assertThat(Json.MAPPER.readTree(response.get("body").asText()).get("detail").asText())
        .isEqualTo("Order missing does not exist");
  }

  @Test
  void unhandledExceptionIs500WithRequestIdAndNoExceptionText() throws IOException {
    ObjectNode event = Fixtures.event("apigw-rest-v1.json");
    event.put("path", "/boom");
    JsonNode response = call(event);
    assertThat(response.get("statusCode").asInt()).isEqualTo(500);
    String body = response.get("body").asText();
    assertThat(Json.MAPPER.readTree(body).get("requestId").asText()).isEqualTo("e6803f9d-2d2f-4d2b-9f5e-5d3c9e2a1b7c");
    assertThat(body).doesNotContain("hunter2").doesNotContain("IllegalStateException").doesNotContain("at dev.");
  }

  @Test
  void anEventThatIsNotJsonFailsTheInvocationWithAClearMessage() {
    assertThatThrownBy(
            () -> HttpExchange.handle(
                new ByteArrayInputStream("not json".getBytes(StandardCharsets.UTF_8)), new ByteArrayOutputStream(), null,
                ROUTER, this::dispatch))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Not an API Gateway or Function URL event");
  }

  @Test
  void anEventThatIsNotHttpFailsTheInvocation() {
    ObjectNode sqs = Json.MAPPER.createObjectNode();
    sqs.putArray("Records");
    assertThatThrownBy(() -> call(sqs))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Not an API Gateway or Function URL event");
  }
}
