package dev.kindling.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kindling.local.ElasticMqServer;
import dev.kindling.local.LocalFunction;
import dev.kindling.local.QueueWithDeadLetterQueue;
import dev.kindling.local.SqsEventSource;
import dev.kindling.local.SqsEventSourceStats;
import dev.kindling.local.SqsQueues;
import dev.kindling.sample.EndToEndSupport.CapturedLog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * The order-events FIFO queue end to end: embedded ElasticMQ (FIFO queue and FIFO dead-letter queue), Kindling's
 * generated {@code OrderTimeline_ApplySqsHandler} in a child JVM driven by the real runtime interface client, and
 * the local SQS event-source mapping. 50 orders of 10 steps each, some steps failing on their first delivery;
 * per-order application order is read from the function's own log lines ({@code Applied <order> step <n>}).
 */
class FifoEndToEndTest {
  private static final long SEED = 20_240_612L;
  private static final int ORDERS = 50;
  private static final int STEPS = 10;
  private static final int RETRY_STEPS = 50; // 10% of the events fail on first delivery
  private static final int MAX_RECEIVE_COUNT = 5; // as OrderTimeline's @SqsHandler says
  private static final Duration VISIBILITY_TIMEOUT = Duration.ofSeconds(1);
  private static final Duration DRAIN_BOUND = Duration.ofMinutes(3);
  private static final String[] TYPES = {"created", "priced", "reserved", "charged", "packed", "shipped"};

  private static final Pattern APPLIED = Pattern.compile("Applied (\\S+) step (\\d+)");
  private static final Pattern BUSY = Pattern.compile("downstream busy for (\\S+) step (\\d+)");
  private static final Pattern OUT_OF_ORDER = Pattern.compile("order (\\S+) got step (\\d+) but expected (\\d+)");

  private static final CapturedLog LOG = new CapturedLog();
  private static ElasticMqServer elasticMq;
  private static SqsClient sqs;
  private static LocalFunction function;
  private static SqsEventSource source;

  private static QueueWithDeadLetterQueue queue;
  private static final Set<String> retrySteps = new TreeSet<>();
  private static final List<String> orderIds = new ArrayList<>();
  private static long warmPid;
  private static long pidAfterDrain;
  private static SqsEventSourceStats stats;
  private static List<Message> deadLettered;
  private static Map<QueueAttributeName, String> queueCounts;

  @BeforeAll
  static void applyFiveHundredEvents() throws Exception {
    long t0 = System.nanoTime();
    elasticMq = ElasticMqServer.start();
    sqs = elasticMq.newClient();
    queue = SqsQueues.createWithDeadLetterQueue(sqs, "order-events.fifo", MAX_RECEIVE_COUNT, VISIBILITY_TIMEOUT);
    function =
        LocalFunction.builder("dev.kindling.sample.OrderTimeline_ApplySqsHandler::handleRequest")
            .classpath(LambdaClasspath.entries())
            .functionName("order-events")
            .logSink(LOG)
            .build();
    warmPid = EndToEndSupport.warmUp(function, "sqs-fifo-event.json", LOG);

    Random random = new Random(SEED);
    IntStream.range(0, ORDERS).mapToObj(i -> String.format("ord-%03d", i)).forEach(orderIds::add);
    List<Integer> events = new ArrayList<>(IntStream.range(0, ORDERS * STEPS).boxed().toList());
    Collections.shuffle(events, random);
    events.subList(0, RETRY_STEPS).forEach(e -> retrySteps.add(orderIds.get(e / STEPS) + "/" + e % STEPS));

    // Round by round: every order's step s is sent before any order's step s + 1; within a round the orders are
    // shuffled, so each SendMessageBatch mixes message groups.
    List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
    for (int step = 0; step < STEPS; step++) {
      List<String> round = new ArrayList<>(orderIds);
      Collections.shuffle(round, random);
      for (String orderId : round) {
        String type = TYPES[random.nextInt(TYPES.length)];
        if (retrySteps.contains(orderId + "/" + step)) {
          type = "retry-" + type;
        }
        String body = "{\"orderId\":\"" + orderId + "\",\"step\":" + step + ",\"type\":\"" + type + "\"}";
        entries.add(
            SendMessageBatchRequestEntry.builder()
                .id("e" + entries.size() % 10)
                .messageGroupId(orderId)
                .messageBody(body)
                .build());
      }
    }
    List<String> ids = EndToEndSupport.sendAll(sqs, queue.queueUrl(), entries);
    assertThat(Set.copyOf(ids)).as("distinct message ids").hasSize(ORDERS * STEPS);

    long t1 = System.nanoTime();
    source = SqsEventSource.builder(sqs, queue.queueUrl(), function).batchSize(10).start();
    EndToEndSupport.awaitDrained(source, sqs, queue.queueUrl(), queue.deadLetterQueueUrl(), DRAIN_BOUND, LOG);
    long t2 = System.nanoTime();
    pidAfterDrain = function.runtimePid().orElse(-1);
    source.close();
    stats = source.stats();
    queueCounts = EndToEndSupport.counts(sqs, queue.queueUrl());
    function.close(); // flushes the runtime's last log lines to the sink
    deadLettered = EndToEndSupport.receiveAll(sqs, queue.deadLetterQueueUrl());
    System.out.printf(
        "FifoEndToEndTest: sent=%d (%d orders x %d steps, %d retry-steps); applied=%d; first-delivery failures=%d; "
            + "out-of-order rejections=%d; dead-lettered=%d; batches/invocations=%d (+1 warm-up); stats=%s%n",
        ids.size(), ORDERS, STEPS, retrySteps.size(), matches(APPLIED).size(), matches(BUSY).size(),
        matches(OUT_OF_ORDER).size(), deadLettered.size(), stats.batches(), stats);
    System.out.printf("FifoEndToEndTest phases (ms): start+warm-up+send=%d drain=%d%n",
        (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000);
  }

  @AfterAll
  static void stopEverything() {
    EndToEndSupport.closeQuietly(source);
    EndToEndSupport.closeQuietly(function);
    EndToEndSupport.closeQuietly(sqs);
    EndToEndSupport.closeQuietly(elasticMq);
  }

  @Test
  void everyOrdersStepsAreAppliedExactlyOnceInOrder() {
    Map<String, List<Integer>> applied = new TreeMap<>();
    for (Matcher line : matches(APPLIED)) {
      applied.computeIfAbsent(line.group(1), id -> new ArrayList<>()).add(Integer.parseInt(line.group(2)));
    }
    List<Integer> allSteps = IntStream.range(0, STEPS).boxed().toList();
    assertThat(applied.keySet()).as("orders with applied steps").containsExactlyInAnyOrderElementsOf(orderIds);
    assertThat(applied).allSatisfy((order, steps) -> assertThat(steps).as(order).containsExactlyElementsOf(allSteps));
    assertThat(matches(OUT_OF_ORDER)).as("events that arrived out of order").isEmpty();
  }

  @Test
  void retryStepsFailOnlyOnFirstDeliveryAndHoldBackTheRestOfTheirOrder() {
    Map<String, Long> failures =
        matches(BUSY).stream()
            .collect(Collectors.groupingBy(m -> m.group(1) + "/" + m.group(2), LinkedHashMap::new, Collectors.counting()));
    // The first retry-step of an order always runs on its first delivery and fails. A later one may be held back on
    // its first delivery (an earlier event of its order failed in the same batch) and then runs on its second.
    Set<String> firstRetryStepOfEachOrder = new TreeSet<>();
    for (String orderId : orderIds) {
      IntStream.range(0, STEPS).mapToObj(step -> orderId + "/" + step).filter(retrySteps::contains).findFirst()
          .ifPresent(firstRetryStepOfEachOrder::add);
    }
    assertThat(failures.keySet()).as("events that failed their first delivery")
        .containsAll(firstRetryStepOfEachOrder)
        .allMatch(retrySteps::contains, "is a retry- step");
    assertThat(failures).allSatisfy((event, count) -> assertThat(count).as(event).isEqualTo(1L));
    // Each failure is reported together with the later events of its order in the batch, held back unprocessed.
    assertThat(stats.reportedFailures()).as("reported = failed + held back").isGreaterThan(failures.size());
  }

  @Test
  void nothingIsDeadLetteredAndTheQueueIsEmpty() {
    assertThat(pidAfterDrain).as("one execution environment (the timeline is kept in memory)").isEqualTo(warmPid);
    assertThat(deadLettered).extracting(Message::body).as("dead-lettered events").isEmpty();
    assertThat(queueCounts).as("order-events.fifo after the drain")
        .containsEntry(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "0")
        .containsEntry(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE, "0")
        .containsEntry(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED, "0");
    assertThat(stats.messagesDeleted()).as("deleted = sent").isEqualTo(ORDERS * STEPS);
    assertThat(stats.failedBatches()).as("whole-batch failures").isZero();
    assertThat(stats.messagesReceived()).as("every receive ended deleted or reported")
        .isEqualTo(stats.messagesDeleted() + stats.reportedFailures());
  }

  private static List<Matcher> matches(Pattern pattern) {
    return LOG.matches(pattern);
  }
}
