package dev.kindling.sample.documented.edges;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kindling.runtime.idempotency.IdempotencyException;
import dev.kindling.runtime.idempotency.InMemoryIdempotencyStore;
import dev.kindling.runtime.internal.IdempotencyGuard;
import dev.kindling.runtime.internal.ResultCodec;
import dev.kindling.test.TestContext;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Round 3: the process-local store that tests, kindling-local and KINDLING_IDEMPOTENCY_STORE=memory
 * use ("accepts idempotency within one execution environment only"), and expiry boundaries.
 */
class EdgeMemoryStoreTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final ResultCodec<String, String> CODEC =
      ResultCodec.json(MAPPER.readerFor(String.class), MAPPER.writerFor(String.class));

  /**
   * Within one execution environment, a duplicate of a key that is still in progress must get
   * IN_PROGRESS, whatever else the environment processed meanwhile (a busy consumer claims
   * thousands of other keys in a few minutes).
   */
  @Test
  void aKeyInProgressIsNotForgottenAfterTenThousandOtherKeys() throws Exception {
    InMemoryIdempotencyStore store = new InMemoryIdempotencyStore();
    IdempotencyGuard guard = new IdempotencyGuard("Edge.memory" + UUID.randomUUID(), null, "PT24H", true).withStore(store);
    AtomicInteger runs = new AtomicInteger();
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<String> slow = CompletableFuture.supplyAsync(() -> {
      try {
        return guard.call("order-1", "order-1", TestContext.create(), () -> {
          runs.incrementAndGet();
          started.countDown();
          release.await();
          return "charged";
        }, CODEC);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
    int refused = 0;
    for (int i = 0; i < 10_000; i++) {
      String key = "other-" + i;
      try {
        guard.call(key, key, TestContext.create(), () -> "ok", CODEC);
      } catch (IdempotencyException e) {
        // A full store of live keys refuses new ones (fails closed) rather than forget one.
        assertThat(e.reason()).isEqualTo(IdempotencyException.Reason.STORE_UNAVAILABLE);
        refused++;
      }
    }
    assertThat(refused).as("the store holds 10,000 keys; the one in progress is one of them").isEqualTo(1);
    Throwable duplicate = null;
    try {
      guard.call("order-1", "order-1", TestContext.create(), () -> { runs.incrementAndGet(); return "charged"; }, CODEC);
    } catch (Throwable t) {
      duplicate = t;
    }
    release.countDown();
    slow.get(5, TimeUnit.SECONDS);
    assertThat(runs).as("the duplicate ran beside the first call (it threw: " + duplicate + ")").hasValue(1);
  }

  /** expiry = "PT24H": a completed key is replayed for a day, not until 10,256 other keys have passed. */
  @Test
  void aCompletedKeyIsKeptForItsExpiryNotUntilTheStoreIsFull() throws Exception {
    InMemoryIdempotencyStore store = new InMemoryIdempotencyStore();
    IdempotencyGuard guard = new IdempotencyGuard("Edge.memory" + UUID.randomUUID(), null, "PT24H", true).withStore(store);
    AtomicInteger runs = new AtomicInteger();
    guard.call("order-1", "order-1", TestContext.create(), () -> "r" + runs.incrementAndGet(), CODEC);
    int refused = 0;
    for (int i = 0; i < 10_300; i++) {
      String key = "other-" + i;
      try {
        guard.call(key, key, TestContext.create(), () -> "ok", CODEC);
      } catch (IdempotencyException e) {
        refused++;
      }
    }
    assertThat(refused).as("keys past the capacity are refused, none is forgotten").isEqualTo(301);
    String again = guard.call("order-1", "order-1", TestContext.create(), () -> "r" + runs.incrementAndGet(), CODEC);
    assertThat(runs).as("replayed " + again).hasValue(1);
  }

  /** expiry = "PT1S": a completed result is kept about a second, not a millisecond. */
  @Test
  void aOneSecondExpiryKeepsTheResultForAboutASecond() throws Exception {
    InMemoryIdempotencyStore store = new InMemoryIdempotencyStore();
    IdempotencyGuard guard = new IdempotencyGuard("Edge.expiry" + UUID.randomUUID(), null, "PT1S", true).withStore(store);
    AtomicInteger runs = new AtomicInteger();
    while (System.currentTimeMillis() % 1000 < 900) {
      Thread.sleep(5);
    }
    long start = System.currentTimeMillis();
    guard.call("k", "k", TestContext.create(), () -> "r" + runs.incrementAndGet(), CODEC);
    Thread.sleep(150);
    guard.call("k", "k", TestContext.create(), () -> "r" + runs.incrementAndGet(), CODEC);
    assertThat(runs).as("second call " + (System.currentTimeMillis() - start) + " ms after the first").hasValue(1);
  }
}
