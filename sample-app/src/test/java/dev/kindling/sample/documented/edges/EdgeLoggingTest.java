package dev.kindling.sample.documented.edges;

import static dev.kindling.sample.documented.edges.EdgeSupport.JSON;
import static dev.kindling.sample.documented.edges.EdgeSupport.event;
import static dev.kindling.sample.documented.edges.EdgeSupport.invoke;
import static dev.kindling.sample.documented.edges.EdgeSupport.logging;
import static dev.kindling.sample.documented.edges.EdgeSupport.sqsRecord;
import static dev.kindling.sample.documented.edges.EdgeSupport.v2;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kindling.runtime.internal.LambdaInvocation;
import dev.kindling.test.Events;
import dev.kindling.test.TestContext;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Round 3: docs/logging.md, redaction and levels. */
class EdgeLoggingTest {
  private static final Logger LOG = LoggerFactory.getLogger("edge");
  static final String CARD = "4111111111111111";
  static final String PASSWORD = "hunter2-secret";
  static final Map<String, String> REDACT = Map.of("KINDLING_LOG_REDACT", "password,cardNumber");
  static final Map<String, String> REDACT_AND_EVENT = Map.of("KINDLING_LOG_REDACT", "password,cardNumber", "KINDLING_LOG_EVENT", "true");

  public record Card(String cardNumber, String holder) {}

  public record Wallet(String owner, Card[][] grid, List<List<Card>> nested, List<Object[]> mixed) {}

  private static String quote(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** "properties and map entries of that name at any depth of a key-value's value": nested arrays of objects. */
  @Test
  void nestedArraysOfObjectsAreRedactedAtAnyDepth() {
    Card card = new Card(CARD, "ann");
    ObjectNode tree = JSON.createObjectNode();
    tree.putArray("rows").addArray().addArray().addObject().put("CARDNUMBER", CARD);
    Wallet wallet = new Wallet("ann", new Card[][] {{card}}, List.of(List.of(card)), List.<Object[]>of(new Object[] {Map.of("Password", PASSWORD)}));
    EdgeSupport.Log log = logging(REDACT, () -> {
      LOG.atInfo().addKeyValue("grid", new Card[][] {{card}, {card}}).log("grid");
      LOG.atInfo().addKeyValue("lists", List.of(List.of(List.of(card)))).log("lists");
      LOG.atInfo().addKeyValue("maps", List.of(new Object[] {Map.of("k", List.of(Map.of("passWORD", PASSWORD)))})).log("maps");
      LOG.atInfo().addKeyValue("tree", tree).log("tree");
      LOG.atInfo().addKeyValue("wallet", wallet).log("wallet");
    }).rethrow();
    assertThat(log.text()).doesNotContain(CARD).doesNotContain(PASSWORD);
    assertThat(log.lines()).hasSize(5);
  }

  /** "also inside string fields that hold JSON (an HTTP body, an SQS body, JSON inside those)", three levels and double-encoded. */
  @Test
  void jsonInsideJsonInsideJsonAndDoubleEncodedJsonInTheLoggedEvent() {
    String innermost = quote(Map.of("cardNumber", CARD));
    String middle = quote(Map.of("inner", innermost));
    String threeLevels = quote(Map.of("id", "p1", "outer", middle));
    String doubleEncoded = quote(Map.of("id", "p2", "payload", quote(innermost)));
    String caseVariants = "{\"id\":\"p3\",\"CARDNUMBER\":\"" + CARD + "\",\"Password\":\"" + PASSWORD + "\"}";
    ObjectNode withAttribute = sqsRecord("m4", "{\"id\":\"p4\"}");
    ((ObjectNode) withAttribute.get("messageAttributes")).putObject("meta").put("dataType", "String")
        .put("stringValue", quote(Map.of("cardNumber", CARD)));
    SoftAssertions soft = new SoftAssertions();
    Map<String, String> bodies = Map.of("three levels", threeLevels, "double-encoded field", doubleEncoded, "case", caseVariants);
    for (Map.Entry<String, String> body : bodies.entrySet()) {
      EdgeSupport.Log log = logging(REDACT_AND_EVENT,
          () -> invoke(new EdgeHandlers_LoggedSqsHandler(), event(sqsRecord("m-" + body.getKey(), body.getValue())))).rethrow();
      soft.assertThat(log.withMessage("Incoming event")).hasSize(1);
      soft.assertThat(log.text()).as("SQS body, " + body.getKey()).doesNotContain(CARD).doesNotContain(PASSWORD);
      ObjectNode http = v2("POST", "/edge/echo", null, body.getValue());
      EdgeSupport.Log httpLog = logging(REDACT_AND_EVENT,
          () -> invoke(new EdgeHandlers_HttpHandler(), Events.text(http))).rethrow();
      soft.assertThat(httpLog.text()).as("HTTP body, " + body.getKey()).doesNotContain(CARD).doesNotContain(PASSWORD);
    }
    EdgeSupport.Log attr = logging(REDACT_AND_EVENT, () -> invoke(new EdgeHandlers_LoggedSqsHandler(), event(withAttribute))).rethrow();
    soft.assertThat(attr.text()).as("JSON in a string message attribute").doesNotContain(CARD);
    soft.assertAll();
  }

  /** KINDLING_LOG_LEVEL, POWERTOOLS_LOG_LEVEL, AWS_LAMBDA_LOG_LEVEL and KINDLING_LOG_SAMPLE_RATE. */
  @Test
  void levelsAndSampling() {
    SoftAssertions soft = new SoftAssertions();
    soft.assertThat(lines(Map.of("KINDLING_LOG_LEVEL", "WARN"))).as("WARN").containsExactly("warn");
    soft.assertThat(lines(Map.of("KINDLING_LOG_LEVEL", "warning"))).as("warning").containsExactly("warn");
    soft.assertThat(lines(Map.of("POWERTOOLS_LOG_LEVEL", "ERROR", "AWS_LAMBDA_LOG_LEVEL", "DEBUG"))).as("Powertools before Lambda").isEmpty();
    soft.assertThat(lines(Map.of("KINDLING_LOG_LEVEL", "INFO", "POWERTOOLS_LOG_LEVEL", "ERROR"))).as("Kindling first").containsExactly("info", "warn");
    soft.assertThat(lines(Map.of("AWS_LAMBDA_LOG_LEVEL", "DEBUG"))).as("Lambda's").containsExactly("debug", "info", "warn");
    soft.assertThat(lines(Map.of("KINDLING_LOG_LEVEL", "WARN", "KINDLING_LOG_SAMPLE_RATE", "1")))
        .as("sampled at 1: DEBUG").contains("debug", "info", "warn");
    soft.assertThat(lines(Map.of("KINDLING_LOG_LEVEL", "WARN", "POWERTOOLS_LOGGER_SAMPLE_RATE", "1")))
        .as("Powertools' sample rate").contains("debug", "info", "warn");
    soft.assertThat(lines(Map.of("KINDLING_LOG_LEVEL", "OFF", "KINDLING_LOG_SAMPLE_RATE", "1"))).as("OFF").isEmpty();
    soft.assertThat(lines(Map.of("KINDLING_LOG_LEVEL", "TRACE", "KINDLING_LOG_SAMPLE_RATE", "1"))).as("TRACE stays").contains("trace");
    soft.assertThat(lines(Map.of("KINDLING_LOG_LEVEL", "WARN", "KINDLING_LOG_SAMPLE_RATE", "0"))).as("rate 0").containsExactly("warn");
    // Sampling is decided per invocation: with rate 0.5, over 200 invocations both outcomes occur.
    int sampled = 0;
    for (int i = 0; i < 200; i++) {
      if (lines(Map.of("KINDLING_LOG_LEVEL", "WARN", "KINDLING_LOG_SAMPLE_RATE", "0.5")).contains("debug")) {
        sampled++;
      }
    }
    soft.assertThat(sampled).as("sampled of 200 at 0.5").isBetween(60, 140);
    // A batch record's DEBUG line in a sampled invocation
    EdgeSupport.Log batch = logging(Map.of("KINDLING_LOG_LEVEL", "WARN", "KINDLING_LOG_SAMPLE_RATE", "1"),
        () -> invoke(new EdgeHandlers_LoggedSqsHandler(), event(sqsRecord("d1", "x")))).rethrow();
    soft.assertThat(batch.withMessage("debug line of a record")).hasSize(1);
    soft.assertThat(batch.withMessage("debug line of a record").get(0).path("sampling_rate").asDouble()).isEqualTo(1.0);
    soft.assertAll();
  }

  private static List<String> lines(Map<String, String> env) {
    return logging(env, () -> {
      LambdaInvocation.begin(TestContext.create());
      LOG.trace("trace");
      LOG.debug("debug");
      LOG.info("info");
      LOG.warn("warn");
    }).rethrow().lines().stream().map(l -> l.path("message").asText()).filter(m -> List.of("trace", "debug", "info", "warn").contains(m)).toList();
  }

  /** README: "No problem echoes what the client sent"; payload binding: "never what was sent". A map key is what was sent. */
  @Test
  void aBadValueUnderACardNumberMapKeyIsNotEchoed() {
    JsonNode response = EdgeSupport.http(v2("POST", "/edge/card-map", null, "{\"" + CARD + "\":\"ten\"}"));
    assertThat(response.get("statusCode").asInt()).isEqualTo(400);
    assertThat(response.get("body").asText()).as(response.get("body").asText()).doesNotContain(CARD);
  }
}
