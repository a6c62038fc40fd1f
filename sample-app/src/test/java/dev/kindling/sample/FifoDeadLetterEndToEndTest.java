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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * Poison in FIFO message groups, end to end on embedded ElasticMQ (FIFO queues, each with a FIFO dead-letter queue
 * and a redrive policy) through the local SQS event-source mapping, two functions side by side:
 *
 * <ul>
 *   <li>{@code OrderPayments_PaySqsHandler} has {@code deadLetterUnprocessable = true} (maxReceiveCount 3): Kindling
 *       moves a step that can never succeed, and one that fails on its last receive, to the dead-letter queue
 *       itself, and the rest of its order is paid in order.
 *   <li>{@code OrderTimeline_ApplySqsHandler} has not (maxReceiveCount 5): a poison step is retried with the rest
 *       of its order held back behind it, and SQS's redrive moves them all to the dead-letter queue unprocessed,
 *       the documented trade-off.
 * </ul>
 */
class FifoDeadLetterEndToEndTest {
  private static final Duration VISIBILITY_TIMEOUT = Duration.ofSeconds(1);
  private static final Duration DRAIN_BOUND = Duration.ofMinutes(1);
  private static final int STEPS = 4;
  private static final byte[] CHECKSUM = {1, 2, 3, (byte) 0xff};

  private static final Pattern PAID = Pattern.compile("Paid (\\S+) step (\\d+) \\(receive #(\\d+)\\)");
  private static final Pattern APPLIED = Pattern.compile("Applied (\\S+) step (\\d+)");
  private static final Pattern OUT_OF_ORDER = Pattern.compile("order (\\S+) got step (\\d+)");
  private static final Pattern MOVE_FAILED = Pattern.compile("Record (\\S+) could not be moved to the dead-letter queue");

  private static final CapturedLog PAYMENTS_LOG = new CapturedLog();
  private static final CapturedLog TIMELINE_LOG = new CapturedLog();
  private static ElasticMqServer elasticMq;
  private static SqsClient sqs;
  private static LocalFunction payments;
  private static LocalFunction timeline;
  private static SqsEventSource paymentsSource;
  private static SqsEventSource timelineSource;

  private static QueueWithDeadLetterQueue paymentsQueue;
  private static QueueWithDeadLetterQueue timelineQueue;
  /** Message id of each step sent to order-payments.fifo, by "order/step". */
  private static final Map<String, String> paymentIds = new LinkedHashMap<>();
  private static SqsEventSourceStats paymentsStats;
  private static List<Message> paymentsDeadLettered;
  private static List<Message> timelineDeadLettered;
  private static Map<QueueAttributeName, String> paymentsQueueCounts;
  private static Map<QueueAttributeName, String> timelineQueueCounts;

  @BeforeAll
  static void sendPoisonToBothQueues() throws Exception {
    elasticMq = ElasticMqServer.start();
    sqs = elasticMq.newClient();
    paymentsQueue = SqsQueues.createWithDeadLetterQueue(sqs, "order-payments.fifo", 3, VISIBILITY_TIMEOUT);
    timelineQueue = SqsQueues.createWithDeadLetterQueue(sqs, "order-events.fifo", 5, VISIBILITY_TIMEOUT);
    payments =
        LocalFunction.builder("dev.kindling.sample.OrderPayments_PaySqsHandler::handleRequest")
            .classpath(LambdaClasspath.entries())
            .functionName("order-payments")
            .environmentVariable("KINDLING_DEAD_LETTER_ENDPOINT", elasticMq.endpoint().toString())
            .environmentVariable("AWS_ACCESS_KEY_ID", "local")
            .environmentVariable("AWS_SECRET_ACCESS_KEY", "local")
            .logSink(PAYMENTS_LOG)
            .build();
    timeline =
        LocalFunction.builder("dev.kindling.sample.OrderTimeline_ApplySqsHandler::handleRequest")
            .classpath(LambdaClasspath.entries())
            .functionName("order-events")
            .logSink(TIMELINE_LOG)
            .build();
    // The warm-up record comes from a queue this ElasticMQ does not have: its move fails, and it is reported.
    EndToEndSupport.warmUp(payments, "sqs-fifo-event.json", PAYMENTS_LOG);
    EndToEndSupport.warmUp(timeline, "sqs-fifo-event.json", TIMELINE_LOG);

    List<SendMessageBatchRequestEntry> toPayments = new ArrayList<>();
    for (int step = 0; step < STEPS; step++) {
      for (int order = 0; order < 6; order++) {
        toPayments.add(entry(toPayments.size(), "p-" + order, step, paymentBody("p-" + order, step)));
      }
    }
    List<SendMessageBatchRequestEntry> toTimeline = new ArrayList<>();
    for (int step = 0; step < 3; step++) {
      for (int order = 0; order < 2; order++) {
        String orderId = "e-" + order;
        String body = orderId.equals("e-1") && step == 0 ? "{\"orderId\":\"e-1\",\"step\":" : event(orderId, step, "created");
        toTimeline.add(entry(toTimeline.size(), orderId, step, body));
      }
    }
    record(toPayments, EndToEndSupport.sendAll(sqs, paymentsQueue.queueUrl(), toPayments), paymentIds);
    EndToEndSupport.sendAll(sqs, timelineQueue.queueUrl(), toTimeline);

    paymentsSource = SqsEventSource.builder(sqs, paymentsQueue.queueUrl(), payments).batchSize(10).start();
    timelineSource = SqsEventSource.builder(sqs, timelineQueue.queueUrl(), timeline).batchSize(10).start();
    EndToEndSupport.awaitDrained(
        paymentsSource, sqs, paymentsQueue.queueUrl(), paymentsQueue.deadLetterQueueUrl(), DRAIN_BOUND, PAYMENTS_LOG);
    EndToEndSupport.awaitDrained(
        timelineSource, sqs, timelineQueue.queueUrl(), timelineQueue.deadLetterQueueUrl(), DRAIN_BOUND, TIMELINE_LOG);
    paymentsSource.close();
    timelineSource.close();
    paymentsStats = paymentsSource.stats();
    paymentsQueueCounts = EndToEndSupport.counts(sqs, paymentsQueue.queueUrl());
    timelineQueueCounts = EndToEndSupport.counts(sqs, timelineQueue.queueUrl());
    payments.close();
    timeline.close();
    paymentsDeadLettered = receiveAllWithAttributes(paymentsQueue.deadLetterQueueUrl());
    timelineDeadLettered = receiveAllWithAttributes(timelineQueue.deadLetterQueueUrl());
  }

  /**
   * p-0 and p-5 are good; p-1's first step is not JSON; p-2's second fails {@code @Valid}; p-3's first fails on
   * every receive (its provider is down); p-4's third fails on its first receive only.
   */
  private static String paymentBody(String orderId, int step) {
    return switch (orderId + "/" + step) {
      case "p-1/0" -> "{\"orderId\":\"p-1\",\"step\":";
      case "p-2/1" -> event("p-2", 1, "");
      case "p-3/0" -> event("p-3", 0, "down-charge");
      case "p-4/2" -> event("p-4", 2, "retry-charge");
      default -> event(orderId, step, "charge");
    };
  }

  @AfterAll
  static void stopEverything() {
    EndToEndSupport.closeQuietly(paymentsSource);
    EndToEndSupport.closeQuietly(timelineSource);
    EndToEndSupport.closeQuietly(payments);
    EndToEndSupport.closeQuietly(timeline);
    EndToEndSupport.closeQuietly(sqs);
    EndToEndSupport.closeQuietly(elasticMq);
  }

  @Test
  void withTheOptInPoisonLandsInTheDeadLetterQueueInItsGroupWithItsAttributes() {
    Map<String, Message> byStep = new TreeMap<>();
    for (Message message : paymentsDeadLettered) {
      byStep.put(message.messageAttributes().get("step").stringValue(), message);
    }
    assertThat(byStep).containsOnlyKeys("p-1/0", "p-2/1", "p-3/0");
    assertThat(byStep.get("p-1/0").body()).isEqualTo("{\"orderId\":\"p-1\",\"step\":");
    assertThat(byStep)
        .allSatisfy((step, message) -> {
          String orderId = step.substring(0, step.indexOf('/'));
          assertThat(message.attributes()).as(step).containsEntry(MessageSystemAttributeName.MESSAGE_GROUP_ID, orderId);
          assertThat(message.messageAttributes().get("tenant").stringValue()).as(step).isEqualTo("acme");
          assertThat(message.messageAttributes().get("amount").dataType()).as(step).isEqualTo("Number");
          assertThat(message.messageAttributes().get("amount").stringValue()).as(step).isEqualTo("12.50");
          assertThat(message.messageAttributes().get("checksum").binaryValue().asByteArray()).as(step)
              .containsExactly(CHECKSUM);
          assertThat(message.messageAttributes().get("kindling-source-message-id").stringValue()).as(step)
              .isEqualTo(paymentIds.get(step));
        });
    assertThat(reason(byStep.get("p-1/0"))).isEqualTo("INVALID_INPUT");
    assertThat(reason(byStep.get("p-2/1"))).isEqualTo("INVALID_INPUT");
    assertThat(reason(byStep.get("p-3/0"))).as("failed on each of its 3 receives").isEqualTo("LAST_RECEIVE_FAILED");
  }

  @Test
  void withTheOptInEveryGoodStepIsPaidOnceInOrderAndNoneIsDeadLettered() {
    Map<String, List<Integer>> paid = new TreeMap<>();
    for (Matcher line : PAYMENTS_LOG.matches(PAID)) {
      paid.computeIfAbsent(line.group(1), order -> new ArrayList<>()).add(Integer.parseInt(line.group(2)));
    }
    assertThat(paid)
        .containsExactlyEntriesOf(
            new TreeMap<>(Map.of(
                "p-0", List.of(0, 1, 2, 3),
                "p-1", List.of(1, 2, 3),
                "p-2", List.of(0, 2, 3),
                "p-3", List.of(1, 2, 3),
                "p-4", List.of(0, 1, 2, 3),
                "p-5", List.of(0, 1, 2, 3))));
    assertThat(PAYMENTS_LOG.matches(OUT_OF_ORDER)).as("steps paid out of order").isEmpty();
    // p-3's later steps waited behind its first, which failed on each of its receives, and were paid
    // (without it, SQS would have moved them to the dead-letter queue with it).
    assertThat(PAYMENTS_LOG.matches(PAID).stream()
            .filter(line -> line.group(1).equals("p-3"))
            .map(line -> Integer.parseInt(line.group(3)))
            .collect(Collectors.toList()))
        .hasSize(3)
        .allSatisfy(receive -> assertThat(receive).as("receive of a p-3 step").isGreaterThan(1));
    assertThat(paymentsQueueCounts).as("order-payments.fifo after the drain")
        .containsEntry(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "0")
        .containsEntry(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE, "0");
    assertThat(paymentsStats.messagesDeleted()).as("every message deleted, moved ones included").isEqualTo(6 * STEPS);
    assertThat(paymentsStats.failedBatches()).as("whole-batch failures").isZero();
  }

  @Test
  void withTheOptInAMoveThatFailsReportsTheRecord() {
    assertThat(PAYMENTS_LOG.matches(MOVE_FAILED)).extracting(line -> line.group(1))
        .as("only the warm-up record, whose queue does not exist here")
        .containsExactly(EndToEndSupport.WARM_UP_ID);
  }

  @Test
  void withoutTheOptInPoisonTakesTheStepsHeldBackBehindItToTheDeadLetterQueueUnprocessed() {
    assertThat(timelineDeadLettered)
        .extracting(message -> message.messageAttributes().get("step").stringValue())
        .as("e-1's poison step and the steps held back with it on each receive")
        .containsExactlyInAnyOrder("e-1/0", "e-1/1", "e-1/2");
    assertThat(TIMELINE_LOG.matches(APPLIED))
        .extracting(line -> line.group(1) + "/" + line.group(2))
        .containsExactly("e-0/0", "e-0/1", "e-0/2");
    assertThat(timelineQueueCounts).as("order-events.fifo after the drain")
        .containsEntry(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "0")
        .containsEntry(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE, "0");
  }

  private static String reason(Message message) {
    return message.messageAttributes().get("kindling-dead-letter-reason").stringValue();
  }

  private static String event(String orderId, int step, String type) {
    return "{\"orderId\":\"" + orderId + "\",\"step\":" + step + ",\"type\":\"" + type + "\"}";
  }

  /** A step of {@code orderId}, grouped by order, with a String, a Number and a Binary attribute. */
  private static SendMessageBatchRequestEntry entry(int index, String orderId, int step, String body) {
    return SendMessageBatchRequestEntry.builder()
        .id("e" + index % 10)
        .messageGroupId(orderId)
        .messageDeduplicationId(orderId + "-" + step)
        .messageBody(body)
        .messageAttributes(Map.of(
            "step", MessageAttributeValue.builder().dataType("String").stringValue(orderId + "/" + step).build(),
            "tenant", MessageAttributeValue.builder().dataType("String").stringValue("acme").build(),
            "amount", MessageAttributeValue.builder().dataType("Number").stringValue("12.50").build(),
            "checksum", MessageAttributeValue.builder().dataType("Binary").binaryValue(SdkBytes.fromByteArray(CHECKSUM)).build()))
        .build();
  }

  private static void record(List<SendMessageBatchRequestEntry> entries, List<String> ids, Map<String, String> into) {
    for (int i = 0; i < entries.size(); i++) {
      into.put(entries.get(i).messageAttributes().get("step").stringValue(), ids.get(i));
    }
  }

  /** Everything in a dead-letter queue, with its system and message attributes. */
  private static List<Message> receiveAllWithAttributes(String queueUrl) {
    List<Message> all = new ArrayList<>();
    List<Message> received;
    do {
      received =
          sqs.receiveMessage(
                  request -> request
                      .queueUrl(queueUrl)
                      .maxNumberOfMessages(10)
                      .visibilityTimeout(60)
                      .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                      .messageAttributeNames("All"))
              .messages();
      all.addAll(received);
    } while (!received.isEmpty());
    return all;
  }
}
