package dev.kindling.runtime.logging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** The JSON lines of Kindling's SLF4J provider, outside any entry. */
class JsonLoggerTest {
  private static final Logger LOG = LoggerFactory.getLogger("com.acme.Orders");
  private static final LambdaFields INVOCATION =
      new LambdaFields(false, "orders", "7", 1024, "arn:aws:lambda:eu-west-1:123456789012:function:orders", "req-9", "1-5759e988-bd862e3fe1be46a994272793");

  @AfterEach
  void clearMdc() {
    MDC.clear();
  }

  @Test
  void slf4jBindsKindlingsProviderWithoutSetup() {
    assertThat(LoggerFactory.getILoggerFactory()).isInstanceOf(JsonLoggerFactory.class);
    assertThat(KindlingLogging.isProviderActive()).isTrue();
    assertThat(LOG).isInstanceOf(JsonLogger.class);
  }

  @Test
  void quotesLineBreaksControlCharactersAndNonAsciiStayOneValidLine() {
    String message = "He said \"hi\"\\ then\nleft\r\n\ttab \u0001\u001f — Grüße, 東京, emoji \uD83D\uDE80";
    try (LogCapture log = LogCapture.start()) {
      LOG.info(message);
      LOG.atInfo().addKeyValue("note", message).log("{} and {}", "x\"y", 'z');
      assertThat(log.text().split("\n", -1)).hasSize(3).endsWith("");
      List<JsonNode> lines = log.lines();
      assertThat(lines.get(0).get("message").asText()).isEqualTo(message);
      assertThat(lines.get(1).get("note").asText()).isEqualTo(message);
      assertThat(lines.get(1).get("message").asText()).isEqualTo("x\"y and z");
      assertThat(log.text()).contains("Grüße, 東京").contains("\\u0001");
    }
  }

  @Test
  void aLoneSurrogateIsEscapedInsteadOfLost() {
    String broken = "half \uD83D of a rocket, and \uDE80 the other half";
    try (LogCapture log = LogCapture.start()) {
      LOG.info(broken);
      assertThat(log.text()).contains("half \\ud83d of a rocket, and \\ude80 the other half");
      assertThat(log.lines().get(0).get("message").asText()).isEqualTo(broken);
    }
  }

  @Test
  void aValueWhoseToStringRecursesForeverIsNeverAskedForIt() {
    Object cyclic = new Object() {
      @Override
      public String toString() {
        return "node " + this;
      }
    };
    try (LogCapture log = LogCapture.start()) {
      LOG.atInfo().addKeyValue("order", cyclic).log("saving");
      JsonNode line = log.lines().get(0);
      assertThat(line.get("message").asText()).isEqualTo("saving");
      assertThat(line.get("order").isObject()).isTrue();
      assertThat(line.has("error")).isFalse();
    }
  }

  @Test
  void aValueThatFailsWhileBeingWrittenDoesNotEscapeTheLoggingCall() {
    Map<String, String> broken = new java.util.AbstractMap<>() {
      @Override
      public java.util.Set<Map.Entry<String, String>> entrySet() {
        throw new IllegalStateException("changed while logged");
      }
    };
    try (LogCapture log = LogCapture.start()) {
      LOG.atInfo().addKeyValue("order", broken).log("saving");
      JsonNode line = log.lines().get(0);
      assertThat(line.get("message").asText()).isEqualTo("saving");
      assertThat(line.at("/error/message").asText()).isEqualTo("changed while logged");
    }
  }

  record Card(String holder, String cardNumber) {}

  record Payment(String orderId, BigDecimal amount, Card card, Instant at, Optional<String> note) {}

  /** A bean as Jackson sees it: its getters, not its fields or its toString. */
  public static final class Refund {
    private final String cardNumber;

    Refund(String cardNumber) {
      this.cardNumber = cardNumber;
    }

    public String getCardNumber() {
      return cardNumber;
    }

    public String getReason() {
      return "duplicate";
    }

    @Override
    public String toString() {
      return "Refund[cardNumber=" + cardNumber + "]";
    }
  }

  @Test
  void recordsAndBeansAreWrittenAsJsonWithRedactedProperties() {
    String card = "4111111111111111";
    Payment payment = new Payment("o-1", new BigDecimal("12.50"), new Card("Ann", card), Instant.parse("2026-03-10T05:16:23Z"), Optional.of("rush"));
    try (LogCapture log = LogCapture.withEnvironment(Map.of("KINDLING_LOG_REDACT", "cardNumber"))) {
      LOG.atInfo()
          .addKeyValue("payment", payment)
          .addKeyValue("refunds", List.of(new Refund(card)))
          .addKeyValue("byOrder", Map.of("o-1", new Refund(card)))
          .addKeyValue("byCard", Map.of(new Card("Ann", card), 1))
          .log("Paid");
      assertThat(log.text()).doesNotContain(card);
      JsonNode line = log.lines().get(0);
      assertThat(line.at("/payment/orderId").asText()).isEqualTo("o-1");
      assertThat(line.at("/payment/amount").decimalValue()).isEqualByComparingTo("12.50");
      assertThat(line.at("/payment/card/holder").asText()).isEqualTo("Ann");
      assertThat(line.at("/payment/card/cardNumber").asText()).isEqualTo("***");
      assertThat(line.at("/payment/at").asText()).isEqualTo("2026-03-10T05:16:23Z");
      assertThat(line.at("/payment/note").asText()).isEqualTo("rush");
      assertThat(line.at("/refunds/0/cardNumber").asText()).isEqualTo("***");
      assertThat(line.at("/refunds/0/reason").asText()).isEqualTo("duplicate");
      assertThat(line.at("/byOrder/o-1/cardNumber").asText()).isEqualTo("***");
      assertThat(line.get("byCard").fieldNames()).toIterable().containsExactly("<" + Card.class.getName() + ">");
    }
  }

  @Test
  void aJsonTreeValueIsRedactedByPropertyName() {
    ObjectNode tree = new ObjectMapper().createObjectNode();
    tree.put("orderId", "o-1");
    tree.putObject("payment").put("cardNumber", "4111111111111111").put("amount", 12.5);
    tree.putArray("lines").addObject().put("sku", "BOOK-1").put("quantity", 2);
    try (LogCapture log = LogCapture.withEnvironment(Map.of("KINDLING_LOG_REDACT", "cardNumber"))) {
      LOG.atInfo().addKeyValue("order", tree).log("Paid");
      assertThat(log.text()).doesNotContain("4111111111111111");
      JsonNode line = log.lines().get(0);
      assertThat(line.at("/order/orderId").asText()).isEqualTo("o-1");
      assertThat(line.at("/order/payment/cardNumber").asText()).isEqualTo("***");
      assertThat(line.at("/order/payment/amount").asDouble()).isEqualTo(12.5);
      assertThat(line.at("/order/lines/0/quantity").isInt()).isTrue();
    }
  }

  /** A bean that Jackson cannot write; its toString would give the card away. */
  public static final class Unwritable {
    public String getCardNumber() {
      throw new IllegalStateException("vault locked for 4111111111111111");
    }

    @Override
    public String toString() {
      return "Unwritable 4111111111111111";
    }
  }

  /** Two beans that refer to each other. */
  public static final class Node {
    public Node other;
    public String cardNumber = "4111111111111111";
  }

  @Test
  void aValueThatCannotBeWrittenAsJsonIsAPlaceholderThatHoldsNothingOfIt() {
    Node first = new Node();
    first.other = new Node();
    first.other.other = first;
    try (LogCapture log = LogCapture.withEnvironment(Map.of("KINDLING_LOG_REDACT", "cardNumber"))) {
      LOG.atInfo().addKeyValue("payment", new Unwritable()).addKeyValue("chain", first).log("Paid");
      assertThat(log.text()).doesNotContain("4111111111111111").doesNotContain("vault locked");
      JsonNode line = log.lines().get(0);
      assertThat(line.get("payment").asText()).isEqualTo("<" + Unwritable.class.getName() + ", not serializable to JSON>");
      assertThat(line.get("chain").asText()).isEqualTo("<" + Node.class.getName() + ", not serializable to JSON>");
      assertThat(line.has("error")).isFalse();
    }
  }

  @Test
  void aMapNestedDeeperThanTheLimitIsNeverWrittenWithItsToString() {
    Map<String, Object> payment = new LinkedHashMap<>();
    payment.put("cardNumber", "4111111111111111");
    payment.put("self", payment);
    try (LogCapture log = LogCapture.withEnvironment(Map.of("KINDLING_LOG_REDACT", "cardNumber"))) {
      LOG.atInfo().addKeyValue("payment", payment).log("Paid");
      assertThat(log.text()).doesNotContain("4111111111111111");
      JsonNode line = log.lines().get(0);
      assertThat(line.at("/payment/cardNumber").asText()).isEqualTo("***");
      assertThat(line.at("/payment/self/self/self/cardNumber").asText()).isEqualTo("***");
    }
  }

  @Test
  void aPathIsWrittenAsItsText() {
    try (LogCapture log = LogCapture.start()) {
      LOG.atInfo().addKeyValue("file", java.nio.file.Path.of("exports", "orders.csv")).log("exported");
      assertThat(log.lines().get(0).get("file").asText()).isEqualTo("exports/orders.csv");
    }
  }

  @Test
  void standardFieldsComeFirstWithAnIsoUtcTimestampInMillis() {
    Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    try (LogCapture log = LogCapture.start()) {
      KindlingLogging.beginInvocation(INVOCATION);
      LOG.warn("Low stock for {}", "BOOK-1");
      JsonNode line = log.lines().get(0);
      assertThat(line.get("timestamp").asText()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
      assertThat(Instant.parse(line.get("timestamp").asText())).isBetween(before, Instant.now());
      assertThat(line.get("level").asText()).isEqualTo("WARN");
      assertThat(line.get("message").asText()).isEqualTo("Low stock for BOOK-1");
      assertThat(line.get("logger").asText()).isEqualTo("com.acme.Orders");
      assertThat(line.get("service").asText()).isEqualTo("orders");
      assertThat(line.get("cold_start").asBoolean(true)).isFalse();
      assertThat(line.get("function_name").asText()).isEqualTo("orders");
      assertThat(line.get("function_version").asText()).isEqualTo("7");
      assertThat(line.get("function_memory_size").asInt()).isEqualTo(1024);
      assertThat(line.get("function_arn").asText()).isEqualTo("arn:aws:lambda:eu-west-1:123456789012:function:orders");
      assertThat(line.get("function_request_id").asText()).isEqualTo("req-9");
      assertThat(line.get("xray_trace_id").asText()).isEqualTo("1-5759e988-bd862e3fe1be46a994272793");
      assertThat(line.has("error")).isFalse();
    }
  }

  @Test
  void timestampsMatchJavaTime() {
    long[] samples = {0, 951_782_400_000L, 951_868_799_999L, 1_709_208_000_123L, 4_102_444_799_999L, -1L, 253_402_300_799_999L};
    for (long millis : samples) {
      StringBuilder text = new StringBuilder();
      Timestamps.append(text, millis);
      Instant expected = Instant.ofEpochMilli(millis);
      assertThat(Instant.parse(text)).as(text.toString()).isEqualTo(expected);
      assertThat(text).hasSize(24);
    }
  }

  @Test
  void keyValuePairsAndMdcBecomeFieldsWithTheirJsonTypes() {
    try (LogCapture log = LogCapture.start()) {
      MDC.put("tenant", "acme");
      MDC.put("order_id", "from-mdc");
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("lines", List.of(1, 2));
      details.put("rush", true);
      LOG.atInfo()
          .addKeyValue("order_id", "o-1")
          .addKeyValue("amount", new java.math.BigDecimal("12.50"))
          .addKeyValue("count", 3)
          .addKeyValue("ratio", 0.25)
          .addKeyValue("paid", false)
          .addKeyValue("details", details)
          .addKeyValue("nothing", (Object) null)
          .addKeyValue("nan", Double.NaN)
          .addKeyValue("level", "not allowed to replace the level")
          .log("Order accepted");
      JsonNode line = log.lines().get(0);
      assertThat(line.get("tenant").asText()).isEqualTo("acme");
      assertThat(line.get("order_id").asText()).as("a key-value pair wins over the MDC").isEqualTo("o-1");
      assertThat(line.get("amount").decimalValue()).isEqualByComparingTo("12.50");
      assertThat(line.get("count").isInt()).isTrue();
      assertThat(line.get("ratio").asDouble()).isEqualTo(0.25);
      assertThat(line.get("paid").isBoolean()).isTrue();
      assertThat(line.at("/details/lines/1").asInt()).isEqualTo(2);
      assertThat(line.at("/details/rush").asBoolean()).isTrue();
      assertThat(line.get("nothing").isNull()).isTrue();
      assertThat(line.get("nan").asText()).isEqualTo("NaN");
      assertThat(line.get("level").asText()).isEqualTo("INFO");
      assertThat(log.text()).containsOnlyOnce("\"order_id\"").containsOnlyOnce("\"level\"");
    }
  }

  @Test
  void errorCarriesTypeMessageAndStack() {
    try (LogCapture log = LogCapture.start()) {
      IllegalStateException failure = new IllegalStateException("card \"declined\"", new java.io.IOException("timeout"));
      LOG.error("Charge {} failed", "o-1", failure);
      LOG.atWarn().setCause(failure).log("again");
      LOG.atWarn().addArgument("o-2").addArgument(failure).log("Charge {} failed");
      List<JsonNode> lines = log.lines();
      for (JsonNode line : lines) {
        assertThat(line.at("/error/type").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(line.at("/error/message").asText()).isEqualTo("card \"declined\"");
        assertThat(line.at("/error/stack").asText())
            .startsWith("java.lang.IllegalStateException: card \"declined\"\n\tat ")
            .contains("Caused by: java.io.IOException: timeout");
      }
      assertThat(lines.get(0).get("message").asText()).isEqualTo("Charge o-1 failed");
      assertThat(lines.get(2).get("message").asText()).isEqualTo("Charge o-2 failed");
    }
  }

  @Test
  void levelThresholdAndOff() {
    try (LogCapture log = LogCapture.withEnvironment(Map.of("AWS_LAMBDA_LOG_LEVEL", "WARN"))) {
      KindlingLogging.beginInvocation(INVOCATION);
      LOG.info("dropped");
      LOG.atInfo().addKeyValue("k", 1).log("dropped too");
      LOG.warn("kept");
      assertThat(LOG.isInfoEnabled()).isFalse();
      assertThat(log.lines()).extracting(line -> line.get("message").asText()).containsExactly("kept");
    }
    try (LogCapture log = LogCapture.withEnvironment(Map.of("KINDLING_LOG_LEVEL", "OFF", "AWS_LAMBDA_LOG_LEVEL", "DEBUG"))) {
      KindlingLogging.beginInvocation(INVOCATION);
      LOG.error("nothing at all");
      assertThat(log.text()).isEmpty();
    }
  }

  @Test
  void debugSamplingIsDecidedPerInvocation() {
    try (LogCapture log = LogCapture.withEnvironment(Map.of("POWERTOOLS_LOGGER_SAMPLE_RATE", "1"))) {
      KindlingLogging.beginInvocation(INVOCATION);
      LOG.debug("sampled detail");
      assertThat(log.withMessage("sampled detail")).singleElement()
          .satisfies(line -> assertThat(line.get("sampling_rate").asDouble()).isEqualTo(1.0));
    }
    try (LogCapture log = LogCapture.withEnvironment(Map.of("KINDLING_LOG_SAMPLE_RATE", "0"))) {
      KindlingLogging.beginInvocation(INVOCATION);
      LOG.debug("not sampled");
      assertThat(log.text()).isEmpty();
    }
  }

  @Test
  void redactedNamesNeverShowTheirValues() {
    try (LogCapture log = LogCapture.withEnvironment(Map.of("KINDLING_LOG_REDACT", "password, cardNumber"))) {
      MDC.put("password", "hunter2");
      LOG.atInfo()
          .addKeyValue("cardNumber", "4111111111111111")
          .addKeyValue("payment", Map.of("CARDNUMBER", "4111111111111111", "holder", "Ann"))
          .addKeyValue("users", List.of(Map.of("password", "hunter2")))
          .log("Paid");
      assertThat(log.text()).doesNotContain("hunter2").doesNotContain("4111111111111111").contains("Ann");
      JsonNode line = log.lines().get(0);
      assertThat(line.get("password").asText()).isEqualTo("***");
      assertThat(line.get("cardNumber").asText()).isEqualTo("***");
      assertThat(line.at("/payment/CARDNUMBER").asText()).isEqualTo("***");
    }
  }

  @Test
  void linesOfParallelThreadsNeverInterleave() throws Exception {
    int threads = 8;
    int perThread = 300;
    String padding = "x".repeat(2_000);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try (LogCapture log = LogCapture.start()) {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        done.add(
            pool.submit(
                () -> {
                  start.await();
                  MDC.put("worker", Integer.toString(thread));
                  for (int i = 0; i < perThread; i++) {
                    LOG.atInfo().addKeyValue("i", i).log("{} {}", thread, padding);
                  }
                  MDC.clear();
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> future : done) {
        future.get();
      }
      List<JsonNode> lines = log.lines();
      assertThat(lines).hasSize(threads * perThread);
      assertThat(lines).allSatisfy(line -> assertThat(line.get("message").asText()).startsWith(line.get("worker").asText() + " "));
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aNewThreadDoesNotInheritTheMdc() throws Exception {
    MDC.put("record_id", "r-1");
    String[] seen = new String[1];
    Thread child = new Thread(() -> seen[0] = MDC.get("record_id"));
    child.start();
    child.join();
    assertThat(seen[0]).isNull();
  }

  @Test
  void aRestoredMdcIsTheSnapshotExactlyAndASnapshotCanBeRestoredAgain() {
    assertThat(KindlingLogging.mdcSnapshot()).as("an empty MDC is not copied").isNull();
    MDC.put("tenant", "acme");
    MDC.put("order", "o-1");
    MDC.pushByKey("stack", "outer");
    KindlingLogging.MdcSnapshot snapshot = KindlingLogging.mdcSnapshot();
    for (int round = 0; round < 2; round++) {
      MDC.remove("tenant");
      MDC.put("order", "o-2");
      MDC.put("record_id", "r-1");
      MDC.pushByKey("stack", "inner");
      MDC.pushByKey("other", "x");
      KindlingLogging.restoreMdc(snapshot);
      assertThat(MDC.getCopyOfContextMap()).containsExactly(Map.entry("tenant", "acme"), Map.entry("order", "o-1"));
      assertThat(MDC.getMDCAdapter().getCopyOfDequeByKey("stack")).containsExactly("outer");
      assertThat(MDC.getMDCAdapter().getCopyOfDequeByKey("other")).isNull();
    }
    KindlingLogging.restoreMdc(null);
    assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();
    assertThat(MDC.getMDCAdapter().getCopyOfDequeByKey("stack")).isNull();
    assertThat(snapshot.entries()).containsOnlyKeys("tenant", "order");
  }

  @Test
  void eachInvocationStartsFromTheMdcItsThreadHadBeforeTheFirst() {
    try (LogCapture log = LogCapture.start()) {
      MDC.put("tenant", "acme");
      KindlingLogging.beginInvocation(INVOCATION);
      MDC.put("order", "o-1");
      MDC.remove("tenant");
      KindlingLogging.beginInvocation(INVOCATION);
      LOG.info("second");
      JsonNode line = log.withMessage("second").get(0);
      assertThat(line.get("tenant").asText()).isEqualTo("acme");
      assertThat(line.has("order")).isFalse();
    }
  }

  @Test
  void contextIsCarriedToAnotherThreadAndClearedAfter() throws Exception {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try (LogCapture log = LogCapture.start()) {
      KindlingLogging.beginInvocation(INVOCATION);
      MDC.put("correlation_id", "c-1");
      pool.submit(KindlingLogging.carryingContext(() -> LOG.info("carried"))).get();
      MDC.clear();
      pool.submit(() -> LOG.info("after")).get();
      JsonNode carried = log.withMessage("carried").get(0);
      assertThat(carried.get("correlation_id").asText()).isEqualTo("c-1");
      assertThat(carried.get("function_request_id").asText()).isEqualTo("req-9");
      assertThat(log.withMessage("after").get(0).has("correlation_id")).isFalse();
    } finally {
      pool.shutdownNow();
    }
  }
}
