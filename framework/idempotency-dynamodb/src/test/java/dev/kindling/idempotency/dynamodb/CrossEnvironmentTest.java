package dev.kindling.idempotency.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kindling.runtime.idempotency.IdempotencyException;
import dev.kindling.runtime.idempotency.IdempotencyException.Reason;
import dev.kindling.runtime.internal.IdempotencyGuard;
import dev.kindling.runtime.internal.ResultCodec;
import dev.kindling.test.TestContext;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Duplicates that reach other execution environments. Each environment is a guard with
 * its own local cache and its own store (own DynamoDB client) on one DynamoDB Local table.
 */
class CrossEnvironmentTest {
  @RegisterExtension static final DynamoDbLocalExtension DYNAMO = new DynamoDbLocalExtension();

  record Charge(String orderId, int cents) {}

  record Receipt(String orderId, String by) {}

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final ResultCodec<Receipt, Receipt> CODEC =
      ResultCodec.json(MAPPER.readerFor(Receipt.class), MAPPER.writerFor(Receipt.class));
  private static final List<DynamoDbIdempotencyStore> STORES = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void noop() {}

  @AfterAll
  static void close() {
    STORES.forEach(DynamoDbIdempotencyStore::close);
  }

  /** A new execution environment of {@code Payments.charge}. */
  private static IdempotencyGuard environment(String expiry) {
    DynamoDbIdempotencyStore store = DYNAMO.storeBuilder().build();
    STORES.add(store);
    return new IdempotencyGuard("Payments.charge(Charge)", null, expiry, true).withStore(store);
  }

  @Test
  void concurrentDuplicatesInManyEnvironmentsRunOnce() throws Exception {
    String key = "o-" + UUID.randomUUID();
    int environments = 8;
    List<IdempotencyGuard> guards = new ArrayList<>();
    for (int i = 0; i < environments; i++) {
      guards.add(environment("PT1H"));
    }
    AtomicInteger runs = new AtomicInteger();
    CyclicBarrier barrier = new CyclicBarrier(environments);
    ExecutorService pool = Executors.newFixedThreadPool(environments);
    List<Future<Object>> outcomes = new ArrayList<>();
    for (IdempotencyGuard guard : guards) {
      outcomes.add(pool.submit(() -> {
        barrier.await();
        try {
          return guard.call(key, new Charge(key, 100), TestContext.create(), () -> {
            runs.incrementAndGet();
            Thread.sleep(300);
            return new Receipt(key, "first");
          }, CODEC);
        } catch (IdempotencyException e) {
          return e.reason();
        }
      }));
    }
    for (Future<Object> outcome : outcomes) {
      assertThat(outcome.get(30, TimeUnit.SECONDS)).isIn(new Receipt(key, "first"), Reason.IN_PROGRESS);
    }
    pool.shutdown();
    assertThat(runs).hasValue(1);
    // a ninth environment replays it; a changed payload is rejected
    assertThat(environment("PT1H").call(key, new Charge(key, 100), TestContext.create(), () -> new Receipt(key, "again"), CODEC))
        .isEqualTo(new Receipt(key, "first"));
    assertThatThrownBy(() -> environment("PT1H").call(key, new Charge(key, 999), TestContext.create(),
            () -> new Receipt(key, "again"), CODEC))
        .isInstanceOfSatisfying(IdempotencyException.class, e -> assertThat(e.reason()).isEqualTo(Reason.PAYLOAD_MISMATCH));
  }

  @Test
  void aFailureInOneEnvironmentLetsAnotherRunIt() throws Exception {
    String key = "o-" + UUID.randomUUID();
    assertThatThrownBy(() -> environment("PT1H").call(key, new Charge(key, 1), TestContext.create(), () -> {
      throw new IllegalStateException("declined");
    }, CODEC)).hasMessage("declined");
    assertThat(environment("PT1H").call(key, new Charge(key, 1), TestContext.create(), () -> new Receipt(key, "retry"), CODEC))
        .isEqualTo(new Receipt(key, "retry"));
  }

  /**
   * "The claim expires with the invocation's remaining time": a duplicate in another environment
   * while the first call still runs (30 s remaining) is in progress, whatever the expiry of the
   * completed result.
   */
  @Test
  void aClaimLastsWhileTheMethodRunsEvenWithAShortExpiry() throws Exception {
    String key = "o-" + UUID.randomUUID();
    AtomicInteger runs = new AtomicInteger();
    CountDownLatch started = new CountDownLatch(1);
    CompletableFuture<Receipt> first = CompletableFuture.supplyAsync(() -> {
      try {
        return environment("PT1S").call(key, new Charge(key, 1), TestContext.create(), () -> {
          runs.incrementAndGet();
          started.countDown();
          Thread.sleep(4_000);
          return new Receipt(key, "first");
        }, CODEC);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
    Thread.sleep(2_200);
    Object second;
    try {
      second = environment("PT1S").call(key, new Charge(key, 1), TestContext.create(), () -> {
        runs.incrementAndGet();
        return new Receipt(key, "second");
      }, CODEC);
    } catch (IdempotencyException e) {
      second = e.reason();
    }
    first.get(10, TimeUnit.SECONDS);
    assertThat(runs).as("second outcome: " + second).hasValue(1);
  }

  /** "Every store call is bounded by what remains of the invocation (less 200 ms)". */
  @Test
  void aDynamoDbThatNeverAnswersFailsClosedWithinTheRemainingTime() throws Exception {
    try (ServerSocket silent = new ServerSocket(0)) {
      List<Socket> accepted = new CopyOnWriteArrayList<>();
      Thread acceptor = new Thread(() -> {
        while (!silent.isClosed()) {
          try {
            Socket socket = silent.accept();
            accepted.add(socket);
            InputStream in = socket.getInputStream();
            new Thread(() -> {
              try {
                in.transferTo(java.io.OutputStream.nullOutputStream());
              } catch (IOException ignored) {
                // closed
              }
            }).start();
          } catch (IOException e) {
            return;
          }
        }
      });
      acceptor.setDaemon(true);
      acceptor.start();
      try (DynamoDbIdempotencyStore hanging = DynamoDbIdempotencyStore.builder()
          .endpoint(URI.create("http://127.0.0.1:" + silent.getLocalPort()))
          .region(Region.US_EAST_1)
          .credentialsProvider(DynamoDbLocalExtension.FAKE_CREDENTIALS)
          .build()) {
        IdempotencyGuard guard = new IdempotencyGuard("Payments.charge(Charge)", null, "PT1H", true).withStore(hanging);
        AtomicInteger runs = new AtomicInteger();
        String key = "o-" + UUID.randomUUID();
        // warm the client (class loading) so the bound, not the first use, is measured
        try {
          guard.call("warm-" + key, new Charge(key, 1), TestContext.withRemainingMillis(700), () -> null, CODEC);
        } catch (IdempotencyException expected) {
          // expected
        }
        long start = System.nanoTime();
        assertThatThrownBy(() -> guard.call(key, new Charge(key, 1), TestContext.withRemainingMillis(1_000), () -> {
          runs.incrementAndGet();
          return new Receipt(key, "ran");
        }, CODEC)).isInstanceOfSatisfying(IdempotencyException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.STORE_UNAVAILABLE));
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(tookMillis).isLessThan(1_000);
        assertThat(runs).hasValue(0);
      } finally {
        for (Socket socket : accepted) {
          socket.close();
        }
      }
    }
  }

  /**
   * The claim's PutItem is written, but its response is lost (connection reset) and the SDK
   * retries it: the retry meets the call's own claim. The call must still run (the claim is its
   * own), not answer "in progress" and leave the key locked for the rest of the invocation.
   */
  @Test
  void aRetriedClaimThatMeetsItsOwnClaimRuns() throws Exception {
    AtomicBoolean dropped = new AtomicBoolean();
    ExecutionInterceptor loseFirstPutResponse = new ExecutionInterceptor() {
      @Override
      public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
        if ("PutItem".equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME)) && dropped.compareAndSet(false, true)) {
          throw SdkClientException.builder().message("Connection reset").cause(new IOException("Connection reset")).build();
        }
      }
    };
    try (DynamoDbClient client = DYNAMO.lowLevelClient()
        .overrideConfiguration(o -> o.addExecutionInterceptor(loseFirstPutResponse)
            .retryStrategy(AwsRetryStrategy.standardRetryStrategy()))
        .build()) {
      DynamoDbIdempotencyStore store = new DynamoDbIdempotencyStore(client, DYNAMO.table());
      IdempotencyGuard guard = new IdempotencyGuard("Payments.charge(Charge)", null, "PT1H", true).withStore(store);
      String key = "o-" + UUID.randomUUID();
      AtomicInteger runs = new AtomicInteger();
      Object outcome;
      try {
        outcome = guard.call(key, new Charge(key, 1), TestContext.create(), () -> {
          runs.incrementAndGet();
          return new Receipt(key, "ran");
        }, CODEC);
      } catch (IdempotencyException e) {
        outcome = e.reason();
      }
      assertThat(dropped).isTrue();
      assertThat(outcome).isEqualTo(new Receipt(key, "ran"));
      assertThat(runs).hasValue(1);
    }
  }
}
