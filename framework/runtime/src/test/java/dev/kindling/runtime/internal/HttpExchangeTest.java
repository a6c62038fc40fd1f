package dev.kindling.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kindling.runtime.HttpProblem;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The HTTP request cycle on the three event shapes AWS sends, with a hand-written dispatcher. */
class HttpExchangeTest {
  record Item(@NotBlank String sku, @Positive int quantity) {}

  private static final Router ROUTER =
      Router.of("GET /orders", "POST /orders", "GET /orders/{id}", "GET /boom", "POST /orders/search");

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
      case 4 -> HttpResult.json(200, Json.writer(String.class), "searched");
      default -> throw new IllegalStateException("database password=hunter2 rejected");
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
  void nonJsonContentTypeIsRejected() throws IOException {
    ObjectNode event = Fixtures.event("apigw-http-v2.json");
    ((ObjectNode) event.get("headers")).put("content-type", "text/plain");
    assertThat(call(event).get("statusCode").asInt()).isEqualTo(400);
  }

  @Test
  void unknownPathIs404AndWrongMethodIs405WithAllow() throws IOException {
    ObjectNode unknown = Fixtures.event("function-url.json");
    unknown.put("rawPath", "/customers");
    JsonNode notFound = call(unknown);
    assertThat(notFound.get("statusCode").asInt()).isEqualTo(404);
    assertThat(Json.MAPPER.readTree(notFound.get("body").asText()).get("instance").asText()).isEqualTo("/customers");

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
  void anEventThatIsNotHttpFailsTheInvocation() {
    ObjectNode sqs = Json.MAPPER.createObjectNode();
    sqs.putArray("Records");
    assertThatThrownBy(() -> call(sqs))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Not an API Gateway or Function URL event");
  }
}
