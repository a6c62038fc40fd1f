package dev.kindling.sqs.deadletter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kindling.runtime.deadletter.DeadLetter;
import dev.kindling.runtime.deadletter.DeadLetterSender;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;
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
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String FIFO_SUFFIX = ".fifo";

  private final String configuredQueueUrl;
  private final Builder settings;
  private final Duration callTimeout;
  private final boolean ownsClient;
  private final Map<String, String> deadLetterQueueUrls = new ConcurrentHashMap<>();
  private volatile SqsClient client;

  /** A sender configured from the environment ({@value #QUEUE_URL_ENV}, {@value #ENDPOINT_ENV}, {@code AWS_REGION}). */
  public static SqsDeadLetterSender fromEnvironment() {
    Builder builder = builder();
    String queueUrl = System.getenv(QUEUE_URL_ENV);
    if (queueUrl != null && !queueUrl.isBlank()) {
      builder.deadLetterQueueUrl(queueUrl.trim());
    }
    String endpoint = System.getenv(ENDPOINT_ENV);
    if (endpoint != null && !endpoint.isBlank()) {
      builder.endpoint(URI.create(endpoint.trim()));
    }
    return builder.build();
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
    this.client = Objects.requireNonNull(client, "client");
    this.configuredQueueUrl = deadLetterQueueUrl;
    this.settings = null;
    this.callTimeout = null;
    this.ownsClient = false;
  }

  private SqsDeadLetterSender(Builder settings) {
    this.configuredQueueUrl = settings.deadLetterQueueUrl;
    this.settings = settings.copy();
    this.callTimeout = settings.apiCallTimeout;
    this.ownsClient = true;
  }

  @Override
  public void send(DeadLetter letter, Duration timeout) {
    Objects.requireNonNull(letter, "letter");
    long until = System.nanoTime() + Math.max(0, timeout.toNanos());
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
      return JSON.readTree(policy);
    } catch (IOException e) {
      throw new IllegalStateException("the queue's redrive policy is not JSON: " + policy, e);
    }
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
    long left = until - System.nanoTime();
    if (left <= 0) {
      throw new IllegalStateException("no time left before the invocation's deadline margin");
    }
    Duration bound = Duration.ofNanos(left);
    if (callTimeout != null && callTimeout.compareTo(bound) < 0) {
      bound = callTimeout;
    }
    return AwsRequestOverrideConfiguration.builder().apiCallTimeout(bound).build();
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
    SqsClient built = client;
    if (ownsClient && built != null) {
      built.close();
    }
  }

  @Override
  public String toString() {
    return "SqsDeadLetterSender[" + (configuredQueueUrl != null ? configuredQueueUrl : "from each queue's redrive policy") + "]";
  }

  private SqsClient client() {
    SqsClient built = client;
    if (built == null) {
      synchronized (this) {
        built = client;
        if (built == null) {
          built = settings.buildClient();
          client = built;
        }
      }
    }
    return built;
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

  /** Settings of a sender that builds its own client. Defaults suit a Lambda function. */
  public static final class Builder {
    private String deadLetterQueueUrl;
    private URI endpoint;
    private Region region;
    private AwsCredentialsProvider credentialsProvider;
    private Duration connectTimeout = Duration.ofSeconds(1);
    private Duration socketTimeout = Duration.ofSeconds(2);
    private Duration apiCallAttemptTimeout = Duration.ofMillis(2500);
    private Duration apiCallTimeout = Duration.ofSeconds(6);
    private int maxAttempts = 3;

    private Builder() {}

    /** The dead-letter queue; default: each source queue's redrive policy says. */
    public Builder deadLetterQueueUrl(String deadLetterQueueUrl) {
      this.deadLetterQueueUrl = deadLetterQueueUrl;
      return this;
    }

    /** Endpoint override (a VPC endpoint, ElasticMQ); default: the region's endpoint. */
    public Builder endpoint(URI endpoint) {
      this.endpoint = endpoint;
      return this;
    }

    /** Default: {@code AWS_REGION} (set by Lambda), then {@code AWS_DEFAULT_REGION}. */
    public Builder region(Region region) {
      this.region = region;
      return this;
    }

    /** Default: the SDK's default credentials provider chain (in Lambda: the function's role). */
    public Builder credentialsProvider(AwsCredentialsProvider credentialsProvider) {
      this.credentialsProvider = credentialsProvider;
      return this;
    }

    /** TCP connect timeout; default 1 s. */
    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = Objects.requireNonNull(connectTimeout);
      return this;
    }

    /** Read timeout of one HTTP response; default 2 s. */
    public Builder socketTimeout(Duration socketTimeout) {
      this.socketTimeout = Objects.requireNonNull(socketTimeout);
      return this;
    }

    /** Bound of one HTTP attempt; default 2.5 s. */
    public Builder apiCallAttemptTimeout(Duration apiCallAttemptTimeout) {
      this.apiCallAttemptTimeout = Objects.requireNonNull(apiCallAttemptTimeout);
      return this;
    }

    /** Bound of one operation including its retries; default 6 s, less when the invocation has less left. */
    public Builder apiCallTimeout(Duration apiCallTimeout) {
      this.apiCallTimeout = Objects.requireNonNull(apiCallTimeout);
      return this;
    }

    /** Attempts per operation with the SDK's standard retry strategy (first try included); default 3. */
    public Builder maxAttempts(int maxAttempts) {
      if (maxAttempts < 1) {
        throw new IllegalArgumentException("maxAttempts must be at least 1");
      }
      this.maxAttempts = maxAttempts;
      return this;
    }

    /** The sender; its client is built on first use. */
    public SqsDeadLetterSender build() {
      return new SqsDeadLetterSender(this);
    }

    private Builder copy() {
      Builder copy = new Builder();
      copy.deadLetterQueueUrl = deadLetterQueueUrl;
      copy.endpoint = endpoint;
      copy.region = region;
      copy.credentialsProvider = credentialsProvider;
      copy.connectTimeout = connectTimeout;
      copy.socketTimeout = socketTimeout;
      copy.apiCallAttemptTimeout = apiCallAttemptTimeout;
      copy.apiCallTimeout = apiCallTimeout;
      copy.maxAttempts = maxAttempts;
      return copy;
    }

    private SqsClient buildClient() {
      SqsClientBuilder builder =
          SqsClient.builder()
              .region(resolveRegion())
              .credentialsProvider(
                  credentialsProvider != null ? credentialsProvider : DefaultCredentialsProvider.builder().build())
              .httpClient(
                  UrlConnectionHttpClient.builder()
                      .connectionTimeout(connectTimeout)
                      .socketTimeout(socketTimeout)
                      .build())
              .overrideConfiguration(
                  ClientOverrideConfiguration.builder()
                      .apiCallAttemptTimeout(apiCallAttemptTimeout)
                      .apiCallTimeout(apiCallTimeout)
                      .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(maxAttempts).build())
                      .build());
      if (endpoint != null) {
        builder.endpointOverride(endpoint);
      }
      return builder.build();
    }

    private Region resolveRegion() {
      if (region != null) {
        return region;
      }
      for (String name : new String[] {"AWS_REGION", "AWS_DEFAULT_REGION"}) {
        String value = System.getenv(name);
        if (value != null && !value.isBlank()) {
          return Region.of(value.trim());
        }
      }
      if (endpoint != null) {
        // ElasticMQ and other emulators accept any region in the signature.
        return Region.US_EAST_1;
      }
      throw new IllegalStateException(
          "no region: AWS_REGION is not set (Lambda sets it; set it when running elsewhere, or set " + ENDPOINT_ENV + ")");
    }
  }
}
