package dev.kindling.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kindling.runtime.RecordContext;
import dev.kindling.runtime.logging.LogCapture;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The log lines of every entry kind, through the runtime helpers generated entries call, on the
 * events AWS sends. Every captured line is parsed as JSON.
 */
class StructuredLoggingTest {
  private static final Logger APP = LoggerFactory.getLogger("com.acme.App");
  private static final String TRACE_HEADER = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";
  private static final String ARN = "arn:aws:lambda:us-east-1:123456789012:function:orders";
  private static final Router ROUTER = Router.of("POST /orders");

  @BeforeEach
  void traceHeader() {
    System.setProperty("com.amazonaws.xray.traceHeader", TRACE_HEADER);
  }

  @AfterEach
  void clear() {
    System.clearProperty("com.amazonaws.xray.traceHeader");
    MDC.clear();
  }

  /** A context with every field set, as Lambda passes it. */
  static Context context(String requestId) {
    return new Context() {
      @Override public String getAwsRequestId() { return requestId; }
      @Override public String getLogGroupName() { return "/aws/lambda/orders"; }
      @Override public String getLogStreamName() { return "2026/03/10/[$LATEST]abc"; }
      @Override public String getFunctionName() { return "orders"; }
      @Override public String getFunctionVersion() { return "$LATEST"; }
      @Override public String getInvokedFunctionArn() { return ARN; }
      @Override public CognitoIdentity getIdentity() { return null; }
      @Override public ClientContext getClientContext() { return null; }
      @Override public int getRemainingTimeInMillis() { return 60_000; }
      @Override public int getMemoryLimitInMB() { return 512; }
      @Override public LambdaLogger getLogger() { return null; }
    };
  }

  private static void assertInvocationFields(JsonNode line, String requestId) {
    assertThat(line.get("timestamp").asText()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
    assertThat(line.get("level").asText()).isIn("DEBUG", "INFO", "WARN", "ERROR");
    assertThat(line.get("service").asText()).isEqualTo("orders");
    assertThat(line.get("message").isTextual()).isTrue();
    assertThat(line.get("cold_start").isBoolean()).isTrue();
    assertThat(line.get("function_name").asText()).isEqualTo("orders");
    assertThat(line.get("function_version").asText()).isEqualTo("$LATEST");
    assertThat(line.get("function_memory_size").asInt()).isEqualTo(512);
    assertThat(line.get("function_arn").asText()).isEqualTo(ARN);
    assertThat(line.get("function_request_id").asText()).isEqualTo(requestId);
    assertThat(line.get("xray_trace_id").asText()).isEqualTo("1-5759e988-bd862e3fe1be46a994272793");
  }

  private static ByteArrayInputStream json(JsonNode event) throws IOException {
    return new ByteArrayInputStream(Json.MAPPER.writeValueAsBytes(event));
  }

  private static JsonNode summary(LogCapture log) {
    List<JsonNode> summaries = log.withMessage("Batch processed");
    assertThat(summaries).as("one summary line per batch").hasSize(1);
    return summaries.get(0);
  }

  private static void assertSummary(JsonNode summary, BatchOutcome outcome) {
    assertThat(summary.get("level").asText()).isEqualTo("INFO");
    assertThat(summary.get("records").asInt()).isEqualTo(outcome.records());
    assertThat(summary.get("succeeded").asInt()).isEqualTo(outcome.succeeded());
    assertThat(summary.get("failed").asInt()).isEqualTo(outcome.failed());
    assertThat(summary.get("skipped_by_deadline").asInt()).isEqualTo(outcome.skippedByDeadline());
    assertThat(summary.get("skipped_after_failure").asInt()).isEqualTo(outcome.skippedAfterFailure());
    assertThat(summary.get("duration_ms").isIntegralNumber()).isTrue();
    assertThat(summary.has("record_id")).isFalse();
  }

  /** Logs after the batch on the same thread carry neither record_id nor correlation_id. */
  private static void assertNothingLeaksAfterTheBatch(LogCapture log) {
    APP.info("after the batch");
    JsonNode after = log.withMessage("after the batch").get(0);
    assertThat(after.has("record_id")).isFalse();
    assertThat(after.has("correlation_id")).isFalse();
  }

  /** Each record's lines name that record only: the handler logs its record id in the message. */
  private static void assertEachRecordLineNamesItsRecord(LogCapture log, Set<String> recordIds) {
    List<JsonNode> handled = log.lines().stream().filter(l -> l.path("message").asText().startsWith("handling ")).toList();
    assertThat(handled).extracting(l -> l.get("record_id").asText()).containsExactlyInAnyOrderElementsOf(recordIds);
    assertThat(handled).allSatisfy(l -> assertThat(l.get("message").asText()).isEqualTo("handling " + l.get("record_id").asText()));
  }

  private static void handle(BatchRecord record, RecordContext context) {
    APP.info("handling {}", record.recordId());
  }

  @Test
  void httpCorrelationIdFromTheHeaderIsLoggedAndEchoed() throws IOException {
    ObjectNode event = Fixtures.event("apigw-http-v2.json");
    ((ObjectNode) event.get("headers")).put("X-Correlation-Id", "corr-http-1");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (LogCapture log = LogCapture.start()) {
      HttpExchange.handle(json(event), out, context("req-http"), ROUTER, (route, request, ctx) -> {
        APP.info("creating order");
        return HttpResult.json(201, Json.writer(String.class), "ok");
      });
      JsonNode line = log.withMessage("creating order").get(0);
      assertInvocationFields(line, "req-http");
      assertThat(line.get("correlation_id").asText()).isEqualTo("corr-http-1");
      assertThat(log.lines()).allSatisfy(l -> assertInvocationFields(l, "req-http"));
      assertNothingLeaksAfterTheBatch(log);
    }
    JsonNode response = Json.MAPPER.readTree(out.toByteArray());
    assertThat(response.at("/headers/x-correlation-id").asText()).isEqualTo("corr-http-1");
    assertThat(response.at("/headers/content-type").asText()).isEqualTo("application/json");
  }

  @Test
  void httpCorrelationIdIsGeneratedWhenAbsentAndEchoedOnErrorsToo() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (LogCapture log = LogCapture.withEnvironment(Map.of("KINDLING_CORRELATION_HEADER", "X-Request-Chain"))) {
      HttpExchange.handle(json(Fixtures.event("apigw-http-v2.json")), out, context("req-http-2"), ROUTER, (route, request, ctx) -> {
        throw new IllegalStateException("database down");
      });
      JsonNode failure = log.lines().stream().filter(l -> l.has("error")).findFirst().orElseThrow();
      assertInvocationFields(failure, "req-http-2");
      assertThat(failure.get("level").asText()).isEqualTo("ERROR");
      assertThat(failure.at("/error/message").asText()).isEqualTo("database down");
      String generated = failure.get("correlation_id").asText();
      assertThat(generated).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
      JsonNode response = Json.MAPPER.readTree(out.toByteArray());
      assertThat(response.get("statusCode").asInt()).isEqualTo(500);
      assertThat(response.at("/headers/x-request-chain").asText()).isEqualTo(generated);
    }
  }

  @Test
  void directInvocationLinesCarryTheContext() throws IOException {
    try (LogCapture log = LogCapture.start()) {
      DirectInvocation.begin(context("req-direct"));
      String payload = DirectInvocation.read(new ByteArrayInputStream("\"quote\"".getBytes(StandardCharsets.UTF_8)), Json.reader(String.class));
      APP.atInfo().addKeyValue("payload", payload).log("quoting");
      JsonNode line = log.withMessage("quoting").get(0);
      assertInvocationFields(line, "req-direct");
      assertThat(line.get("payload").asText()).isEqualTo("quote");
      assertThat(line.has("correlation_id")).isFalse();
      assertThat(line.has("record_id")).isFalse();
    }
  }

  @Test
  void coldStartIsFalseAfterTheFirstInvocationOfTheProcess() throws IOException {
    try (LogCapture log = LogCapture.start()) {
      DirectInvocation.begin(context("req-a"));
      APP.info("first");
      DirectInvocation.begin(context("req-b"));
      APP.info("second");
      // The process's first invocation may have been another test's; this one is never first.
      assertThat(log.withMessage("second").get(0).get("cold_start").asBoolean(true)).isFalse();
      assertThat(log.withMessage("second").get(0).get("function_request_id").asText()).isEqualTo("req-b");
    }
  }

  @Test
  void sqsStandardRecordsCarryTheirIdAndCorrelationIdOnly() throws IOException {
    ObjectNode event = Fixtures.event("sqs-event.json");
    ((ObjectNode) event.get("Records").get(1)).remove("messageAttributes");
    Set<String> ids = Set.of("059f36b4-87a3-44ab-83d2-661975900001", "059f36b4-87a3-44ab-83d2-661975900002",
        "059f36b4-87a3-44ab-83d2-661975900003", "059f36b4-87a3-44ab-83d2-661975900004", "059f36b4-87a3-44ab-83d2-661975900005");
    try (LogCapture log = LogCapture.start()) {
      BatchOutcome outcome = Batches.sqs(json(event), new ByteArrayOutputStream(), context("req-sqs"), false, StructuredLoggingTest::handle);
      assertThat(log.lines()).allSatisfy(l -> assertInvocationFields(l, "req-sqs"));
      assertEachRecordLineNamesItsRecord(log, ids);
      for (JsonNode line : log.lines()) {
        String recordId = line.path("record_id").asText("");
        if (recordId.endsWith("2")) {
          assertThat(line.has("correlation_id")).as("record 2 has no correlation attribute").isFalse();
        } else if (!recordId.isEmpty()) {
          assertThat(line.get("correlation_id").asText()).isEqualTo("corr-" + recordId.charAt(recordId.length() - 1));
        }
      }
      assertSummary(summary(log), outcome);
      assertThat(outcome.succeeded()).isEqualTo(5);
      assertNothingLeaksAfterTheBatch(log);
    }
  }

  @Test
  void sqsFifoFailureLogsTheRecordAndTheSummaryCountsTheSkipped() throws IOException {
    try (LogCapture log = LogCapture.start()) {
      BatchOutcome outcome =
          Batches.sqs(json(Fixtures.event("sqs-fifo-event.json")), new ByteArrayOutputStream(), context("req-fifo"), true,
              (record, ctx) -> {
                handle(record, ctx);
                if (record.recordId().endsWith("3")) {
                  throw new IllegalStateException("out of stock");
                }
              });
      assertThat(log.lines()).allSatisfy(l -> assertInvocationFields(l, "req-fifo"));
      assertEachRecordLineNamesItsRecord(log, Set.of("059f36b4-87a3-44ab-83d2-661975900001",
          "059f36b4-87a3-44ab-83d2-661975900002", "059f36b4-87a3-44ab-83d2-661975900003", "059f36b4-87a3-44ab-83d2-661975900004"));
      JsonNode failure = log.lines().stream().filter(l -> l.has("error")).findFirst().orElseThrow();
      assertThat(failure.get("record_id").asText()).isEqualTo("059f36b4-87a3-44ab-83d2-661975900003");
      assertThat(failure.get("correlation_id").asText()).isEqualTo("corr-3");
      assertThat(failure.at("/error/type").asText()).isEqualTo("java.lang.IllegalStateException");
      assertThat(failure.at("/error/stack").asText()).contains("out of stock");
      JsonNode summary = summary(log);
      assertSummary(summary, outcome);
      assertThat(summary.get("failed").asInt()).isEqualTo(1);
      assertThat(summary.get("skipped_after_failure").asInt()).isEqualTo(1);
      assertNothingLeaksAfterTheBatch(log);
    }
  }

  @Test
  void sqsParallelKeepsEachRecordsContextOnItsWorker() throws IOException {
    ArrayNode records = Json.MAPPER.createArrayNode();
    ObjectNode template = (ObjectNode) Fixtures.event("sqs-event.json").get("Records").get(0);
    Set<String> ids = ConcurrentHashMap.newKeySet();
    for (int i = 0; i < 40; i++) {
      ObjectNode record = template.deepCopy();
      record.put("messageId", "m-" + i);
      ((ObjectNode) record.at("/messageAttributes/correlation_id")).put("stringValue", "c-" + i);
      records.add(record);
      ids.add("m-" + i);
    }
    ObjectNode event = Json.MAPPER.createObjectNode().set("Records", records);
    Set<String> threads = ConcurrentHashMap.newKeySet();
    try (LogCapture log = LogCapture.start()) {
      for (String requestId : List.of("req-par-1", "req-par-2")) {
        BatchOutcome outcome =
            Batches.sqsParallel(json(event), new ByteArrayOutputStream(), context(requestId), (record, ctx) -> {
              threads.add(Thread.currentThread().getName());
              APP.info("handling {}", record.recordId());
              Thread.sleep(2);
              APP.atInfo().addKeyValue("step", 2).log("handling {}", record.recordId());
            });
        assertThat(outcome.succeeded()).isEqualTo(40);
        // 40 records of at least 2 ms on a bounded pool: the batch cannot have taken less than one record's time.
        assertThat(outcome.durationMillis()).isGreaterThanOrEqualTo(2);
      }
      List<JsonNode> lines = log.lines();
      List<JsonNode> handled = lines.stream().filter(l -> l.path("message").asText().startsWith("handling ")).toList();
      assertThat(handled).hasSize(160).allSatisfy(l -> {
        String id = l.get("record_id").asText();
        assertThat(l.get("message").asText()).isEqualTo("handling " + id);
        assertThat(l.get("correlation_id").asText()).isEqualTo("c-" + id.substring(2));
      });
      assertThat(handled.subList(0, 80)).allSatisfy(l -> assertInvocationFields(l, "req-par-1"));
      assertThat(handled.subList(80, 160)).allSatisfy(l -> assertInvocationFields(l, "req-par-2"));
      assertThat(handled).extracting(l -> l.get("record_id").asText()).containsAll(ids);
      assertThat(threads).as("records ran on worker threads").noneMatch(name -> name.equals(Thread.currentThread().getName()));
      assertThat(log.withMessage("Batch processed")).hasSize(2);
      assertNothingLeaksAfterTheBatch(log);
    }
  }

  @Test
  void kinesisRecordsCarryTheirEventId() throws IOException {
    try (LogCapture log = LogCapture.start()) {
      BatchOutcome outcome =
          Batches.stream(json(Fixtures.event("kinesis-event.json")), new ByteArrayOutputStream(), context("req-kinesis"),
              BatchEvents.Source.KINESIS, StructuredLoggingTest::handle);
      assertThat(log.lines()).allSatisfy(l -> assertInvocationFields(l, "req-kinesis"));
      assertEachRecordLineNamesItsRecord(log, Set.of(
          "shardId-000000000006:495903321123055359165984370180028376684300405206691801",
          "shardId-000000000006:495903321123055359165984370180028376684300405206691802",
          "shardId-000000000006:495903321123055359165984370180028376684300405206691803",
          "shardId-000000000006:495903321123055359165984370180028376684300405206691804"));
      assertSummary(summary(log), outcome);
      assertNothingLeaksAfterTheBatch(log);
    }
  }

  @Test
  void dynamoDbStreamRecordsCarryTheirEventId() throws IOException {
    try (LogCapture log = LogCapture.start()) {
      BatchOutcome outcome =
          Batches.stream(json(Fixtures.event("dynamodb-event.json")), new ByteArrayOutputStream(), context("req-ddb"),
              BatchEvents.Source.DYNAMODB, StructuredLoggingTest::handle);
      assertThat(log.lines()).allSatisfy(l -> assertInvocationFields(l, "req-ddb"));
      assertEachRecordLineNamesItsRecord(log, Set.of(
          "c4ca4238a0b923820dcc509a6f758491", "c4ca4238a0b923820dcc509a6f758492", "c4ca4238a0b923820dcc509a6f758493"));
      assertSummary(summary(log), outcome);
      assertNothingLeaksAfterTheBatch(log);
    }
  }

  @Test
  void batchMetricsInEmbeddedMetricFormatWhenANamespaceIsSet() throws IOException {
    try (LogCapture log = LogCapture.withEnvironment(Map.of("KINDLING_METRICS_NAMESPACE", "Orders"))) {
      BatchOutcome outcome =
          Batches.sqs(json(Fixtures.event("sqs-event.json")), new ByteArrayOutputStream(), context("req-emf"), false,
              (record, ctx) -> {
                if (record.recordId().endsWith("4")) {
                  throw new IllegalStateException("declined");
                }
              });
      List<JsonNode> emf = log.lines().stream().filter(l -> l.has("_aws")).toList();
      assertThat(emf).hasSize(1);
      JsonNode metrics = emf.get(0);
      assertThat(metrics.at("/_aws/Timestamp").isIntegralNumber()).isTrue();
      assertThat(metrics.at("/_aws/CloudWatchMetrics/0/Namespace").asText()).isEqualTo("Orders");
      assertThat(metrics.at("/_aws/CloudWatchMetrics/0/Dimensions/0/0").asText()).isEqualTo("service");
      assertThat(metrics.at("/_aws/CloudWatchMetrics/0/Metrics").findValuesAsText("Name"))
          .containsExactly("BatchRecords", "BatchRecordsSucceeded", "BatchRecordsFailed",
              "BatchRecordsSkippedByDeadline", "BatchRecordsSkippedAfterFailure", "BatchRecordsDeadLettered",
              "BatchDuration");
      assertThat(metrics.get("service").asText()).isEqualTo("orders");
      assertThat(metrics.get("BatchRecords").asInt()).isEqualTo(5);
      assertThat(metrics.get("BatchRecordsSucceeded").asInt()).isEqualTo(outcome.succeeded()).isEqualTo(4);
      assertThat(metrics.get("BatchRecordsFailed").asInt()).isEqualTo(1);
    }
  }

  @Test
  void theSummaryFollowsTheLogLevel() throws IOException {
    try (LogCapture log = LogCapture.withEnvironment(Map.of("AWS_LAMBDA_LOG_LEVEL", "WARN"))) {
      Batches.sqs(json(Fixtures.event("sqs-event.json")), new ByteArrayOutputStream(), context("req-warn"), false,
          (record, ctx) -> {
            APP.info("quiet");
            if (record.recordId().endsWith("4")) {
              throw new IllegalStateException("declined");
            }
          });
      assertThat(log.lines()).extracting(l -> l.get("level").asText()).containsExactly("WARN");
    }
  }

  @Test
  void redactedFieldsNeverAppearInAnyLine() throws IOException {
    String password = "hunter2-Secret!";
    String card = "4111111111111111";
    String token = "tok-5f1e2d";
    Map<String, String> environment = Map.of("KINDLING_LOG_REDACT", "password,cardNumber,token", "KINDLING_LOG_EVENT", "true");
    try (LogCapture log = LogCapture.withEnvironment(environment)) {
      ObjectNode http = Fixtures.event("apigw-http-v2.json");
      http.put("body", "{\"customerId\":\"c-42\",\"password\":\"" + password + "\",\"payment\":{\"cardNumber\":\"" + card + "\"}}");
      ((ObjectNode) http.get("headers")).put("password", password);
      http.put("rawQueryString", "page=2&token=" + token + "&sort=asc");
      http.withObject("/queryStringParameters").put("token", token);
      http.putArray("cookies").add("theme=dark").add("token=" + token);
      HttpExchange.handle(json(http), new ByteArrayOutputStream(), context("req-redact"), ROUTER, (route, request, ctx) -> {
        MDC.put("cardNumber", card);
        APP.atInfo().addKeyValue("password", password).addKeyValue("login", Map.of("user", "ann", "password", password)).log("signing in");
        MDC.remove("cardNumber");
        return HttpResult.empty(204);
      });

      ObjectNode sqs = Fixtures.event("sqs-event.json");
      ((ObjectNode) sqs.get("Records").get(0)).put("body", "[{\"cardNumber\":\"" + card + "\",\"amount\":1}]");
      Batches.sqs(json(sqs), new ByteArrayOutputStream(), context("req-redact-sqs"), false, (record, ctx) -> {});

      DirectInvocation.begin(context("req-redact-direct"));
      DirectInvocation.read(
          new ByteArrayInputStream(("{\"user\":\"ann\",\"Password\":\"" + password + "\"}").getBytes(StandardCharsets.UTF_8)),
          Json.reader(JsonNode.class));

      assertThat(log.text()).doesNotContain(password).doesNotContain(card).doesNotContain(token);
      List<JsonNode> events = log.withMessage("Incoming event");
      assertThat(events).hasSize(3);
      JsonNode httpEvent = events.get(0).get("event");
      assertThat(httpEvent.at("/headers/password").asText()).isEqualTo("***");
      assertThat(httpEvent.get("rawQueryString").asText()).isEqualTo("page=2&token=***&sort=asc");
      assertThat(httpEvent.at("/queryStringParameters/token").asText()).isEqualTo("***");
      assertThat(httpEvent.get("cookies")).extracting(JsonNode::asText).containsExactly("theme=***", "token=***");
      JsonNode body = Json.MAPPER.readTree(httpEvent.get("body").asText());
      assertThat(body.get("password").asText()).isEqualTo("***");
      assertThat(body.at("/payment/cardNumber").asText()).isEqualTo("***");
      assertThat(body.get("customerId").asText()).isEqualTo("c-42");
      assertThat(events.get(1).at("/event/Records/1/messageId").asText()).isEqualTo("059f36b4-87a3-44ab-83d2-661975900002");
      assertThat(events.get(2).at("/event/user").asText()).isEqualTo("ann");
      JsonNode signIn = log.withMessage("signing in").get(0);
      assertThat(signIn.get("password").asText()).isEqualTo("***");
      assertThat(signIn.get("cardNumber").asText()).isEqualTo("***");
      assertThat(signIn.at("/login/user").asText()).isEqualTo("ann");
    }
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void base64PayloadsAreLoggedDecodedAndRedactedWhenJsonAndAsTheirSizeOtherwise() throws IOException {
    String card = "4111111111111111";
    String paymentJson = "{\"orderId\":\"o-1\",\"cardNumber\":\"" + card + "\"}";
    String payment = base64(paymentJson);
    String picture = Base64.getEncoder().encodeToString(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2, 3, 4, 5});
    Map<String, String> environment = Map.of("KINDLING_LOG_REDACT", "cardNumber", "KINDLING_LOG_EVENT", "true");
    try (LogCapture log = LogCapture.withEnvironment(environment)) {
      for (String body : List.of(payment, picture)) {
        ObjectNode http = Fixtures.event("apigw-http-v2.json");
        http.put("body", body).put("isBase64Encoded", true);
        HttpExchange.handle(json(http), new ByteArrayOutputStream(), context("req-b64"), ROUTER,
            (route, request, ctx) -> HttpResult.empty(204));
      }
      ObjectNode kinesis = Fixtures.event("kinesis-event.json");
      ((ObjectNode) kinesis.at("/Records/0/kinesis")).put("data", payment);
      Batches.stream(json(kinesis), new ByteArrayOutputStream(), context("req-b64-kinesis"), BatchEvents.Source.KINESIS,
          (record, ctx) -> {});
      ObjectNode sqs = Fixtures.event("sqs-event.json");
      ((ObjectNode) sqs.at("/Records/0/messageAttributes")).putObject("payment")
          .put("dataType", "Binary").put("binaryValue", payment).putArray("binaryListValues").add(picture);
      ((ObjectNode) sqs.at("/Records/4")).put("body", "{\"orderId\":\"ord-5\"} cardNumber=" + card);
      Batches.sqs(json(sqs), new ByteArrayOutputStream(), context("req-b64-sqs"), false, (record, ctx) -> {});
      ObjectNode dynamoDb = Fixtures.event("dynamodb-event.json");
      ((ObjectNode) dynamoDb.at("/Records/0/dynamodb/NewImage")).putObject("receipt").put("B", payment);
      ((ObjectNode) dynamoDb.at("/Records/0/dynamodb/NewImage")).putObject("scans").putArray("BS").add(picture);
      Batches.stream(json(dynamoDb), new ByteArrayOutputStream(), context("req-b64-ddb"), BatchEvents.Source.DYNAMODB,
          (record, ctx) -> {});

      assertThat(log.text()).doesNotContain(card).doesNotContain(payment).doesNotContain(picture);
      List<JsonNode> events = log.withMessage("Incoming event");
      assertThat(events).hasSize(5);
      String redactedPayment = "{\"orderId\":\"o-1\",\"cardNumber\":\"***\"}";
      assertThat(events.get(0).at("/event/body").asText()).isEqualTo(redactedPayment);
      assertThat(events.get(1).at("/event/body").asText()).isEqualTo("<base64, 10 bytes>");
      JsonNode kinesisRecords = events.get(2).at("/event/Records");
      assertThat(kinesisRecords.at("/0/kinesis/data").asText()).isEqualTo(redactedPayment);
      assertThat(kinesisRecords.at("/1/kinesis/data").asText()).isEqualTo("{\"userId\":\"u2\",\"page\":\"/cart\"}");
      assertThat(kinesisRecords.at("/2/kinesis/data").asText()).isEqualTo("<base64, 8 bytes>");
      JsonNode attribute = events.get(3).at("/event/Records/0/messageAttributes/payment");
      assertThat(attribute.get("binaryValue").asText()).isEqualTo(redactedPayment);
      assertThat(attribute.at("/binaryListValues/0").asText()).isEqualTo("<base64, 10 bytes>");
      assertThat(events.get(3).at("/event/Records/2/body").asText())
          .as("a body that is not JSON cannot be searched for redacted names").isEqualTo("<text, 9 chars>");
      assertThat(events.get(3).at("/event/Records/1/body").asText()).isEqualTo("{\"orderId\":\"ord-2\",\"amount\":12.5}");
      assertThat(events.get(3).at("/event/Records/4/body").asText())
          .as("JSON with text after it is not JSON").isEqualTo("<text, 47 chars>");
      JsonNode image = events.get(4).at("/event/Records/0/dynamodb/NewImage");
      assertThat(image.at("/receipt/B").asText()).isEqualTo(redactedPayment);
      assertThat(image.at("/scans/BS/0").asText()).isEqualTo("<base64, 10 bytes>");
      assertThat(image.at("/id/S").asText()).isEqualTo("ord-1");
    }
  }

  @Test
  void aTextBodyIsLoggedAsSentWhenNoNameIsRedacted() throws IOException {
    try (LogCapture log = LogCapture.withEnvironment(Map.of("KINDLING_LOG_EVENT", "true"))) {
      Batches.sqs(json(Fixtures.event("sqs-event.json")), new ByteArrayOutputStream(), context("req-text"), false, (record, ctx) -> {});
      assertThat(log.withMessage("Incoming event").get(0).at("/event/Records/2/body").asText()).isEqualTo("{not json");
    }
  }

  @Test
  void credentialsInHttpHeadersAreNeverLoggedEvenWithoutRedactedNames() throws IOException {
    List<String> secrets = List.of("s3ssion-secret", "Bearer eyJhbGciOi-secret", "Basic cHJveHktc2VjcmV0", "key-secret-42",
        "sts-token-secret", "csrf-secret");
    try (LogCapture log = LogCapture.withEnvironment(Map.of("KINDLING_LOG_EVENT", "true"))) {
      ObjectNode rest = Fixtures.event("apigw-rest-v1.json");
      ((ObjectNode) rest.get("headers"))
          .put("Cookie", "session=s3ssion-secret; theme=dark")
          .put("Authorization", "Bearer eyJhbGciOi-secret")
          .put("Proxy-Authorization", "Basic cHJveHktc2VjcmV0")
          .put("X-API-Key", "key-secret-42")
          .put("X-Amz-Security-Token", "sts-token-secret");
      ObjectNode multi = (ObjectNode) rest.get("multiValueHeaders");
      multi.putArray("cookie").add("session=s3ssion-secret").add("theme=dark");
      multi.putArray("authorization").add("Bearer eyJhbGciOi-secret");
      multi.putArray("x-api-key").add("key-secret-42");
      multi.putArray("Set-Cookie").add("csrf=csrf-secret; Path=/; HttpOnly");
      ((ObjectNode) rest.at("/requestContext/identity")).put("apiKey", "key-secret-42");
      HttpExchange.handle(json(rest), new ByteArrayOutputStream(), context("req-creds-v1"), ROUTER,
          (route, request, ctx) -> HttpResult.empty(204));

      ObjectNode http = Fixtures.event("apigw-http-v2.json");
      http.putArray("cookies").add("session=s3ssion-secret").add("theme=dark");
      ((ObjectNode) http.get("headers")).put("authorization", "Bearer eyJhbGciOi-secret").put("cookie", "session=s3ssion-secret");
      HttpExchange.handle(json(http), new ByteArrayOutputStream(), context("req-creds-v2"), ROUTER,
          (route, request, ctx) -> HttpResult.empty(204));

      for (String secret : secrets) {
        assertThat(log.text()).doesNotContain(secret);
      }
      List<JsonNode> events = log.withMessage("Incoming event");
      JsonNode v1 = events.get(0).get("event");
      assertThat(v1.at("/headers/Cookie").asText()).isEqualTo("session=***; theme=***");
      assertThat(v1.at("/headers/Authorization").asText()).isEqualTo("***");
      assertThat(v1.at("/headers/X-API-Key").asText()).isEqualTo("***");
      assertThat(v1.at("/headers/X-Tenant").asText()).as("other headers stay").isEqualTo("acme");
      assertThat(v1.at("/multiValueHeaders/cookie")).extracting(JsonNode::asText).containsExactly("session=***", "theme=***");
      assertThat(v1.at("/multiValueHeaders/Set-Cookie/0").asText()).isEqualTo("***");
      assertThat(v1.at("/requestContext/identity/apiKey").asText()).isEqualTo("***");
      JsonNode v2 = events.get(1).get("event");
      assertThat(v2.get("cookies")).extracting(JsonNode::asText).containsExactly("session=***", "theme=***");
      assertThat(v2.at("/headers/authorization").asText()).isEqualTo("***");
      assertThat(v2.at("/headers/user-agent").asText()).isEqualTo("curl/8.5.0");
    }
  }

  /** Lines of one invocation of a batch entry whose records change the MDC. */
  private interface BatchRun {
    void run(String requestId, RecordHandler handler) throws IOException;
  }

  /**
   * Each record starts from the MDC as it was before the record, and each invocation from the MDC as
   * it was before the first one, whatever a record put, overwrote or removed.
   */
  private static void assertRecordsStartFromTheMdcTheyWereGiven(BatchRun batch) throws IOException {
    try (LogCapture log = LogCapture.start()) {
      MDC.put("tenant", "acme");
      for (String requestId : List.of("req-mdc-1", "req-mdc-2")) {
        batch.run(requestId, (record, ctx) -> {
          APP.info("handling {}", record.recordId());
          MDC.put("order", record.recordId());
          MDC.put("tenant", "changed by " + record.recordId());
          MDC.put(LambdaInvocation.CORRELATION_ID, "set by the handler");
          MDC.remove("record_id");
          APP.info("handled {}", record.recordId());
          MDC.remove("tenant");
        });
      }
      APP.info("after the batch");
      List<JsonNode> handling = log.lines().stream().filter(l -> l.path("message").asText().startsWith("handling ")).toList();
      assertThat(handling).hasSizeGreaterThan(2).allSatisfy(line -> {
        assertThat(line.has("order")).as(line.toString()).isFalse();
        assertThat(line.get("tenant").asText()).isEqualTo("acme");
        assertThat(line.get("record_id").asText()).isEqualTo(line.get("message").asText().substring("handling ".length()));
        assertThat(line.path("correlation_id").asText()).isNotEqualTo("set by the handler");
      });
      assertThat(log.withMessage("Batch processed")).hasSize(2).allSatisfy(line -> {
        assertThat(line.has("order")).isFalse();
        assertThat(line.has("record_id")).isFalse();
        assertThat(line.has("correlation_id")).isFalse();
        assertThat(line.get("tenant").asText()).isEqualTo("acme");
      });
      JsonNode after = log.withMessage("after the batch").get(0);
      assertThat(after.get("tenant").asText()).isEqualTo("acme");
      assertThat(after.has("order")).isFalse();
    }
  }

  @Test
  void mdcEntriesOfOneSqsRecordNeverReachTheNextRecordOrInvocation() throws IOException {
    ObjectNode event = Fixtures.event("sqs-event.json");
    ((ObjectNode) event.get("Records").get(1)).remove("messageAttributes");
    assertRecordsStartFromTheMdcTheyWereGiven((requestId, handler) ->
        Batches.sqs(json(event), new ByteArrayOutputStream(), context(requestId), false, handler));
  }

  @Test
  void mdcEntriesOfOneFifoRecordNeverReachTheNextRecordOrInvocation() throws IOException {
    assertRecordsStartFromTheMdcTheyWereGiven((requestId, handler) ->
        Batches.sqs(json(Fixtures.event("sqs-fifo-event.json")), new ByteArrayOutputStream(), context(requestId), true, handler));
  }

  @Test
  void mdcEntriesOfOneStreamRecordNeverReachTheNextRecordOrInvocation() throws IOException {
    assertRecordsStartFromTheMdcTheyWereGiven((requestId, handler) ->
        Batches.stream(json(Fixtures.event("kinesis-event.json")), new ByteArrayOutputStream(), context(requestId),
            BatchEvents.Source.KINESIS, handler));
    assertRecordsStartFromTheMdcTheyWereGiven((requestId, handler) ->
        Batches.stream(json(Fixtures.event("dynamodb-event.json")), new ByteArrayOutputStream(), context(requestId),
            BatchEvents.Source.DYNAMODB, handler));
  }

  @Test
  void mdcEntriesOfOneParallelRecordNeverReachTheNextRecordOrInvocation() throws IOException {
    assertRecordsStartFromTheMdcTheyWereGiven((requestId, handler) ->
        Batches.sqsParallel(json(Fixtures.event("sqs-event.json")), new ByteArrayOutputStream(), context(requestId), handler));
  }

  @Test
  void mdcEntriesOfOneHttpInvocationNeverReachTheNext() throws IOException {
    try (LogCapture log = LogCapture.start()) {
      MDC.put("tenant", "acme");
      for (String requestId : List.of("req-mdc-http-1", "req-mdc-http-2")) {
        ObjectNode event = Fixtures.event("apigw-http-v2.json");
        ((ObjectNode) event.get("headers")).put("X-Correlation-Id", "corr-" + requestId);
        HttpExchange.handle(json(event), new ByteArrayOutputStream(), context(requestId), ROUTER, (route, request, ctx) -> {
          APP.info("creating order");
          MDC.put("user", "ann");
          MDC.put("tenant", "changed");
          MDC.remove(LambdaInvocation.CORRELATION_ID);
          return HttpResult.empty(204);
        });
      }
      APP.info("after the invocations");
      List<JsonNode> creating = log.withMessage("creating order");
      assertThat(creating).hasSize(2).allSatisfy(line -> {
        assertThat(line.has("user")).isFalse();
        assertThat(line.get("tenant").asText()).isEqualTo("acme");
        assertThat(line.get("correlation_id").asText()).isEqualTo("corr-" + line.get("function_request_id").asText());
      });
      JsonNode after = log.withMessage("after the invocations").get(0);
      assertThat(after.get("tenant").asText()).isEqualTo("acme");
      assertThat(after.has("user")).isFalse();
      assertThat(after.has("correlation_id")).isFalse();
    }
  }

  @Test
  void mdcEntriesOfOneFunctionInvocationNeverReachTheNext() throws IOException {
    try (LogCapture log = LogCapture.start()) {
      MDC.put("tenant", "acme");
      for (String requestId : List.of("req-mdc-fn-1", "req-mdc-fn-2")) {
        DirectInvocation.begin(context(requestId));
        APP.info("quoting");
        MDC.put("quote", requestId);
        MDC.remove("tenant");
      }
      List<JsonNode> quoting = log.withMessage("quoting");
      assertThat(quoting).hasSize(2).allSatisfy(line -> {
        assertThat(line.has("quote")).as(line.toString()).isFalse();
        assertThat(line.get("tenant").asText()).isEqualTo("acme");
      });
    }
  }

  @Test
  void theEventIsLoggedOnlyWhenAskedFor() throws IOException {
    try (LogCapture log = LogCapture.start()) {
      Batches.sqs(json(Fixtures.event("sqs-event.json")), new ByteArrayOutputStream(), context("req-quiet"), false, (record, ctx) -> {});
      assertThat(log.withMessage("Incoming event")).isEmpty();
      assertThat(log.text()).doesNotContain("ord-1");
    }
  }
}
