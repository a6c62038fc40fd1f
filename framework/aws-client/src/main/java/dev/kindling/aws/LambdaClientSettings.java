package dev.kindling.aws;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * The settings of an AWS SDK v2 client that Kindling builds itself, tuned for a Lambda invocation:
 * the JDK's {@code HttpURLConnection} (no Netty or Apache HTTP client at cold start), timeouts
 * short enough to fail before the invocation does, the SDK's standard retries, the region Lambda
 * sets, and the default credentials chain (in Lambda: the function's role). Each client's public
 * builder extends this class, so the DynamoDB idempotency store and the SQS dead-letter sender are
 * configured alike.
 *
 * @param <B> the extending builder, returned by every setter
 */
public abstract class LambdaClientSettings<B extends LambdaClientSettings<B>> {
  private static final Duration MAX_DEADLINE = Duration.ofDays(1);

  private URI endpoint;
  private Region region;
  private AwsCredentialsProvider credentialsProvider;
  private Duration connectTimeout = Duration.ofSeconds(1);
  private Duration socketTimeout = Duration.ofSeconds(2);
  private Duration apiCallAttemptTimeout = Duration.ofMillis(2500);
  private Duration apiCallTimeout = Duration.ofSeconds(6);
  private int maxAttempts = 3;

  protected LambdaClientSettings() {}

  /** This builder. */
  protected abstract B self();

  /** Endpoint override (a VPC endpoint, or a local emulator); default: the region's endpoint. */
  public B endpoint(URI endpoint) {
    this.endpoint = endpoint;
    return self();
  }

  /** The endpoint the environment variable {@code variable} names, if it is set. */
  public final B endpointFromEnvironment(String variable) {
    String value = environment(variable);
    if (value != null) {
      endpoint(URI.create(value));
    }
    return self();
  }

  /** The value of the environment variable {@code variable}, trimmed, or {@code null} when it is unset or blank. */
  public static String environment(String variable) {
    String value = System.getenv(variable);
    return value == null || value.isBlank() ? null : value.trim();
  }

  /** Default: {@code AWS_REGION} (set by Lambda), then {@code AWS_DEFAULT_REGION}. */
  public B region(Region region) {
    this.region = region;
    return self();
  }

  /** Default: the SDK's default credentials provider chain (in Lambda: the function's role). */
  public B credentialsProvider(AwsCredentialsProvider credentialsProvider) {
    this.credentialsProvider = credentialsProvider;
    return self();
  }

  /** TCP connect timeout; default 1 s. */
  public B connectTimeout(Duration connectTimeout) {
    this.connectTimeout = Objects.requireNonNull(connectTimeout);
    return self();
  }

  /** Read timeout of one HTTP response; default 2 s. */
  public B socketTimeout(Duration socketTimeout) {
    this.socketTimeout = Objects.requireNonNull(socketTimeout);
    return self();
  }

  /** Bound of one HTTP attempt; default 2.5 s. */
  public B apiCallAttemptTimeout(Duration apiCallAttemptTimeout) {
    this.apiCallAttemptTimeout = Objects.requireNonNull(apiCallAttemptTimeout);
    return self();
  }

  /**
   * Bound of one operation including its retries; default 6 s. Each request is bounded further by
   * what remains of the invocation ({@link #bounded}).
   */
  public B apiCallTimeout(Duration apiCallTimeout) {
    this.apiCallTimeout = Objects.requireNonNull(apiCallTimeout);
    return self();
  }

  /** Attempts per operation with the SDK's standard retry strategy (first try included); default 3. */
  public B maxAttempts(int maxAttempts) {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1");
    }
    this.maxAttempts = maxAttempts;
    return self();
  }

  /** Copies these settings into {@code other}, so a built client keeps the settings it was given. */
  protected final void copyTo(LambdaClientSettings<?> other) {
    other.endpoint = endpoint;
    other.region = region;
    other.credentialsProvider = credentialsProvider;
    other.connectTimeout = connectTimeout;
    other.socketTimeout = socketTimeout;
    other.apiCallAttemptTimeout = apiCallAttemptTimeout;
    other.apiCallTimeout = apiCallTimeout;
    other.maxAttempts = maxAttempts;
  }

  /**
   * Builds an SDK client with these settings.
   *
   * @param endpointVariable the environment variable that sets this client's endpoint, named when
   *     no region can be found
   */
  protected final <T extends AwsClientBuilder<T, C> & AwsSyncClientBuilder<T, C>, C> C buildClient(
      T builder, String endpointVariable) {
    builder
        .region(resolveRegion(endpointVariable))
        .credentialsProvider(
            credentialsProvider != null ? credentialsProvider : DefaultCredentialsProvider.builder().build())
        .httpClient(
            UrlConnectionHttpClient.builder().connectionTimeout(connectTimeout).socketTimeout(socketTimeout).build())
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

  /**
   * The bound of one request: what remains of the invocation for it ({@code left}), or the
   * client's own timeouts when they are shorter. {@code settings} is {@code null} for a client the
   * application built, whose timeouts are its own.
   *
   * @throws IllegalArgumentException when no time is left: the request is not worth sending
   */
  public static AwsRequestOverrideConfiguration bounded(LambdaClientSettings<?> settings, Duration left) {
    if (left == null || left.isNegative() || left.isZero()) {
      throw new IllegalArgumentException("no time left in the invocation");
    }
    Duration call = settings == null ? left : min(settings.apiCallTimeout, left);
    Duration attempt = settings == null ? left : min(settings.apiCallAttemptTimeout, left);
    return AwsRequestOverrideConfiguration.builder().apiCallTimeout(call).apiCallAttemptTimeout(attempt).build();
  }

  /**
   * The moment, in {@link System#nanoTime} terms, {@code timeout} from now: one bound for an
   * operation of several requests, each given what is left of it ({@link #boundedUntil}). A timeout
   * too long to count in nanoseconds (no invocation: {@code Long.MAX_VALUE} milliseconds) is a day.
   */
  public static long deadline(Duration timeout) {
    return System.nanoTime() + Math.max(0, min(timeout, MAX_DEADLINE).toNanos());
  }

  /** {@link #bounded} with what is left until {@code deadlineNanos}, from {@link #deadline}. */
  public static AwsRequestOverrideConfiguration boundedUntil(LambdaClientSettings<?> settings, long deadlineNanos) {
    return bounded(settings, Duration.ofNanos(deadlineNanos - System.nanoTime()));
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private Region resolveRegion(String endpointVariable) {
    if (region != null) {
      return region;
    }
    for (String name : new String[] {"AWS_REGION", "AWS_DEFAULT_REGION"}) {
      String value = environment(name);
      if (value != null) {
        return Region.of(value);
      }
    }
    if (endpoint != null) {
      // Local emulators (DynamoDB Local, ElasticMQ) accept any region in the signature.
      return Region.US_EAST_1;
    }
    throw new IllegalStateException(
        "no region: AWS_REGION is not set (Lambda sets it; set it when running elsewhere, or set "
            + endpointVariable + " for a local emulator)");
  }
}
