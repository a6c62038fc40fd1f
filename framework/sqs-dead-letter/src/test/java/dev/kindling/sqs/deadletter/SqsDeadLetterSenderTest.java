package dev.kindling.sqs.deadletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kindling.runtime.deadletter.DeadLetter;
import dev.kindling.runtime.deadletter.DeadLetterSender;
import io.micronaut.context.BeanContext;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** The sender against embedded ElasticMQ: FIFO and standard queues with real redrive policies. */
class SqsDeadLetterSenderTest {
  private static final Duration TIME_LEFT = Duration.ofSeconds(10);
  private static final StaticCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));

  private static SQSRestServer server;
  private static URI endpoint;
  private static SqsClient sqs;
  private static SqsDeadLetterSender sender;

  @BeforeAll
  static void startElasticMq() {
    server =
        SQSRestServerBuilder.withInterface("127.0.0.1")
            .withDynamicPort()
            .withAWSRegion("us-east-1")
            .withAWSAccountId("123456789012")
            .start();
    endpoint = URI.create("http://127.0.0.1:" + server.waitUntilStarted().localAddress().getPort());
    sqs =
        SqsClient.builder()
            .endpointOverride(endpoint)
            .region(Region.US_EAST_1)
            .credentialsProvider(CREDENTIALS)
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .build();
    sender = SqsDeadLetterSender.builder().endpoint(endpoint).region(Region.US_EAST_1).credentialsProvider(CREDENTIALS).build();
  }

  @AfterAll
  static void stop() {
    sender.close();
    sqs.close();
    server.stopAndWait();
  }

  @Test
  void aFifoRecordArrivesInItsGroupWithItsAttributesAndWhy() {
    Queues queues = Queues.create("payments.fifo", "payments-dlq.fifo");
    Map<String, DeadLetter.MessageAttribute> attributes = new LinkedHashMap<>();
    attributes.put("correlation_id", new DeadLetter.MessageAttribute("String", "corr-1", null));
    attributes.put("amount", new DeadLetter.MessageAttribute("Number", "12.50", null));
    attributes.put("signature", new DeadLetter.MessageAttribute("Binary.sig", null, new byte[] {0, 1, 2, -1}));

    sender.send(
        new DeadLetter(queues.sourceArn(), "m-1", "customer-a", "{\"orderId\": ", attributes, DeadLetter.Reason.INVALID_INPUT),
        TIME_LEFT);

    Message moved = only(receiveAll(queues.deadLetterUrl()));
    assertThat(moved.body()).isEqualTo("{\"orderId\": ");
    assertThat(moved.attributes()).containsEntry(MessageSystemAttributeName.MESSAGE_GROUP_ID, "customer-a");
    assertThat(moved.messageAttributes().keySet())
        .containsExactlyInAnyOrder(
            "correlation_id", "amount", "signature", SqsDeadLetterSender.REASON_ATTRIBUTE,
            SqsDeadLetterSender.SOURCE_MESSAGE_ID_ATTRIBUTE);
    assertThat(moved.messageAttributes().get("correlation_id").stringValue()).isEqualTo("corr-1");
    assertThat(moved.messageAttributes().get("amount").dataType()).isEqualTo("Number");
    assertThat(moved.messageAttributes().get("amount").stringValue()).isEqualTo("12.50");
    assertThat(moved.messageAttributes().get("signature").dataType()).isEqualTo("Binary.sig");
    assertThat(moved.messageAttributes().get("signature").binaryValue().asByteArray()).containsExactly(0, 1, 2, -1);
    assertThat(moved.messageAttributes().get(SqsDeadLetterSender.REASON_ATTRIBUTE).stringValue()).isEqualTo("INVALID_INPUT");
    assertThat(moved.messageAttributes().get(SqsDeadLetterSender.SOURCE_MESSAGE_ID_ATTRIBUTE).stringValue()).isEqualTo("m-1");
  }

  @Test
  void aRecordMovedTwiceArrivesOnceInAFifoDeadLetterQueue() {
    Queues queues = Queues.create("ledger.fifo", "ledger-dlq.fifo");
    DeadLetter letter =
        new DeadLetter(queues.sourceArn(), "m-2", "customer-b", "{}", Map.of(), DeadLetter.Reason.LAST_RECEIVE_FAILED);

    sender.send(letter, TIME_LEFT);
    sender.send(letter, TIME_LEFT);

    assertThat(receiveAll(queues.deadLetterUrl())).hasSize(1);
  }

  @Test
  void aStandardRecordArrivesWithoutAGroup() {
    Queues queues = Queues.create("charges", "charges-dlq");

    sender.send(
        new DeadLetter(queues.sourceArn(), "m-3", null, "not json", Map.of(), DeadLetter.Reason.IDEMPOTENCY_KEY_MISSING),
        TIME_LEFT);

    Message moved = only(receiveAll(queues.deadLetterUrl()));
    assertThat(moved.body()).isEqualTo("not json");
    assertThat(moved.attributes()).doesNotContainKey(MessageSystemAttributeName.MESSAGE_GROUP_ID);
    assertThat(moved.messageAttributes().get(SqsDeadLetterSender.REASON_ATTRIBUTE).stringValue())
        .isEqualTo("IDEMPOTENCY_KEY_MISSING");
  }

  @Test
  void kindlingsAttributesTakeOnlyTheRoomSqsLeaves() {
    DeadLetter nine = letterWithAttributes(9);
    DeadLetter ten = letterWithAttributes(10);

    assertThat(SqsDeadLetterSender.messageAttributes(nine))
        .hasSize(10)
        .containsKey(SqsDeadLetterSender.REASON_ATTRIBUTE)
        .doesNotContainKey(SqsDeadLetterSender.SOURCE_MESSAGE_ID_ATTRIBUTE);
    assertThat(SqsDeadLetterSender.messageAttributes(ten))
        .hasSize(10)
        .doesNotContainKeys(SqsDeadLetterSender.REASON_ATTRIBUTE, SqsDeadLetterSender.SOURCE_MESSAGE_ID_ATTRIBUTE);
  }

  @Test
  void aConfiguredQueueIsUsedWithoutReadingTheRedrivePolicy() {
    String source = sqs.createQueue(request -> request.queueName("no-policy")).queueUrl();
    String deadLetters = sqs.createQueue(request -> request.queueName("configured-dlq")).queueUrl();
    try (SqsDeadLetterSender configured =
        SqsDeadLetterSender.builder()
            .deadLetterQueueUrl(deadLetters)
            .endpoint(endpoint)
            .region(Region.US_EAST_1)
            .credentialsProvider(CREDENTIALS)
            .build()) {
      configured.send(
          new DeadLetter(arnOf(source), "m-4", null, "{}", Map.of(), DeadLetter.Reason.INVALID_INPUT), TIME_LEFT);
    }

    assertThat(receiveAll(deadLetters)).extracting(Message::body).containsExactly("{}");
  }

  @Test
  void aQueueWithoutRedrivePolicyIsAClearFailure() {
    String source = sqs.createQueue(request -> request.queueName("orphans")).queueUrl();

    assertThatThrownBy(
            () -> sender.send(
                new DeadLetter(arnOf(source), "m-5", null, "{}", Map.of(), DeadLetter.Reason.INVALID_INPUT), TIME_LEFT))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Could not send message m-5 of " + arnOf(source))
        .hasMessageContaining("the queue orphans has no redrive policy: give it a dead-letter queue, or set"
            + " KINDLING_DEAD_LETTER_QUEUE_URL");
  }

  /** Outside an invocation the runtime has no deadline and passes {@code Long.MAX_VALUE} milliseconds. */
  @Test
  void aRecordMovedOutsideAnInvocationArrives() {
    Queues queues = Queues.create("unbounded", "unbounded-dlq");

    sender.send(
        new DeadLetter(queues.sourceArn(), "m-7", null, "{}", Map.of(), DeadLetter.Reason.INVALID_INPUT),
        Duration.ofMillis(Long.MAX_VALUE));

    assertThat(only(receiveAll(queues.deadLetterUrl())).body()).isEqualTo("{}");
  }

  @Test
  void nothingIsSentWithoutTimeLeft() {
    Queues queues = Queues.create("late", "late-dlq");
    DeadLetter letter = new DeadLetter(queues.sourceArn(), "m-6", null, "{}", Map.of(), DeadLetter.Reason.INVALID_INPUT);

    assertThatThrownBy(() -> sender.send(letter, Duration.ZERO))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no time left before the invocation's deadline margin");
    assertThat(receiveAll(queues.deadLetterUrl())).isEmpty();
  }

  @Test
  void addingTheModuleMakesTheSenderTheApplicationsBean() {
    try (BeanContext beans = BeanContext.run()) {
      assertThat(beans.findBean(DeadLetterSender.class)).get().isInstanceOf(SqsDeadLetterSender.class);
    }
  }

  private static DeadLetter letterWithAttributes(int count) {
    Map<String, DeadLetter.MessageAttribute> attributes = new LinkedHashMap<>();
    for (int i = 0; i < count; i++) {
      attributes.put("a" + i, new DeadLetter.MessageAttribute("String", "v" + i, null));
    }
    return new DeadLetter("arn:aws:sqs:us-east-1:123456789012:q", "m", null, "{}", attributes, DeadLetter.Reason.INVALID_INPUT);
  }

  private static Message only(List<Message> messages) {
    assertThat(messages).hasSize(1);
    return messages.get(0);
  }

  private static List<Message> receiveAll(String queueUrl) {
    return sqs.receiveMessage(
            request -> request.queueUrl(queueUrl)
                .maxNumberOfMessages(10)
                .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                .messageAttributeNames("All"))
        .messages();
  }

  private static String arnOf(String queueUrl) {
    return sqs.getQueueAttributes(request -> request.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
        .attributes()
        .get(QueueAttributeName.QUEUE_ARN);
  }

  /** A source queue whose redrive policy names its dead-letter queue, as Kindling's template lays them out. */
  private record Queues(String sourceArn, String deadLetterUrl) {
    static Queues create(String source, String deadLetter) {
      boolean fifo = source.endsWith(".fifo");
      Map<QueueAttributeName, String> fifoAttributes =
          fifo ? Map.of(QueueAttributeName.FIFO_QUEUE, "true") : Map.of();
      String deadLetterUrl = sqs.createQueue(request -> request.queueName(deadLetter).attributes(fifoAttributes)).queueUrl();
      Map<QueueAttributeName, String> attributes = new LinkedHashMap<>(fifoAttributes);
      attributes.put(
          QueueAttributeName.REDRIVE_POLICY,
          "{\"deadLetterTargetArn\":\"" + arnOf(deadLetterUrl) + "\",\"maxReceiveCount\":\"5\"}");
      String sourceUrl = sqs.createQueue(request -> request.queueName(source).attributes(attributes)).queueUrl();
      return new Queues(arnOf(sourceUrl), deadLetterUrl);
    }
  }
}
