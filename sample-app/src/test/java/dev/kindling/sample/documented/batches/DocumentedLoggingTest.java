package dev.kindling.sample.documented.batches;

import static dev.kindling.sample.documented.batches.DocumentedEvents.base64;
import static dev.kindling.sample.documented.batches.DocumentedEvents.binaryAttribute;
import static dev.kindling.sample.documented.batches.DocumentedEvents.dynamoRecord;
import static dev.kindling.sample.documented.batches.DocumentedEvents.event;
import static dev.kindling.sample.documented.batches.DocumentedEvents.fifoRecord;
import static dev.kindling.sample.documented.batches.DocumentedEvents.invoke;
import static dev.kindling.sample.documented.batches.DocumentedEvents.kinesisRecord;
import static dev.kindling.sample.documented.batches.DocumentedEvents.payment;
import static dev.kindling.sample.documented.batches.DocumentedEvents.sqsRecord;
import static dev.kindling.sample.documented.batches.DocumentedEvents.stringAttribute;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kindling.test.Events;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** docs/logging.md: redaction, the logged event, and the MDC per record and per invocation. */
class DocumentedLoggingTest {
  private static final Logger LOG = LoggerFactory.getLogger("promised");
  static final String CARD = "4111111111111111";
  static final String PASSWORD = "hunter2-secret";
  static final String SSN = "078-05-1120";
  static final String BEARER = "eyJhbGciOiJIUzI1NiJ9.bearer-secret";
  static final String COOKIE = "sess-abc123-cookie-secret";
  static final String API_KEY = "apikey-secret-xyz";
  static final List<String> SECRETS = List.of(CARD, PASSWORD, SSN, BEARER, COOKIE, API_KEY);

  static final Map<String, String> REDACT = Map.of("KINDLING_LOG_REDACT", "password,cardNumber,ssn");
  static final Map<String, String> REDACT_AND_EVENT =
      Map.of("KINDLING_LOG_REDACT", "password,cardNumber,ssn", "KINDLING_LOG_EVENT", "true");

  @BeforeEach
  @AfterEach
  void clean() {
    MDC.clear();
    DocumentedHandlers.EFFECTS.clear();
    DocumentedHandlers.MDC_AT_START.clear();
    DocumentedHandlers.DEQUE_AT_START.clear();
  }

  static void assertNoSecret(DocumentedEvents.Log log) {
    for (String secret : SECRETS) {
      assertThat(log.text()).as("log must not contain " + secret).doesNotContain(secret);
    }
  }

  public record Holder(Map<String, Object> details, JsonNode raw, List<DocumentedHandlers.Payment> payments) {}

  public static final class Bean {
    public String getCardNumber() {
      return CARD;
    }

    public String getPassword() {
      return PASSWORD;
    }

    public String getName() {
      return "bean";
    }
  }

  /** A value type whose toString() prints the number, as records do. */
  public record Card(String cardNumber) {}

  public record Ledger(String owner, Map<Card, BigDecimal> balances) {}

  @Test
  void mdcAndKeyValuesOfRedactedNamesNeverShowTheirValues() throws Exception {
    ObjectNode json = DocumentedEvents.JSON.createObjectNode();
    json.putObject("a").put("cardNumber", CARD);
    json.putArray("b").addObject().put("PassWord", PASSWORD);
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("nested", Map.of("CardNumber", CARD));
    details.put("list", List.of(Map.of("ssn", SSN)));
    DocumentedHandlers.Payment payment = new DocumentedHandlers.Payment("p1", "ok", CARD);
    DocumentedEvents.Log log = DocumentedEvents.logging(REDACT, () -> {
      MDC.put("cardNumber", CARD);
      MDC.put("PASSWORD", PASSWORD);
      LOG.atInfo()
          .addKeyValue("cardNumber", CARD)
          .addKeyValue("Password", PASSWORD)
          .addKeyValue("payment", payment)
          .addKeyValue("bean", new Bean())
          .addKeyValue("map", details)
          .addKeyValue("records", List.of(payment, payment))
          .addKeyValue("array", new DocumentedHandlers.Payment[] {payment})
          .addKeyValue("optional", Optional.of(payment))
          .addKeyValue("json", json)
          .addKeyValue("holder", new Holder(details, json, List.of(payment)))
          .log("Charged");
      LOG.atWarn().addKeyValue("ssn", () -> SSN).log("supplier");
    }).rethrow();
    assertNoSecret(log);
    assertThat(log.lines()).hasSize(2);
  }

  /** docs/logging.md: "never as the toString() of an object of yours, which could print any field". */
  @Test
  void mapKeysInsideALoggedRecordAreNeverTheirToString() {
    Map<Card, BigDecimal> balances = Map.of(new Card(CARD), BigDecimal.TEN);
    DocumentedEvents.Log log = DocumentedEvents.logging(REDACT, () -> {
      LOG.atInfo().addKeyValue("balances", balances).log("direct map");
      LOG.atInfo().addKeyValue("ledger", new Ledger("o-1", balances)).log("map inside a record");
      LOG.atInfo().addKeyValue("entry", Map.entry(new Card(CARD), "x")).log("map entry");
    }).rethrow();
    org.assertj.core.api.SoftAssertions soft = new org.assertj.core.api.SoftAssertions();
    soft.assertThat(log.withMessage("direct map").get(0).toString()).as("direct Map<Card, ?>").doesNotContain(CARD);
    soft.assertThat(log.withMessage("map inside a record").get(0).toString()).as("Ledger.balances key").doesNotContain(CARD);
    soft.assertThat(log.withMessage("map entry").get(0).toString()).as("Map.Entry key").doesNotContain(CARD);
    soft.assertAll();
  }

  @Test
  void theLoggedSqsEventNeverShowsARedactedField() {
    ObjectNode attributes = sqsRecord("m2", payment("p2", "ok"));
    stringAttribute(attributes, "password", "String", PASSWORD);
    binaryAttribute(attributes, "payload", ("{\"ssn\":\"" + SSN + "\"}").getBytes(StandardCharsets.UTF_8));
    binaryAttribute(attributes, "raw", ("card " + CARD).getBytes(StandardCharsets.UTF_8));
    ObjectNode binaryList = ((ObjectNode) attributes.get("messageAttributes")).putObject("list");
    binaryList.put("dataType", "Binary");
    binaryList.putArray("binaryListValues").add(base64("{\"cardNumber\":\"" + CARD + "\"}"));
    String event = event(
        sqsRecord("m1", "{\"id\":\"p1\",\"cardNumber\":\"" + CARD + "\"}"),
        attributes,
        sqsRecord("m3", "{\"id\":\"p3\",\"note\":\"{\\\"password\\\":\\\"" + PASSWORD + "\\\"}\"}"),
        sqsRecord("m4", "{\"Type\":\"Notification\",\"Message\":\"{\\\"cardNumber\\\":\\\"" + CARD + "\\\"}\"}"),
        sqsRecord("m5", "cardNumber=" + CARD + "&amount=10"),
        sqsRecord("m6", "{\"id\":\"p6\"} {\"cardNumber\":\"" + CARD + "\"}"),
        sqsRecord("m7", "[{\"cardNumber\":\"" + CARD + "\"}]"),
        sqsRecord("m8", "\"{\\\"cardNumber\\\":\\\"" + CARD + "\\\"}\""),
        sqsRecord("m9", "  {\"id\":\"p9\",\"deep\":{\"x\":[{\"y\":\"{\\\"ssn\\\":\\\"" + SSN + "\\\"}\"}]}}"),
        sqsRecord("m10", "{\"id\":\"p10\",\"cardNumber\":{\"n\":\"" + CARD + "\"}}"));
    DocumentedEvents.Log log = DocumentedEvents.logging(REDACT_AND_EVENT,
        () -> invoke(new DocumentedHandlers_StandardSqsHandler(), event)).rethrow();
    assertThat(log.withMessage("Incoming event")).hasSize(1);
    assertNoSecret(log);
  }

  @Test
  void theLoggedHttpEventNeverShowsCredentialsCookiesOrRedactedFields() {
    ObjectNode v2 = Events.tree("apigw-http-v2.json");
    v2.put("rawPath", "/promised/payments");
    ((ObjectNode) v2.get("requestContext").get("http")).put("path", "/promised/payments");
    ObjectNode headers = (ObjectNode) v2.get("headers");
    headers.put("Authorization", "Bearer " + BEARER);
    headers.put("x-api-key", API_KEY);
    headers.put("X-Amz-Security-Token", BEARER);
    headers.put("proxy-authorization", "Basic " + BEARER);
    headers.put("cookie", "session=" + COOKIE + "; theme=dark");
    headers.put("set-cookie", "session=" + COOKIE);
    v2.putArray("cookies").add("session=" + COOKIE).add("other=" + COOKIE + "; Path=/");
    v2.put("rawQueryString", "cardNumber=" + CARD + "&x=1&pass%77ord=" + PASSWORD + "&SSN=" + SSN);
    v2.putObject("queryStringParameters").put("cardNumber", CARD).put("x", "1");
    v2.put("body", "{\"id\":\"h1\",\"cardNumber\":\"" + CARD + "\"}");
    ObjectNode v2Base64 = v2.deepCopy();
    v2Base64.put("body", base64("{\"id\":\"h2\",\"password\":\"" + PASSWORD + "\"}")).put("isBase64Encoded", true);
    ObjectNode v2Form = v2.deepCopy();
    v2Form.put("body", base64("cardNumber=" + CARD)).put("isBase64Encoded", true);

    ObjectNode v1 = Events.tree("apigw-rest-v1.json");
    v1.put("path", "/promised/payments").put("resource", "/promised/payments").put("httpMethod", "POST");
    ((ObjectNode) v1.get("headers")).put("AUTHORIZATION", "Bearer " + BEARER).put("Cookie", "a=" + COOKIE)
        .put("X-API-Key", API_KEY);
    ObjectNode multi = (ObjectNode) v1.get("multiValueHeaders");
    multi.putArray("authorization").add("Bearer " + BEARER);
    multi.putArray("Cookie").add("a=" + COOKIE + ";b=" + COOKIE);
    multi.putArray("x-amz-security-token").add(BEARER);
    ((ObjectNode) v1.get("requestContext").get("identity")).put("apiKey", API_KEY);
    v1.putObject("multiValueQueryStringParameters").putArray("ssn").add(SSN);
    v1.put("body", "{\"id\":\"h3\",\"ssn\":\"" + SSN + "\"}");

    ObjectNode url = Events.tree("function-url.json");
    url.put("rawPath", "/promised/payments");
    ((ObjectNode) url.get("requestContext").get("http")).put("path", "/promised/payments").put("method", "POST");
    url.putArray("cookies").add("session=" + COOKIE);
    ((ObjectNode) url.get("headers")).put("authorization", "AWS4-HMAC-SHA256 Credential=" + BEARER);
    url.put("body", "{\"id\":\"h4\",\"cardNumber\":\"" + CARD + "\"}");

    for (Map<String, String> env : List.of(REDACT_AND_EVENT, Map.of("KINDLING_LOG_EVENT", "true"))) {
      for (ObjectNode event : List.of(v2, v2Base64, v2Form, v1, url)) {
        DocumentedEvents.Log log = DocumentedEvents.logging(env,
            () -> invoke(new DocumentedHandlers_HttpHandler(), DocumentedEvents.text(event))).rethrow();
        assertThat(log.withMessage("Incoming event")).hasSize(1);
        String logged = log.withMessage("Incoming event").get(0).toString();
        for (String credential : List.of(BEARER, COOKIE, API_KEY)) {
          assertThat(logged).as(env + " " + event).doesNotContain(credential);
        }
        if (env.containsKey("KINDLING_LOG_REDACT")) {
          assertNoSecret(log);
        }
      }
    }
  }

  @Test
  void theLoggedStreamAndFunctionEventsNeverShowARedactedField() {
    DocumentedEvents.Log kinesis = DocumentedEvents.logging(REDACT_AND_EVENT, () -> invoke(new DocumentedHandlers_KinesisKinesisHandler(), event(
        kinesisRecord("1", base64("{\"id\":\"k1\",\"cardNumber\":\"" + CARD + "\"}")),
        kinesisRecord("2", base64("card " + CARD))))).rethrow();
    assertNoSecret(kinesis);
    assertThat(kinesis.text()).contains("<base64, 21 bytes>");

    DocumentedEvents.Log dynamo = DocumentedEvents.logging(REDACT_AND_EVENT, () -> invoke(new DocumentedHandlers_DynamoDynamoDbStreamHandler(), event(
        dynamoRecord("e1", "INSERT", "1", "NEW_AND_OLD_IMAGES", "{\"id\":{\"S\":\"d1\"}}",
            "{\"id\":{\"S\":\"d1\"},\"cardNumber\":{\"S\":\"" + CARD + "\"},\"blob\":{\"B\":\""
                + base64("{\"password\":\"" + PASSWORD + "\"}") + "\"},\"set\":{\"BS\":[\"" + base64(SSN) + "\"]}}",
            null)))).rethrow();
    assertNoSecret(dynamo);

    DocumentedEvents.Log function = DocumentedEvents.logging(REDACT_AND_EVENT, () -> invoke(new DocumentedHandlers_FunctionFunctionHandler(),
        "{\"id\":\"f1\",\"cardNumber\":\"" + CARD + "\",\"extra\":\"{\\\"password\\\":\\\"" + PASSWORD + "\\\"}\"}")).rethrow();
    assertNoSecret(function);
  }

  // --- MDC per record and per invocation ---

  private static void initMdc() {
    MDC.clear();
    MDC.put("init_key", "initial");
    MDC.put("init_removed", "present");
  }

  private static void assertCleanStart(String attempt, String recordId) {
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("init_key", "initial");
    expected.put("init_removed", "present");
    if (recordId != null) {
      expected.put("record_id", recordId);
    }
    assertThat(DocumentedHandlers.MDC_AT_START.get(attempt)).as(attempt).isNotNull();
    Map<String, String> seen = new LinkedHashMap<>(DocumentedHandlers.MDC_AT_START.get(attempt));
    seen.remove("correlation_id");
    assertThat(seen).as("MDC at the start of " + attempt).isEqualTo(expected);
  }

  /**
   * A line may carry "leaked_P" only if it is a line of P's own record (its record_id, or its
   * "Handling P" line); every other line carries the initial MDC.
   */
  private static void assertLinesOfOthersClean(DocumentedEvents.Log log, Map<String, String> recordOfPayment) {
    for (JsonNode line : log.lines()) {
      String message = line.path("message").asText();
      String recordId = line.path("record_id").asText(null);
      java.util.List<String> leaked = new java.util.ArrayList<>();
      line.fieldNames().forEachRemaining(name -> {
        if (name.startsWith("leaked_")) {
          leaked.add(name.substring("leaked_".length()));
        }
      });
      assertThat(leaked).as(line.toString()).hasSizeLessThanOrEqualTo(1);
      for (String payment : leaked) {
        boolean own = message.equals("Handling " + payment)
            || (recordId != null && recordId.equals(recordOfPayment.get(payment)));
        assertThat(own).as("leaked_" + payment + " on another record's or invocation's line: " + line).isTrue();
      }
      if (leaked.isEmpty() && recordId == null) {
        assertThat(line.path("init_key").asText()).as(line.toString()).isEqualTo("initial");
      }
    }
  }

  private void runTwice(RequestStreamHandler handler, String first, String second, Map<String, String> env,
      List<String> attempts, List<String> recordIds) {
    initMdc();
    DocumentedEvents.Log log = DocumentedEvents.logging(env, () -> {
      invoke(handler, first);
      invoke(handler, second);
    }).rethrow();
    for (int i = 0; i < attempts.size(); i++) {
      assertCleanStart(attempts.get(i), recordIds.get(i));
    }
    Map<String, String> recordOfPayment = new java.util.HashMap<>();
    for (int i = 0; i < attempts.size(); i++) {
      recordOfPayment.put(attempts.get(i).substring(attempts.get(i).indexOf(' ') + 1), recordIds.get(i));
    }
    assertLinesOfOthersClean(log, recordOfPayment);
    for (JsonNode summary : log.withMessage("Batch processed")) {
      assertThat(summary.has("record_id")).as(summary.toString()).isFalse();
      assertThat(summary.has("correlation_id")).as(summary.toString()).isFalse();
    }
  }

  @Test
  void noMdcLeaksBetweenRecordsOrInvocationsOfASequentialQueue() {
    ObjectNode withCorrelation = sqsRecord("m1", payment("q1", "ok"));
    stringAttribute(withCorrelation, "correlation_id", "String", "corr-q1");
    String first = event(withCorrelation, sqsRecord("m2", payment("q2", "fail")), sqsRecord("m3", payment("q3", "ok")));
    String second = event(sqsRecord("m4", payment("q4", "ok")));
    runTwice(new DocumentedHandlers_StandardSqsHandler(), first, second, Map.of(),
        List.of("standard q1", "standard q2", "standard q3", "standard q4"), List.of("m1", "m2", "m3", "m4"));
    assertThat(DocumentedHandlers.MDC_AT_START.get("standard q1")).containsEntry("correlation_id", "corr-q1");
    assertThat(DocumentedHandlers.MDC_AT_START.get("standard q2")).doesNotContainKey("correlation_id");
  }

  @Test
  void noMdcLeaksBetweenRecordsOfAFifoQueue() {
    runTwice(new DocumentedHandlers_FifoSqsHandler(),
        event(fifoRecord("a1", "A", payment("f1", "ok")), fifoRecord("b1", "B", payment("f2", "fail")),
            fifoRecord("c1", "C", payment("f3", "ok"))),
        event(fifoRecord("d1", "D", payment("f4", "ok"))), Map.of(),
        List.of("fifo f1", "fifo f2", "fifo f3", "fifo f4"), List.of("a1", "b1", "c1", "d1"));
  }

  @Test
  void noMdcLeaksBetweenRecordsOfAStream() {
    runTwice(new DocumentedHandlers_KinesisKinesisHandler(),
        event(kinesisRecord("1", base64(payment("s1", "ok"))), kinesisRecord("2", base64(payment("s2", "ok")))),
        event(kinesisRecord("3", base64(payment("s3", "ok")))), Map.of(),
        List.of("kinesis s1", "kinesis s2", "kinesis s3"),
        List.of("shardId-000000000006:1", "shardId-000000000006:2", "shardId-000000000006:3"));
  }

  @Test
  void noMdcLeaksBetweenRecordsOfAParallelQueue() {
    ObjectNode[] records = new ObjectNode[30];
    java.util.List<String> attempts = new java.util.ArrayList<>();
    java.util.List<String> ids = new java.util.ArrayList<>();
    for (int i = 0; i < records.length; i++) {
      records[i] = sqsRecord("m" + i, payment("r" + i, i % 4 == 0 ? "fail" : "sleep-" + (i % 3) * 5));
      attempts.add("parallel r" + i);
      ids.add("m" + i);
    }
    runTwice(new DocumentedHandlers_ParallelSqsHandler(), event(records), event(records), Map.of(), attempts, ids);
  }

  @Test
  void noMdcLeaksBetweenHttpRequests() {
    ObjectNode first = Events.tree("apigw-http-v2.json");
    first.put("rawPath", "/promised/payments");
    ((ObjectNode) first.get("requestContext").get("http")).put("path", "/promised/payments");
    ((ObjectNode) first.get("headers")).put("x-correlation-id", "corr-h1");
    first.put("body", payment("h1", "ok"));
    ObjectNode second = first.deepCopy();
    ((ObjectNode) second.get("headers")).remove("x-correlation-id");
    second.put("body", payment("h2", "ok"));
    initMdc();
    DocumentedEvents.Log log = DocumentedEvents.logging(Map.of(), () -> {
      invoke(new DocumentedHandlers_HttpHandler(), DocumentedEvents.text(first));
      invoke(new DocumentedHandlers_HttpHandler(), DocumentedEvents.text(second));
    }).rethrow();
    assertCleanStart("http h1", null);
    assertCleanStart("http h2", null);
    assertThat(DocumentedHandlers.MDC_AT_START.get("http h1")).containsEntry("correlation_id", "corr-h1");
    assertThat(DocumentedHandlers.MDC_AT_START.get("http h2").get("correlation_id")).isNotEqualTo("corr-h1").isNotNull();
    assertThat(MDC.getCopyOfContextMap()).as("the MDC after the request")
        .isEqualTo(Map.of("init_key", "initial", "init_removed", "present"));
    assertLinesOfOthersClean(log, Map.of());
  }

  @Test
  void noMdcLeaksFromAFunctionInvocationIntoTheNextInvocation() {
    initMdc();
    DocumentedEvents.Log log = DocumentedEvents.logging(Map.of(), () -> {
      invoke(new DocumentedHandlers_FunctionFunctionHandler(), payment("g1", "ok"));
      invoke(new DocumentedHandlers_FunctionFunctionHandler(), payment("g2", "ok"));
      invoke(new DocumentedHandlers_StandardSqsHandler(), event(sqsRecord("m1", payment("g3", "ok"))));
    }).rethrow();
    assertCleanStart("function g1", null);
    assertCleanStart("function g2", null);
    assertCleanStart("standard g3", "m1");
    assertLinesOfOthersClean(log, Map.of("g3", "m1"));
  }

  /** logging.md: "Whatever a method put into the MDC ... is undone when its record ... ends". */
  @Test
  void mdcDequeEntriesDoNotLeakFromOneRecordToTheNext() {
    initMdc();
    DocumentedEvents.logging(Map.of(), () -> invoke(new DocumentedHandlers_StandardSqsHandler(), event(
        sqsRecord("m1", payment("d1", "ok")), sqsRecord("m2", payment("d2", "ok"))))).rethrow();
    assertThat(DocumentedHandlers.DEQUE_AT_START.get("standard d2")).as("MDC.getCopyOfDequeByKey(\"stack\") in record 2")
        .isEqualTo("null");
  }
}
