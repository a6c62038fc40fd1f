package dev.kindling.idempotency.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kindling.runtime.idempotency.IdempotencyException;
import dev.kindling.runtime.idempotency.IdempotencyException.Reason;
import dev.kindling.runtime.internal.HttpResult;
import dev.kindling.runtime.internal.IdempotencyGuard;
import dev.kindling.runtime.internal.Json;
import dev.kindling.runtime.internal.ResultCodec;
import dev.kindling.test.TestContext;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

/** Round 3: failures injected into DynamoDB Local under the runtime's guard. */
class FailureInjectionTest {
  @RegisterExtension static final DynamoDbLocalExtension DYNAMO = new DynamoDbLocalExtension();

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final ResultCodec<String, String> CODEC =
      ResultCodec.json(MAPPER.readerFor(String.class), MAPPER.writerFor(String.class));

  /** Throws a throttling error for every request it matches, as DynamoDB does once retries are spent. */
  static final class Throttle implements ExecutionInterceptor {
    volatile Predicate<SdkRequest> matches = request -> false;

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
      if (matches.test(context.request())) {
        throw ProvisionedThroughputExceededException.builder()
            .statusCode(400)
            .awsErrorDetails(AwsErrorDetails.builder().errorCode("ProvisionedThroughputExceededException")
                .errorMessage("injected").serviceName("DynamoDB").build())
            .message("injected")
            .build();
      }
    }
  }

  private final Throttle throttle = new Throttle();
  private final DynamoDbClient client =
      DYNAMO.lowLevelClient().overrideConfiguration(o -> o.addExecutionInterceptor(throttle)).build();
  private final DynamoDbIdempotencyStore store = new DynamoDbIdempotencyStore(client, DYNAMO.table());

  @AfterEach
  void close() {
    client.close();
  }

  private IdempotencyGuard guard(String name) {
    return new IdempotencyGuard(name, null, "PT1H", true).withStore(store);
  }

  private static boolean completes(SdkRequest request) {
    return request instanceof PutItemRequest put && "COMPLETED".equals(put.item().get("status").s());
  }

  /**
   * README "What remains at-least-once": a completion the store cannot write is logged, the caller
   * gets its result, the key stays in progress until the claim expires; after that another
   * environment runs the method again. Checked as documented.
   */
  @Test
  void aThrottledCompletionIsReturnedKeptInProgressAndRunAgainOnlyAfterTheClaimExpires() throws Exception {
    String name = "Edge.throttled" + UUID.randomUUID();
    String key = "k-" + UUID.randomUUID();
    AtomicInteger runs = new AtomicInteger();
    throttle.matches = FailureInjectionTest::completes;
    IdempotencyGuard here = guard(name);
    String first = here.call(key, key, TestContext.withRemainingMillis(1_500), () -> "r" + runs.incrementAndGet(), CODEC);
    assertThat(first).isEqualTo("r1");
    throttle.matches = request -> false;

    assertThat(here.call(key, key, TestContext.create(), () -> "r" + runs.incrementAndGet(), CODEC))
        .as("same environment: the local cache replays").isEqualTo("r1");
    assertThatThrownBy(() -> guard(name).call(key, key, TestContext.create(), () -> "r" + runs.incrementAndGet(), CODEC))
        .isInstanceOfSatisfying(IdempotencyException.class, e -> assertThat(e.reason()).isEqualTo(Reason.IN_PROGRESS));
    Thread.sleep(1_700);
    guard(name).call(key, key, TestContext.create(), () -> "r" + runs.incrementAndGet(), CODEC);
    assertThat(runs).as("documented: runs again after the claim expired").hasValue(2);
  }

  /**
   * README: "Once the method has returned, the key is never run again because of a later failure".
   * A result DynamoDB can never store (over its 400 KB item limit) is a deterministic failure, like
   * a result that cannot be written as JSON: it should be completed without data, not left in progress.
   */
  @Test
  void aResultTooLargeForAnItemIsNeverRunASecondTime() throws Exception {
    String name = "Edge.large" + UUID.randomUUID();
    String key = "k-" + UUID.randomUUID();
    AtomicInteger runs = new AtomicInteger();
    String big = "x".repeat(450_000);
    String first = guard(name).call(key, key, TestContext.withRemainingMillis(1_500), () -> { runs.incrementAndGet(); return big; }, CODEC);
    assertThat(first).hasSize(450_000);
    Map<String, AttributeValue> item = DYNAMO.item(idOf(name, key));
    Thread.sleep(1_700);
    Throwable second = null;
    try {
      guard(name).call(key, key, TestContext.create(), () -> { runs.incrementAndGet(); return big; }, CODEC);
    } catch (Throwable t) {
      second = t;
    }
    assertThat(runs)
        .as("item after the first call: status=" + (item == null ? null : item.get("status"))
            + "; second call threw " + second)
        .hasValue(1);
  }

  /** The same through an HTTP route's stored response: how big a response reaches the limit. */
  @Test
  void anHttpResponseOfAQuarterMegabyteIsNeverRunASecondTime() throws Exception {
    String name = "Edge.http" + UUID.randomUUID();
    String key = "k-" + UUID.randomUUID();
    AtomicInteger runs = new AtomicInteger();
    // A JSON body of ~285 KB (lines of quoted strings), far below Lambda's 6 MB response limit.
    List<String> lines = java.util.Collections.nCopies(15_000, "\"line\": \"ok\"");
    ResultCodec<List<String>, HttpResult> codec = HttpResult.codec(201, Json.writer(List.class));
    HttpResult first = guard(name).call(key, key, TestContext.withRemainingMillis(1_500), () -> { runs.incrementAndGet(); return lines; }, codec);
    int bodyBytes = first.body().length();
    int storedBytes = Json.MAPPER.writeValueAsString(first).length();
    Thread.sleep(1_700);
    try {
      guard(name).call(key, key, TestContext.create(), () -> { runs.incrementAndGet(); return lines; }, codec);
    } catch (IdempotencyException e) {
      // RESULT_UNAVAILABLE would be the expected answer
    }
    assertThat(runs).as("body " + bodyBytes + " chars, stored as " + storedBytes + " chars").hasValue(1);
  }

  /**
   * Release fails after the method threw: the retry is answered "in progress" (409 / record failure)
   * until the claim expires, never run beside a live claim. Documented only in the log message.
   */
  @Test
  void aFailedReleaseBlocksTheRetryUntilTheClaimExpires() throws Exception {
    String name = "Edge.release" + UUID.randomUUID();
    String key = "k-" + UUID.randomUUID();
    AtomicInteger runs = new AtomicInteger();
    throttle.matches = request -> request instanceof DeleteItemRequest;
    assertThatThrownBy(() -> guard(name).call(key, key, TestContext.withRemainingMillis(1_500), () -> {
      runs.incrementAndGet();
      throw new IllegalStateException("provider down");
    }, CODEC)).hasMessage("provider down");
    throttle.matches = request -> false;
    assertThatThrownBy(() -> guard(name).call(key, key, TestContext.create(), () -> "r" + runs.incrementAndGet(), CODEC))
        .isInstanceOfSatisfying(IdempotencyException.class, e -> assertThat(e.reason()).isEqualTo(Reason.IN_PROGRESS));
    Thread.sleep(1_700);
    assertThat(guard(name).call(key, key, TestContext.create(), () -> "r" + runs.incrementAndGet(), CODEC)).isEqualTo("r2");
  }

  /** KINDLING_IDEMPOTENCY_CACHE_SIZE: a completed key deleted from the table is still replayed by the environment that cached it. */
  @Test
  void theLocalCacheReplaysAKeyDeletedFromTheTable() throws Exception {
    String name = "Edge.cache" + UUID.randomUUID();
    String key = "k-" + UUID.randomUUID();
    AtomicInteger runs = new AtomicInteger();
    IdempotencyGuard here = guard(name);
    here.call(key, key, TestContext.create(), () -> "r" + runs.incrementAndGet(), CODEC);
    client.deleteItem(b -> b.tableName(DYNAMO.table()).key(Map.of("id", AttributeValue.fromS(idOf(name, key)))));
    String cached = here.call(key, key, TestContext.create(), () -> "r" + runs.incrementAndGet(), CODEC);
    String elsewhere = guard(name).call(key, key, TestContext.create(), () -> "r" + runs.incrementAndGet(), CODEC);
    System.out.println("REVIEW cache: same env=" + cached + " other env=" + elsewhere + " runs=" + runs);
    assertThat(cached).isEqualTo("r1");
    assertThat(elsewhere).isEqualTo("r2");
  }

  private static String idOf(String target, String key) {
    return "local." + target + "#" + md5(key);
  }

  private static String md5(String text) {
    try {
      return java.util.HexFormat.of().formatHex(
          java.security.MessageDigest.getInstance("MD5").digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
