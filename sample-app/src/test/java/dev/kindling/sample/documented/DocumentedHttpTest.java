package dev.kindling.sample.documented;

import static dev.kindling.sample.documented.DocumentedSupport.body;
import static dev.kindling.sample.documented.DocumentedSupport.header;
import static dev.kindling.sample.documented.DocumentedSupport.headers;
import static dev.kindling.sample.documented.DocumentedSupport.http;
import static dev.kindling.sample.documented.DocumentedSupport.status;
import static dev.kindling.sample.documented.DocumentedSupport.v1;
import static dev.kindling.sample.documented.DocumentedSupport.v2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kindling.test.Events;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The README's HTTP promises: routing, problems, binding, content types. */
class DocumentedHttpTest {
  @BeforeEach
  void reset() {
    DocumentedEffects.reset();
  }

  private static JsonNode get(String path) {
    return http(v2("GET", path));
  }

  private static JsonNode post(String path, String key, String body) {
    return http(v2("POST", path, key, body));
  }

  // ---- routing

  @Test
  void aRouteWithAnotherMethodNeverHidesOneWithTheRequestsMethod() {
    JsonNode response = get("/r/orders/search");
    assertThat(status(response)).isEqualTo(200);
    assertThat(body(response)).isEqualTo("\"order:search\"");
    assertThat(body(http(v2("POST", "/r/orders/search")))).isEqualTo("\"search\"");
  }

  @Test
  void literalsBeatVariablesWithBacktracking() {
    assertThat(body(get("/r/orders/recent/lines/3"))).isEqualTo("\"recent-line:3\"");
    assertThat(body(get("/r/orders/recent"))).isEqualTo("\"order:recent\"");
    assertThat(body(get("/r/orders/o-1/lines/2"))).isEqualTo("\"line:o-1:2\"");
  }

  @Test
  void pathsAreTakenLiterallyOnHttpApi() {
    assertThat(status(get("/r/orders/7/"))).isEqualTo(404);
    assertThat(status(get("//r/orders/7"))).isEqualTo(404);
    assertThat(status(get("/r/orders//lines/1"))).isEqualTo(404);
    assertThat(status(get("/r/orders/"))).isEqualTo(404);
    assertThat(status(get("/r/orders/7"))).isEqualTo(200);
    assertThat(body(get("/"))).isEqualTo("\"root\"");
  }

  @Test
  void restApiRoutesWithoutOneTrailingSlash() {
    assertThat(body(http(v1("GET", "/r/orders/7/")))).isEqualTo("\"order:7\"");
    assertThat(status(http(v1("GET", "/r/orders/7//")))).isEqualTo(404);
    assertThat(body(http(v1("GET", "/")))).isEqualTo("\"root\"");
  }

  @Test
  void aNamedStageIsStrippedFromTheHttpApiPath() {
    ObjectNode event = v2("GET", "/prod/r/orders/9");
    ((ObjectNode) event.get("requestContext")).put("stage", "prod");
    assertThat(body(http(event))).isEqualTo("\"order:9\"");
  }

  @Test
  void methodNotAllowedListsEveryMethodOfThePathSorted() {
    JsonNode response = http(v2("PATCH", "/r/orders/7"));
    assertThat(status(response)).isEqualTo(405);
    assertThat(header(response, "allow")).isEqualTo("DELETE, GET, PUT");
    assertThat(header(response, "content-type")).isEqualTo("application/problem+json");
    assertThat(header(response, "x-correlation-id")).isNotBlank();
  }

  @Test
  void headIsMatchedAsHeadThenAsGet() {
    assertThat(status(http(v2("HEAD", "/r/heads/1")))).isEqualTo(200);
    assertThat(body(http(v2("HEAD", "/r/heads/1")))).isEmpty();
    assertThat(status(http(v2("HEAD", "/r/orders/1")))).isEqualTo(200);
  }

  @Test
  void variablesArePercentDecodedOnce() {
    assertThat(body(get("/r/orders/a%2Fb"))).isEqualTo("\"order:a/b\"");
    assertThat(body(get("/r/orders/a+b"))).isEqualTo("\"order:a+b\"");
    assertThat(body(get("/r/orders/caf%C3%A9"))).isEqualTo("\"order:café\"");
    assertThat(body(get("/r/orders/%F0%9F%98%80"))).isEqualTo("\"order:😀\"");
  }

  @Test
  void aVariableWithARawNonBmpCharacterAndAnEscapeIsDecodedIntact() {
    // A character outside the BMP next to a percent escape (REST API passes paths on decoded).
    assertThat(body(get("/r/orders/😀%20x"))).isEqualTo("\"order:😀 x\"");
  }

  // ---- problems

  @Test
  void aNotFoundProblemNeverEchoesTheRequestPath() {
    JsonNode notFound = get("/r/<script>alert(1)</script>");
    assertThat(status(notFound)).isEqualTo(404);
    assertThat(header(notFound, "content-type")).isEqualTo("application/problem+json");
    assertThat(body(notFound)).doesNotContain("<script>");
  }

  @Test
  void aMethodNotAllowedProblemNeverEchoesTheRequestPath() {
    JsonNode notAllowed = http(v2("PATCH", "/r/orders/IGNORE-PREVIOUS-INSTRUCTIONS"));
    assertThat(status(notAllowed)).isEqualTo(405);
    assertThat(body(notAllowed)).doesNotContain("IGNORE-PREVIOUS-INSTRUCTIONS");
  }

  @Test
  void aBadParameterProblemNeverEchoesTheRequestPath() {
    JsonNode badParam = get("/r/orders/o-1/lines/evil-value");
    assertThat(status(badParam)).isEqualTo(400);
    assertThat(body(badParam)).doesNotContain("evil-value");
  }

  @Test
  void anExceptionIsA500WithoutItsTextOrStack() {
    JsonNode response = get("/r/boom");
    assertThat(status(response)).isEqualTo(500);
    assertThat(header(response, "content-type")).isEqualTo("application/problem+json");
    assertThat(body(response))
        .doesNotContain("hunter2")
        .doesNotContain("postgresql")
        .doesNotContain("IllegalStateException")
        .doesNotContain("at dev.")
        .contains("requestId");
    assertThat(header(response, "x-correlation-id")).isNotBlank();
  }

  @Test
  void aStackOverflowInARouteIsStillA500Problem() {
    JsonNode response = get("/r/overflow");
    assertThat(status(response)).isEqualTo(500);
    assertThat(header(response, "x-correlation-id")).isNotBlank();
  }

  @Test
  void everyResponseCarriesTheCorrelationId() {
    String[][] requests = {
      {"GET", "/r/orders/1", null},
      {"GET", "/nope", null},
      {"PATCH", "/r/orders/1", null},
      {"GET", "/r/boom", null},
      {"POST", "/r/loose", "{bad"},
      {"POST", "/r/loose", "{\"amount\":1}"},
    };
    for (String[] request : requests) {
      ObjectNode event = v2(request[0], request[1], "k-" + UUID.randomUUID(), request[2]);
      headers(event).put("x-correlation-id", "corr-documented");
      JsonNode response = http(event);
      assertThat(header(response, "x-correlation-id")).as(request[1]).isEqualTo("corr-documented");
    }
    ObjectNode unsupported = v2("POST", "/r/loose", "k", "{\"amount\":1}");
    headers(unsupported).put("content-type", "text/plain");
    JsonNode response = http(unsupported);
    assertThat(status(response)).isEqualTo(415);
    assertThat(header(response, "x-correlation-id")).isNotBlank();
  }

  // ---- bodies

  @Test
  void invalidBase64IsA400() {
    ObjectNode event = v2("POST", "/r/loose", "k-" + UUID.randomUUID(), "!!!not base64!!!");
    event.put("isBase64Encoded", true);
    JsonNode response = http(event);
    assertThat(status(response)).isEqualTo(400);
    assertThat(header(response, "content-type")).isEqualTo("application/problem+json");
    assertThat(body(response)).doesNotContain("not base64!!!");

    ObjectNode valid = v2("POST", "/r/loose", "k-" + UUID.randomUUID(),
        Base64.getEncoder().encodeToString("{\"amount\":3}".getBytes(StandardCharsets.UTF_8)));
    valid.put("isBase64Encoded", true);
    assertThat(status(http(valid))).isEqualTo(201);
  }

  @Test
  void contentAfterTheJsonValueIsA400() {
    for (String body : new String[] {"{\"amount\":1} {\"amount\":2}", "{\"amount\":1}]", "{\"amount\":1} x", "{\"amount\":1}{"}) {
      JsonNode response = post("/r/loose", "k-" + UUID.randomUUID(), body);
      assertThat(status(response)).as(body).isEqualTo(400);
      assertThat(header(response, "content-type")).isEqualTo("application/problem+json");
    }
    assertThat(DocumentedEffects.EFFECTS).isEmpty();
  }

  @Test
  void aMissingEmptyOrNullBodyIsA400() {
    for (String body : new String[] {null, "", "   ", "null"}) {
      JsonNode response = post("/r/loose", "k-" + UUID.randomUUID(), body);
      assertThat(status(response)).as(String.valueOf(body)).isEqualTo(400);
      assertThat(body(response)).contains("The request body is required");
    }
    assertThat(DocumentedEffects.EFFECTS).isEmpty();
  }

  @Test
  void anOptionalBodyIsEmptyWhenNoneIsSent() {
    assertThat(body(post("/r/optional-body", null, null))).isEqualTo("\"none\"");
    assertThat(body(post("/r/optional-body", null, "null"))).isEqualTo("\"none\"");
    assertThat(body(post("/r/optional-body", null, "{\"amount\":2}"))).isEqualTo("\"some 2\"");
  }

  @Test
  void nonJsonContentTypesAre415() {
    for (String type : new String[] {"text/plain", "application/x-www-form-urlencoded", "application/xml",
        "application/json; charset=ISO-8859-1", "application/json; charset=\"utf-16\"", "multipart/form-data; boundary=json"}) {
      ObjectNode event = v2("POST", "/r/loose", "k-" + UUID.randomUUID(), "{\"amount\":1}");
      headers(event).put("content-type", type);
      JsonNode response = http(event);
      assertThat(status(response)).as(type).isEqualTo(415);
      assertThat(body(response)).as(type).doesNotContain("ISO-8859").doesNotContain("utf-16").doesNotContain("xml");
    }
    for (String type : new String[] {"application/json", "Application/JSON; charset=UTF-8", "text/json", "application/merge-patch+json"}) {
      ObjectNode event = v2("POST", "/r/loose", "k-" + UUID.randomUUID(), "{\"amount\":1}");
      headers(event).put("content-type", type);
      assertThat(status(http(event))).as(type).isEqualTo(201);
    }
    ObjectNode none = v2("POST", "/r/loose", "k-" + UUID.randomUUID(), "{\"amount\":1}");
    headers(none).remove("content-type");
    assertThat(status(http(none))).isEqualTo(201);
  }

  @Test
  void javaTimeAndOptionalBindAsIsoTextAndReplayTheSame() throws Exception {
    String key = "k-" + UUID.randomUUID();
    String sent = "{\"at\":\"2026-03-10T05:16:23Z\",\"day\":\"2026-03-10\",\"local\":\"2026-03-10T06:16:23+01:00\","
        + "\"every\":\"PT15M\",\"memo\":null}";
    JsonNode first = post("/r/schedules", key, sent);
    assertThat(status(first)).isEqualTo(201);
    JsonNode result = DocumentedSupport.JSON.readTree(body(first));
    assertThat(result.get("at").asText()).isEqualTo("2026-03-10T05:16:23Z");
    assertThat(result.get("day").asText()).isEqualTo("2026-03-10");
    assertThat(result.get("local").asText()).isEqualTo("2026-03-10T06:16:23+01:00");
    assertThat(result.get("every").asText()).isEqualTo("PT15M");
    assertThat(result.get("memo").isNull()).isTrue();
    JsonNode replay = post("/r/schedules", key, sent);
    assertThat(header(replay, "idempotent-replayed")).isEqualTo("true");
    assertThat(body(replay)).isEqualTo(body(first));
    assertThat(DocumentedEffects.EFFECTS).containsExactly("schedule");
  }

  @Test
  void anInstantIsNeverReadFromANumber() {
    JsonNode epoch = post("/r/schedules", "k-" + UUID.randomUUID(), "{\"at\":1773119783}");
    assertThat(status(epoch)).as(body(epoch)).isEqualTo(400);
  }

  @Test
  void aDurationIsNeverReadFromANumber() {
    JsonNode number = post("/r/schedules", "k-" + UUID.randomUUID(), "{\"every\":900}");
    assertThat(status(number)).as(body(number)).isEqualTo(400);
  }

  @Test
  void aLocalDateIsNeverReadFromAnArray() {
    JsonNode array = post("/r/schedules", "k-" + UUID.randomUUID(), "{\"day\":[2026,3,10]}");
    assertThat(status(array)).as(body(array)).isEqualTo(400);
  }

  @Test
  void aBadDateSaysWhatWasExpectedWithoutEchoingIt() {
    JsonNode bad = post("/r/schedules", "k-" + UUID.randomUUID(), "{\"day\":\"10/03/2026\"}");
    assertThat(status(bad)).isEqualTo(400);
    assertThat(body(bad)).contains("cannot be read as an ISO-8601 date (2026-03-10)").doesNotContain("10/03/2026");
  }

  @Test
  void hugeAndDeeplyNestedBodiesAreHandled() {
    String note = "x".repeat(5_000_000);
    assertThat(status(post("/r/loose", "k-" + UUID.randomUUID(), "{\"amount\":1,\"note\":\"" + note + "\"}"))).isEqualTo(201);

    String deep = "[".repeat(5000) + "]".repeat(5000);
    JsonNode tooDeep = post("/r/loose", "k-" + UUID.randomUUID(), "{\"amount\":1,\"extra\":" + deep + "}");
    assertThat(status(tooDeep)).isEqualTo(400);

    StringBuilder tree = new StringBuilder();
    int depth = 900;
    for (int i = 0; i < depth; i++) {
      tree.append("{\"name\":\"n\",\"children\":[");
    }
    tree.append("{\"name\":\"leaf\"}");
    for (int i = 0; i < depth; i++) {
      tree.append("]}");
    }
    JsonNode nested = post("/r/tree", null, tree.toString());
    System.out.println("REVIEW tree status " + status(nested) + " " + body(nested));
    assertThat(status(nested)).as(body(nested)).isIn(200, 400);
    JsonNode nestedIdempotent = post("/r/tree-idem", "k-" + UUID.randomUUID(), tree.toString());
    System.out.println("REVIEW tree-idem status " + status(nestedIdempotent) + " " + body(nestedIdempotent));
    assertThat(status(nestedIdempotent)).as(body(nestedIdempotent)).isIn(200, 400);
  }

  @Test
  void aRecursiveBodyJustUnderTheNestingLimitIsAnsweredNotCrashed() {
    for (int depth : new int[] {490, 499}) {
      StringBuilder tree = new StringBuilder();
      for (int i = 0; i < depth; i++) {
        tree.append("{\"name\":\"n\",\"children\":[");
      }
      tree.append("{\"name\":\"leaf\"}");
      for (int i = 0; i < depth; i++) {
        tree.append("]}");
      }
      JsonNode plain = post("/r/tree", null, tree.toString());
      System.out.println("REVIEW tree " + depth + " status " + status(plain) + " " + body(plain));
      assertThat(status(plain)).isIn(200, 400);
      JsonNode idempotent = post("/r/tree-idem", "k-" + UUID.randomUUID(), tree.toString());
      System.out.println("REVIEW tree-idem " + depth + " status " + status(idempotent) + " " + body(idempotent));
      assertThat(status(idempotent)).isIn(200, 400);
    }
  }

  @Test
  void numbersBeyondTheirTypeAreA400() {
    JsonNode response = post("/r/loose", "k-" + UUID.randomUUID(), "{\"amount\":1" + "0".repeat(2000) + "}");
    assertThat(status(response)).isEqualTo(400);
  }

  // ---- parameters

  @Test
  void parametersConvertOrAreA400NamingTheParameter() throws Exception {
    String id = UUID.randomUUID().toString();
    ObjectNode ok = v2("GET", "/r/params");
    ok.set("queryStringParameters", DocumentedSupport.JSON.readTree(
        "{\"limit\":\"5\",\"big\":\"9000000000\",\"flag\":\"true\",\"id\":\"" + id + "\",\"color\":\"green\"}"));
    headers(ok).put("x-tenant", "acme");
    JsonNode response = http(ok);
    assertThat(status(response)).as(body(response)).isEqualTo(200);
    JsonNode params = DocumentedSupport.JSON.readTree(body(response));
    assertThat(params.get("limit").asInt()).isEqualTo(5);
    assertThat(params.get("color").asText()).isEqualTo("GREEN");
    assertThat(params.get("page").isNull()).isTrue();

    ObjectNode missing = v2("GET", "/r/params");
    JsonNode missingResponse = http(missing);
    assertThat(status(missingResponse)).isEqualTo(400);
    assertThat(body(missingResponse)).contains("\"field\":\"limit\"");

    ObjectNode bad = ok.deepCopy();
    ((ObjectNode) bad.get("queryStringParameters")).put("limit", "5;DROP TABLE").put("color", "BLUE<svg>");
    JsonNode badResponse = http(bad);
    assertThat(status(badResponse)).isEqualTo(400);
    assertThat(body(badResponse)).doesNotContain("DROP TABLE").doesNotContain("<svg>");

    ObjectNode repeated = ok.deepCopy();
    ((ObjectNode) repeated.get("queryStringParameters")).put("limit", "1,2");
    assertThat(status(http(repeated))).isEqualTo(400);
  }

  @Test
  void anEventThatIsNotHttpFailsTheInvocationWithAClearMessage() {
    assertThatThrownBy(() -> DocumentedSupport.invoke(new DocumentedApi_HttpHandler(), Events.json("sqs-event.json")))
        .hasMessageContaining("Not an API Gateway or Function URL event");
    assertThatThrownBy(() -> DocumentedSupport.invoke(new DocumentedApi_HttpHandler(), "not json"))
        .hasMessageContaining("not valid JSON");
  }
}
