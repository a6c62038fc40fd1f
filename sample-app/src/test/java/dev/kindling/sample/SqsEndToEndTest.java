package dev.kindling.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kindling.local.ElasticMqServer;
import dev.kindling.local.LocalFunction;
import dev.kindling.local.QueueWithDeadLetterQueue;
import dev.kindling.local.SqsEventSource;
import dev.kindling.local.SqsEventSourceStats;
import dev.kindling.local.SqsQueues;
import dev.kindling.sample.EndToEndSupport.CapturedLog;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * The charge-orders queue end to end: embedded ElasticMQ with a dead-letter queue, Kindling's generated
 * {@code OrderCharging_ChargeSqsHandler} in a child JVM driven by the real runtime interface client, and the
 * local SQS event-source mapping between them. 2,000 messages with poison, transient failures and duplicates;
 * every effect is observed from outside the function: its log lines, the queues and the mapping's counters.
 */
class SqsEndToEndTest {
  private static final long SEED = 20_240_611L;
  private static final int MESSAGES = 2_000;
  private static final int POISON = 100; // 5%
  private static final int DUPLICATES = 90; // ~5% of the good orders, sent a second time
  private static final int FLAKY = 200; // 10%
  private static final int GOOD_ORDERS = MESSAGES - POISON - DUPLICATES;
  private static final int MAX_RECEIVE_COUNT = 3;
  private static final Duration VISIBILITY_TIMEOUT = Duration.ofSeconds(1);
  private static final Duration DRAIN_BOUND = Duration.ofMinutes(3);

  private static final Pattern CHARGED = Pattern.compile("Charged (\\S+) as (\\S+) \\(receive #(\\d+)\\)");
  private static final Pattern TIMED_OUT =
      Pattern.compile("PaymentTimeoutException: payment provider timed out charging (\\S+)");
  private static final Pattern REJECTED = Pattern.compile("Record (\\S+) rejected: ");
  private static final Pattern REPLAYED = Pattern.compile("Idempotency key (\\S+) already completed");

  private enum Kind { GOOD, FLAKY, DUPLICATE, POISON }

  /** One message as sent; {@code amount} is null for poison. */
  private record Sent(Kind kind, String orderId, String body, BigDecimal amount) {
    boolean good() {
      return kind != Kind.POISON;
    }
  }

  private static final CapturedLog LOG = new CapturedLog();
  private static ElasticMqServer elasticMq;
  private static SqsClient sqs;
  private static LocalFunction function;
  private static SqsEventSource source;

  private static QueueWithDeadLetterQueue queue;
  private static final Map<String, Sent> sentById = new LinkedHashMap<>();
  private static long warmPid;
  private static long pidAfterDrain;
  private static SqsEventSourceStats stats;
  private static List<Message> deadLettered;
  private static Map<QueueAttributeName, String> queueCounts;

  @BeforeAll
  static void chargeTwoThousandOrders() throws Exception {
    long t0 = System.nanoTime();
    elasticMq = ElasticMqServer.start();
    sqs = elasticMq.newClient();
    queue = SqsQueues.createWithDeadLetterQueue(sqs, "charge-orders", MAX_RECEIVE_COUNT, VISIBILITY_TIMEOUT);
    function =
        LocalFunction.builder("dev.kindling.sample.OrderCharging_ChargeSqsHandler::handleRequest")
            .classpath(LambdaClasspath.entries())
            .functionName("charge-orders")
            .logSink(LOG)
            .build();
    long t1 = System.nanoTime();
    warmPid = EndToEndSupport.warmUp(function, "sqs-event.json", LOG);
    long t2 = System.nanoTime();

    List<Sent> messages = generate(new Random(SEED));
    List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
    for (int i = 0; i < messages.size(); i++) {
      entries.add(SendMessageBatchRequestEntry.builder().id("e" + (i % 10)).messageBody(messages.get(i).body()).build());
    }
    List<String> ids = EndToEndSupport.sendAll(sqs, queue.queueUrl(), entries);
    for (int i = 0; i < ids.size(); i++) {
      sentById.put(ids.get(i), messages.get(i));
    }

    long t3 = System.nanoTime();
    source = SqsEventSource.builder(sqs, queue.queueUrl(), function).batchSize(10).start();
    EndToEndSupport.awaitDrained(source, sqs, queue.queueUrl(), queue.deadLetterQueueUrl(), DRAIN_BOUND, LOG);
    long t4 = System.nanoTime();
    pidAfterDrain = function.runtimePid().orElse(-1);
    source.close();
    stats = source.stats();
    queueCounts = EndToEndSupport.counts(sqs, queue.queueUrl());
    function.close(); // flushes the runtime's last log lines to the sink
    deadLettered = EndToEndSupport.receiveAll(sqs, queue.deadLetterQueueUrl());
    long t5 = System.nanoTime();
    printCounts();
    System.out.printf("SqsEndToEndTest phases (ms): elasticmq=%d warm-up=%d send=%d drain=%d stop=%d%n",
        (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000, (t4 - t3) / 1_000_000, (t5 - t4) / 1_000_000);
  }

  @AfterAll
  static void stopEverything() {
    EndToEndSupport.closeQuietly(source);
    EndToEndSupport.closeQuietly(function);
    EndToEndSupport.closeQuietly(sqs);
    EndToEndSupport.closeQuietly(elasticMq);
  }

  /** The message mix, from a fixed seed: good orders (some flaky), their duplicates, poison; shuffled. */
  private static List<Sent> generate(Random random) {
    List<Sent> orders = new ArrayList<>();
    List<Integer> flakyPicks = pick(random, GOOD_ORDERS, FLAKY);
    Set<Integer> flaky = new HashSet<>(flakyPicks);
    for (int i = 0; i < GOOD_ORDERS; i++) {
      String orderId = String.format("o-%05d", i);
      BigDecimal amount = BigDecimal.valueOf(1 + random.nextInt(99_999), 2);
      String customer = (flaky.contains(i) ? "flaky-c-" : "c-") + random.nextInt(500);
      String body = "{\"orderId\":\"" + orderId + "\",\"customerId\":\"" + customer + "\",\"amount\":" + amount.toPlainString() + "}";
      orders.add(new Sent(flaky.contains(i) ? Kind.FLAKY : Kind.GOOD, orderId, body, amount));
    }
    List<Sent> all = new ArrayList<>(orders);
    for (int index : pick(random, GOOD_ORDERS, DUPLICATES)) {
      Sent original = orders.get(index);
      all.add(new Sent(Kind.DUPLICATE, original.orderId(), original.body(), original.amount()));
    }
    for (int i = 0; i < POISON; i++) {
      String orderId = String.format("p-%05d", i);
      String body =
          random.nextBoolean()
              ? "{\"orderId\":\"" + orderId + "\",\"customerId\":\"c-" + i + "\",\"amount\":-" + (1 + random.nextInt(500)) + "}"
              : "{\"orderId\":\"" + orderId + "\",\"customerId\":\"c-" + i + "\",\"amount\":"; // malformed JSON
      all.add(new Sent(Kind.POISON, orderId, body, null));
    }
    Collections.shuffle(all, random);
    assertThat(all).hasSize(MESSAGES);
    return all;
  }

  private static List<Integer> pick(Random random, int bound, int count) {
    List<Integer> indexes = new ArrayList<>();
    for (int i = 0; i < bound; i++) {
      indexes.add(i);
    }
    Collections.shuffle(indexes, random);
    return indexes.subList(0, count);
  }

  @Test
  void everyGoodOrderIsChargedExactlyOnceWithItsAmount() {
    Map<String, Integer> chargesPerOrder = new TreeMap<>();
    Map<String, String> chargeRefs = new HashMap<>();
    for (Matcher charged : matches(CHARGED)) {
      chargesPerOrder.merge(charged.group(1), 1, Integer::sum);
      chargeRefs.put(charged.group(1), charged.group(2));
    }
    Map<String, BigDecimal> goodOrders = goodOrders();
    assertThat(chargesPerOrder.keySet()).as("charged orders").containsExactlyInAnyOrderElementsOf(goodOrders.keySet());
    assertThat(chargesPerOrder).as("charges per order").allSatisfy((order, charges) -> assertThat(charges).as(order).isEqualTo(1));
    goodOrders.forEach(
        (orderId, amount) ->
            assertThat(chargeRefs.get(orderId)).as(orderId).isEqualTo("ch-" + orderId + "-" + amount.toPlainString()));
  }

  @Test
  void everyPoisonMessageIsDeadLetteredAfterMaxReceiveCountAndNothingElseIs() {
    Map<String, Sent> poison = byKind(Kind.POISON);
    assertThat(deadLettered).extracting(Message::body).as("dead-lettered bodies")
        .containsExactlyInAnyOrderElementsOf(poison.values().stream().map(Sent::body).toList());
    assertThat(deadLettered).extracting(Message::messageId).as("dead-lettered message ids")
        .containsExactlyInAnyOrderElementsOf(poison.keySet());

    Map<String, Long> rejections =
        matches(REJECTED).stream().filter(m -> !m.group(1).equals(EndToEndSupport.WARM_UP_ID)).collect(Collectors.groupingBy(m -> m.group(1), Collectors.counting()));
    assertThat(rejections.keySet()).as("records rejected as invalid").containsExactlyInAnyOrderElementsOf(poison.keySet());
    assertThat(rejections).as("receives of each poison message before redrive")
        .allSatisfy((id, count) -> assertThat(count).as(id).isEqualTo((long) MAX_RECEIVE_COUNT));
  }

  @Test
  void everyTransientFailureIsRetriedOnceAndThenCharged() {
    Map<String, Long> timeouts =
        matches(TIMED_OUT).stream().collect(Collectors.groupingBy(m -> m.group(1), Collectors.counting()));
    Set<String> flakyOrders = byKind(Kind.FLAKY).values().stream().map(Sent::orderId).collect(Collectors.toSet());
    assertThat(timeouts.keySet()).as("orders whose first charge timed out").containsExactlyInAnyOrderElementsOf(flakyOrders);
    assertThat(timeouts).allSatisfy((order, count) -> assertThat(count).as(order).isEqualTo(1L));
    Set<String> charged = matches(CHARGED).stream().map(m -> m.group(1)).collect(Collectors.toSet());
    assertThat(charged).as("charged after the retry").containsAll(flakyOrders);
  }

  @Test
  void everyDuplicateIsSuppressedByTheIdempotencyGuard() {
    assertThat(pidAfterDrain).as("one execution environment (the in-memory idempotency store is per environment)")
        .isEqualTo(warmPid);
    // Each order sent twice is charged by one message; the other is answered from the stored result.
    assertThat(matches(REPLAYED)).as("replayed duplicates").hasSize(DUPLICATES);
  }

  @Test
  void theQueueIsEmptyAndEveryMessageIsAccountedFor() {
    assertThat(queueCounts).as("charge-orders after the drain")
        .containsEntry(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "0")
        .containsEntry(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE, "0")
        .containsEntry(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED, "0");
    assertThat(sentById).as("distinct message ids").hasSize(MESSAGES);

    // good ∪ poison = everything sent, disjoint.
    Set<String> allOrders = sentById.values().stream().map(Sent::orderId).collect(Collectors.toSet());
    Set<String> charged = matches(CHARGED).stream().map(m -> m.group(1)).collect(Collectors.toSet());
    Set<String> poisoned = deadLettered.stream().map(m -> sentById.get(m.messageId()))
        .map(sent -> sent == null ? "<unknown>" : sent.orderId()).collect(Collectors.toSet());
    assertThat(charged).doesNotContainAnyElementsOf(poisoned);
    Set<String> union = new HashSet<>(charged);
    union.addAll(poisoned);
    assertThat(union).as("charged ∪ dead-lettered").isEqualTo(allOrders);

    long goodMessages = sentById.values().stream().filter(Sent::good).count();
    assertThat(stats.messagesDeleted()).as("deleted = good messages, duplicates included").isEqualTo(goodMessages);
    assertThat(stats.reportedFailures()).as("reported = one per flaky order + maxReceiveCount per poison")
        .isEqualTo(FLAKY + (long) MAX_RECEIVE_COUNT * POISON);
    assertThat(stats.failedBatches()).as("whole-batch failures").isZero();
    assertThat(stats.messagesReceived()).as("every receive ended deleted or reported")
        .isEqualTo(stats.messagesDeleted() + stats.reportedFailures());
    assertThat(stats.messagesDeleted() + deadLettered.size()).as("deleted + dead-lettered = sent").isEqualTo(MESSAGES);
  }

  private static Map<String, BigDecimal> goodOrders() {
    Map<String, BigDecimal> orders = new TreeMap<>();
    sentById.values().stream().filter(Sent::good).forEach(sent -> orders.put(sent.orderId(), sent.amount()));
    return orders;
  }

  private static Map<String, Sent> byKind(Kind kind) {
    return sentById.entrySet().stream().filter(e -> e.getValue().kind() == kind)
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
  }

  private static List<Matcher> matches(Pattern pattern) {
    return LOG.matches(pattern);
  }

  private static void printCounts() {
    Map<Kind, Long> sent = sentById.values().stream().collect(Collectors.groupingBy(Sent::kind, () -> new java.util.EnumMap<>(Kind.class), Collectors.counting()));
    Function<Pattern, Integer> count = pattern -> matches(pattern).size();
    long retriedCharges = matches(CHARGED).stream().filter(m -> Integer.parseInt(m.group(3)) > 1).count();
    System.out.printf(
        "SqsEndToEndTest: sent=%d %s; charged=%d (at receive #2+: %d); duplicates suppressed=%d; "
            + "poison dead-lettered=%d (rejections logged=%d); transient retried=%d; "
            + "batches/invocations=%d (+1 warm-up); stats=%s; log lines=%d%n",
        sentById.size(), sent, count.apply(CHARGED), retriedCharges, count.apply(REPLAYED), deadLettered.size(),
        count.apply(REJECTED), count.apply(TIMED_OUT), stats.batches(), stats, LOG.lines().size());
  }
}
