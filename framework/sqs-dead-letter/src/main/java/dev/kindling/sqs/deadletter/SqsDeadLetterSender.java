package dev.kindling.sqs.deadletter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kindling.runtime.deadletter.DeadLetter;
import dev.kindling.runtime.deadletter.DeadLetterSender;
import java.io.IOException;
import dev.kindling.aws.LambdaClientSettings;
import dev.kindling.aws.LazyClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.GetQueueUrlRequest;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/**
 * A {@link DeadLetterSender} on Amazon SQS. The message it sends carries the record's body and
 * message attributes; on a FIFO dead-letter queue, the record's message group, and its messageId as
 * the deduplication id, so a record moved twice (its invocation failed after the move) arrives once.
 * Room permitting (SQS allows 10 message attributes), it adds {@value #REASON_ATTRIBUTE} (the
 * {@link DeadLetter.Reason}) and {@value #SOURCE_MESSAGE_ID_ATTRIBUTE} (the record's messageId, which
 * Kindling's log lines carry as {@code record_id}).
 *
 * <p>The dead-letter queue is {@value #QUEUE_URL_ENV} when set; otherwise the one the source queue's
 * redrive policy names ({@code GetQueueUrl} and {@code GetQueueAttributes} on the source queue,
 * {@code GetQueueUrl} on the target), looked up once per source queue.
 *
 * <p>The SQS client is built on first use, on the JDK's {@code HttpURLConnection}, with timeouts
 * short enough for a Lambda invocation; each send is also bounded by the time the invocation has
 * left. Thread-safe.
 */
public final class SqsDeadLetterSender implements DeadLetterSender, AutoCloseable {
  /** Environment variable naming the dead-letter queue's URL, instead of the source queue's redrive policy. */
  public static final String QUEUE_URL_ENV = "KINDLING_DEAD_LETTER_QUEUE_URL";
  /** Environment variable overriding the SQS endpoint, e.g. a VPC endpoint or a local ElasticMQ. */
  public static final String ENDPOINT_ENV = "KINDLING_DEAD_LETTER_ENDPOINT";
  /** Message attribute (String) holding why Kindling moved the record. */
  public static final String REASON_ATTRIBUTE = "kindling-dead-letter-reason";
  /** Message attribute (String) holding the record's messageId in the source queue. */
  public static final String SOURCE_MESSAGE_ID_ATTRIBUTE = "kindling-source-message-id";

  static final int MAX_MESSAGE_ATTRIBUTES = 10;
  private static final Logger LOG = LoggerFactory.getLogger(SqsDeadLetterSender.class);
  private static final String FIFO_SUFFIX = ".fifo";

  private final String configuredQueueUrl;
  private final Builder settings;
  private final Map<String, String> deadLetterQueueUrls = new ConcurrentHashMap<>();
  private final LazyClient<SqsClient> client;

  /** A sender configured from the environment ({@value #QUEUE_URL_ENV}, {@value #ENDPOINT_ENV}, {@code AWS_REGION}). */
  public static SqsDeadLetterSender fromEnvironment() {
    return builder()
        .endpointFromEnvironment(ENDPOINT_ENV)
        .deadLetterQueueUrl(LambdaClientSettings.environment(QUEUE_URL_ENV))
        .build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * A sender on a client the caller built and owns (this sender never closes it).
   *
   * @param deadLetterQueueUrl the dead-letter queue, or {@code null} to read each source queue's
   *     redrive policy
   */
  public SqsDeadLetterSender(SqsClient client, String deadLetterQueueUrl) {
    this.client = LazyClient.given(client);
    this.configuredQueueUrl = deadLetterQueueUrl;
    this.settings = null;
  }

  private SqsDeadLetterSender(Builder settings) {
    this.configuredQueueUrl = settings.deadLetterQueueUrl;
    this.settings = settings.copy();
    this.client = LazyClient.built(this.settings::buildClient);
  }

  @Override
  public void send(DeadLetter letter, Duration timeout) {
    Objects.requireNonNull(letter, "letter");
    long until = LambdaClientSettings.deadline(timeout);
    String queueUrl = null;
    try {
      queueUrl = deadLetterQueueUrl(letter.sourceQueueArn(), until);
      SendMessageRequest.Builder request =
          SendMessageRequest.builder()
              .queueUrl(queueUrl)
              .messageBody(letter.body())
              .messageAttributes(messageAttributes(letter))
              .overrideConfiguration(within(until));
      if (queueUrl.endsWith(FIFO_SUFFIX)) {
        if (letter.messageGroupId() == null) {
          throw new IllegalStateException("the record has no message group, which a FIFO queue requires");
        }
        request.messageGroupId(letter.messageGroupId()).messageDeduplicationId(letter.messageId());
      }
      client().sendMessage(request.build());
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "Could not send message " + letter.messageId() + " of " + letter.sourceQueueArn() + " to the dead-letter queue"
              + (queueUrl == null ? "" : " " + queueUrl) + ": " + describe(e),
          e);
    }
  }

  /** The dead-letter queue of {@code sourceQueueArn}: the configured one, or its redrive policy's. */
  private String deadLetterQueueUrl(String sourceQueueArn, long until) {
    if (configuredQueueUrl != null) {
      return configuredQueueUrl;
    }
    String known = deadLetterQueueUrls.get(sourceQueueArn);
    if (known != null) {
      return known;
    }
    QueueArn source = QueueArn.parse(sourceQueueArn);
    String sourceUrl = queueUrl(source, until);
    String policy =
        client()
            .getQueueAttributes(
                request -> request.queueUrl(sourceUrl)
                    .attributeNames(QueueAttributeName.REDRIVE_POLICY)
                    .overrideConfiguration(within(until)))
            .attributes()
            .get(QueueAttributeName.REDRIVE_POLICY);
    if (policy == null || policy.isBlank()) {
      throw new IllegalStateException(
          "the queue " + source.name() + " has no redrive policy: give it a dead-letter queue, or set " + QUEUE_URL_ENV);
    }
    JsonNode redrive = readPolicy(policy);
    QueueArn target = QueueArn.parse(redrive.path("deadLetterTargetArn").asText(""));
    String targetUrl = queueUrl(target, until);
    deadLetterQueueUrls.put(sourceQueueArn, targetUrl);
    LOG.info(
        "Dead-letter queue of {} is {}; its redrive policy moves messages there after {} receives",
        source.name(), targetUrl, redrive.path("maxReceiveCount").asText("?"));
    return targetUrl;
  }

  private String queueUrl(QueueArn queue, long until) {
    return client()
        .getQueueUrl(
            GetQueueUrlRequest.builder()
                .queueName(queue.name())
                .queueOwnerAWSAccountId(queue.account())
                .overrideConfiguration(within(until))
                .build())
        .queueUrl();
  }

  private static JsonNode readPolicy(String policy) {
    try {
      return PolicyReader.JSON.readTree(policy);
    } catch (IOException e) {
      throw new IllegalStateException("the queue's redrive policy is not JSON: " + policy, e);
    }
  }

  /** Reads redrive policies: built the first time a queue's policy is looked up, not at init. */
  private static final class PolicyReader {
    static final ObjectMapper JSON = new ObjectMapper();
  }

  /**
   * The record's attributes as they came, then Kindling's own while SQS's limit of 10 leaves room;
   * a record moved before (and redriven since) has its Kindling attributes replaced.
   */
  static Map<String, MessageAttributeValue> messageAttributes(DeadLetter letter) {
    Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
    letter.messageAttributes().forEach((name, value) -> attributes.put(name, attribute(value)));
    addIfRoom(attributes, REASON_ATTRIBUTE, letter.reason().name());
    addIfRoom(attributes, SOURCE_MESSAGE_ID_ATTRIBUTE, letter.messageId());
    return attributes;
  }

  private static void addIfRoom(Map<String, MessageAttributeValue> attributes, String name, String value) {
    if (attributes.containsKey(name) || attributes.size() < MAX_MESSAGE_ATTRIBUTES) {
      attributes.put(name, MessageAttributeValue.builder().dataType("String").stringValue(value).build());
    }
  }

  private static MessageAttributeValue attribute(DeadLetter.MessageAttribute value) {
    MessageAttributeValue.Builder attribute = MessageAttributeValue.builder().dataType(value.dataType());
    if (value.binaryValue() != null) {
      attribute.binaryValue(SdkBytes.fromByteArray(value.binaryValue()));
    } else {
      attribute.stringValue(value.stringValue());
    }
    return attribute.build();
  }

  /** The bound of one request, retries included: the client's, or less when the invocation has less left. */
  private AwsRequestOverrideConfiguration within(long until) {
    try {
      return LambdaClientSettings.boundedUntil(settings, until);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("no time left before the invocation's deadline margin", e);
    }
  }

  private static String describe(RuntimeException e) {
    if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
      return "SQS answered " + service.statusCode() + " " + service.awsErrorDetails().errorCode() + " - "
          + service.awsErrorDetails().errorMessage();
    }
    return e.getMessage();
  }

  /** Closes the SQS client if this sender built it. */
  @Override
  public void close() {
    client.close();
  }

  @Override
  public String toString() {
    return "SqsDeadLetterSender[" + (configuredQueueUrl != null ? configuredQueueUrl : "from each queue's redrive policy") + "]";
  }

  private SqsClient client() {
    return client.get();
  }

  /** {@code arn:<partition>:sqs:<region>:<account>:<name>}. */
  record QueueArn(String account, String name) {
    static QueueArn parse(String arn) {
      String[] parts = arn == null ? new String[0] : arn.split(":", -1);
      if (parts.length != 6 || !parts[0].equals("arn") || !parts[2].equals("sqs") || parts[5].isEmpty()) {
        throw new IllegalArgumentException("'" + arn + "' is not an SQS queue ARN");
      }
      return new QueueArn(parts[4], parts[5]);
    }
  }

  /**
   * Settings of a sender that builds its own client. Defaults suit a Lambda function: the endpoint,
   * region, credentials, timeouts and retries are those of every Kindling AWS client
   * ({@link LambdaClientSettings}).
   */
  public static final class Builder extends LambdaClientSettings<Builder> {
    private String deadLetterQueueUrl;

    private Builder() {}

    @Override
    protected Builder self() {
      return this;
    }

    /** The dead-letter queue; default: each source queue's redrive policy says. */
    public Builder deadLetterQueueUrl(String deadLetterQueueUrl) {
      this.deadLetterQueueUrl = deadLetterQueueUrl;
      return this;
    }

    /** The sender; its client is built on first use. */
    public SqsDeadLetterSender build() {
      return new SqsDeadLetterSender(this);
    }

    private Builder copy() {
      Builder copy = new Builder();
      copyTo(copy);
      copy.deadLetterQueueUrl = deadLetterQueueUrl;
      return copy;
    }

    private SqsClient buildClient() {
      return buildClient(SqsClient.builder(), ENDPOINT_ENV);
    }
  }
}
