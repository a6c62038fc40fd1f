package dev.kindling.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kindling.runtime.idempotency.IdempotencyException;
import dev.kindling.runtime.idempotency.IdempotencyRecord;
import dev.kindling.runtime.idempotency.IdempotencyStore;
import dev.kindling.runtime.idempotency.InMemoryIdempotencyStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class IdempotencyGuardTest {
  record Order(String orderId, int quantity) {}

  private static final ResultCodec<String, String> TEXT = ResultCodec.json(Json.reader(String.class), Json.writer(String.class));

  private static final Duration TIMEOUT = Duration.ofSeconds(1);

  private final InMemoryIdempotencyStore store = new InMemoryIdempotencyStore();
  private final AtomicInteger runs = new AtomicInteger();

  private IdempotencyGuard guard() {
    return new IdempotencyGuard("Orders.charge", null, "PT1H", true).withStore(store);
  }

  @Test
  void givenACompletedKeyWhenRepeatedThenTheStoredResultIsReturnedWithoutRunning() throws Exception {
    IdempotencyGuard guard = guard();
    Order order = new Order("o-1", 2);
    String first = guard.call("o-1", order, null, () -> "charged-" + runs.incrementAndGet(), TEXT);
    String second = guard().call("o-1", order, null, () -> "charged-" + runs.incrementAndGet(), TEXT);
    assertThat(first).isEqualTo("charged-1");
    assertThat(second).isEqualTo("charged-1");
    assertThat(runs).hasValue(1);
    IdempotencyRecord stored = store.find(storeId("o-1")).orElseThrow();
    assertThat(stored.status()).isEqualTo(IdempotencyRecord.Status.COMPLETED);
    assertThat(stored.data()).isEqualTo("\"charged-1\"");
    assertThat(stored.validation()).isNotBlank();
  }

  @Test
  void fiftyConcurrentCallsWithOneKeyRunTheMethodOnce() throws Exception {
    IdempotencyGuard guard = guard();
    ExecutorService pool = Executors.newFixedThreadPool(50);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<String>> results = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      results.add(
          pool.submit(
              () -> {
                start.await();
                try {
                  return guard.call("same", new Order("same", 1), null, () -> {
                    runs.incrementAndGet();
                    Thread.sleep(200);
                    return "done";
                  }, TEXT);
                } catch (IdempotencyException e) {
                  return e.reason().name();
                }
              }));
    }
    start.countDown();
    List<String> outcomes = new ArrayList<>();
    for (Future<String> result : results) {
      outcomes.add(result.get(10, TimeUnit.SECONDS));
    }
    pool.shutdown();
    assertThat(runs).hasValue(1);
    assertThat(outcomes).containsOnly("done", "IN_PROGRESS").contains("done");
  }

  @Test
  void aThrowingMethodReleasesItsClaimSoTheRetryRuns() throws Exception {
    IdempotencyGuard guard = guard();
    assertThatThrownBy(() -> guard.call("o-2", new Order("o-2", 1), null, () -> {
      runs.incrementAndGet();
      throw new IllegalStateException("payment declined");
    }, TEXT)).hasMessage("payment declined");
    assertThat(store.find(storeId("o-2"))).isEmpty();
    assertThat(guard.call("o-2", new Order("o-2", 1), null, () -> "ok-" + runs.incrementAndGet(), TEXT)).isEqualTo("ok-2");
  }

  @Test
  void aCrashedClaimExpiresWithTheInvocationsRemainingTime() throws Exception {
    long now = System.currentTimeMillis();
    // An invocation claimed the key and died: its in-progress expiry has passed.
    store.claim(new IdempotencyRecord(storeId("o-3"), IdempotencyRecord.Status.INPROGRESS, now / 1000 + 3600, now - 1, null, null, "crashed"), now - 5_000, TIMEOUT);
    assertThat(guard().call("o-3", new Order("o-3", 1), null, () -> "rerun-" + runs.incrementAndGet(), TEXT)).isEqualTo("rerun-1");

    store.claim(new IdempotencyRecord(storeId("o-4"), IdempotencyRecord.Status.INPROGRESS, now / 1000 + 3600, now + 60_000, null, null, "running"), now, TIMEOUT);
    assertThatThrownBy(() -> guard().call("o-4", new Order("o-4", 1), null, () -> "never", TEXT))
        .isInstanceOfSatisfying(IdempotencyException.class, e -> assertThat(e.reason()).isEqualTo(IdempotencyException.Reason.IN_PROGRESS));
  }

  @Test
  void theInProgressExpiryFollowsTheInvocationDeadline() throws Exception {
    long before = System.currentTimeMillis();
    guard().call("o-5", new Order("o-5", 1), dev.kindling.runtime.internal.TestContexts.remaining(4_000), () -> {
      IdempotencyRecord claim = store.find(storeId("o-5")).orElseThrow();
      assertThat(claim.status()).isEqualTo(IdempotencyRecord.Status.INPROGRESS);
      assertThat(claim.inProgressExpiry()).isBetween(before + 3_000, System.currentTimeMillis() + 4_000);
      return "ok";
    }, TEXT);
  }

  @Test
  void theSameKeyWithAnotherPayloadIsRejected() throws Exception {
    guard().call("o-6", new Order("o-6", 1), null, () -> "ok", TEXT);
    assertThatThrownBy(() -> guard().call("o-6", new Order("o-6", 99), null, () -> "never", TEXT))
        .isInstanceOfSatisfying(IdempotencyException.class, e -> assertThat(e.reason()).isEqualTo(IdempotencyException.Reason.PAYLOAD_MISMATCH));
  }

  @Test
  void aDeadStoreFailsClosed() {
    IdempotencyGuard guard = new IdempotencyGuard("Orders.charge", null, "PT1H", true).withStore(new DeadStore());
    assertThatThrownBy(() -> guard.call("o-7", new Order("o-7", 1), null, () -> "ran-" + runs.incrementAndGet(), TEXT))
        .isInstanceOfSatisfying(IdempotencyException.class, e -> assertThat(e.reason()).isEqualTo(IdempotencyException.Reason.STORE_UNAVAILABLE));
    assertThat(runs).hasValue(0);
  }

  @Test
  void aBatchWhoseStoreIsDownForEveryRecordFailsTheInvocation() {
    IdempotencyGuard guard = new IdempotencyGuard("Orders.charge", null, "PT1H", true).withStore(new DeadStore());
    assertThatThrownBy(
            () -> Batches.sqs(
                new ByteArrayInputStream(Json.MAPPER.writeValueAsBytes(Fixtures.event("sqs-event.json"))),
                new ByteArrayOutputStream(), null, false,
                (record, context) -> guard.call(record.recordId(), null, null, () -> runs.incrementAndGet(), ResultCodec.json(Json.reader(Integer.class), Json.writer(Integer.class)))))
        .isInstanceOfSatisfying(IdempotencyException.class, e -> assertThat(e.reason()).isEqualTo(IdempotencyException.Reason.STORE_UNAVAILABLE));
    assertThat(runs).hasValue(0);
  }

  @Test
  void whenTheStoreGoesDownMidBatchTheRestIsReportedAndNothingRunsUnguarded() throws Exception {
    ObjectNode event = Fixtures.event("sqs-event.json");
    List<String> ids = new ArrayList<>();
    event.get("Records").forEach(record -> ids.add(record.get("messageId").asText()));
    IdempotencyGuard guard = new IdempotencyGuard("Orders.charge", null, "PT1H", true).withStore(new StoreThatDiesAfter(2));
    List<String> ran = new ArrayList<>();
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    BatchOutcome outcome = Batches.sqs(
        new ByteArrayInputStream(Json.MAPPER.writeValueAsBytes(event)), out, null, false,
        (record, context) -> guard.call(record.recordId(), null, null, () -> {
          ran.add(record.recordId());
          return null;
        }, ResultCodec.none()));

    assertThat(ids).hasSizeGreaterThan(2);
    assertThat(ran).as("records that ran, each once, all guarded").containsExactlyElementsOf(ids.subList(0, 2));
    assertThat(outcome.failures()).as("reported for retry").containsExactlyElementsOf(ids.subList(2, ids.size()));
    assertThat(Json.MAPPER.readTree(out.toByteArray()).findValuesAsText("itemIdentifier"))
        .containsExactlyElementsOf(ids.subList(2, ids.size()));
  }

  @Test
  void aMissingKeyIsRejected() {
    assertThatThrownBy(() -> guard().call(null, null, null, () -> "never", TEXT))
        .isInstanceOfSatisfying(IdempotencyException.class, e -> assertThat(e.reason()).isEqualTo(IdempotencyException.Reason.KEY_MISSING));
  }

  @Test
  void aCallWhoseClaimExpiredAndWasTakenOverNeitherOverwritesNorDeletesTheNewClaim() throws Exception {
    IdempotencyGuard slow = guard();
    CountDownLatch claimed = new CountDownLatch(1);
    CountDownLatch takenOver = new CountDownLatch(1);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      // The first call claims with 300 ms left, then outlives its claim.
      Future<String> first = pool.submit(() -> slow.call("o-8", new Order("o-8", 1), TestContexts.remaining(500), () -> {
        claimed.countDown();
        takenOver.await(10, TimeUnit.SECONDS);
        return "first";
      }, TEXT));
      assertThat(claimed.await(10, TimeUnit.SECONDS)).isTrue();
      Thread.sleep(600);
      // A redelivery claims the expired key and is still running when the first call completes.
      String second = guard().call("o-8", new Order("o-8", 1), TestContexts.remaining(10_000), () -> {
        takenOver.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("first");
        IdempotencyRecord stored = store.find(storeId("o-8")).orElseThrow();
        assertThat(stored.status()).as("the late completion did not overwrite the new claim").isEqualTo(IdempotencyRecord.Status.INPROGRESS);
        return "second";
      }, TEXT);
      assertThat(second).isEqualTo("second");
      assertThat(store.find(storeId("o-8")).orElseThrow().data()).isEqualTo("\"second\"");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aLateFailureDoesNotReleaseANewerClaim() throws Exception {
    long now = System.currentTimeMillis();
    IdempotencyRecord stale = new IdempotencyRecord(storeId("o-9"), IdempotencyRecord.Status.INPROGRESS, now / 1000 + 3600, now - 1, null, null, "stale");
    IdempotencyRecord current = new IdempotencyRecord(storeId("o-9"), IdempotencyRecord.Status.INPROGRESS, now / 1000 + 3600, now + 60_000, null, null, "current");
    store.claim(stale, now - 10_000, TIMEOUT);
    assertThat(store.claim(current, now, TIMEOUT)).isEmpty();

    assertThat(store.release(stale, TIMEOUT)).isFalse();
    assertThat(store.complete(new IdempotencyRecord(stale.id(), IdempotencyRecord.Status.COMPLETED, now / 1000 + 3600, 0, "late", null, "stale"), TIMEOUT)).isFalse();
    assertThat(store.find(storeId("o-9"))).contains(current);
  }

  @Test
  void aResultThatCannotBeStoredCompletesTheKeyAndItsReplayFailsWithoutRunning() {
    ResultCodec<String, String> unwritable = new ResultCodec<>() {
      @Override public String respond(String value) { return value; }
      @Override public String store(String response) throws java.io.IOException { throw new java.io.IOException("cannot write"); }
      @Override public String replay(String data) throws java.io.IOException { return TEXT.replay(data); }
    };
    assertThatThrownBy(() -> guard().call("o-10", new Order("o-10", 1), null, () -> "charged-" + runs.incrementAndGet(), unwritable))
        .hasMessage("cannot write");
    IdempotencyRecord stored = store.find(storeId("o-10")).orElseThrow();
    assertThat(stored.status()).isEqualTo(IdempotencyRecord.Status.COMPLETED);
    assertThat(stored.data()).isNull();

    assertThatThrownBy(() -> guard().call("o-10", new Order("o-10", 1), null, () -> "charged-" + runs.incrementAndGet(), TEXT))
        .isInstanceOfSatisfying(IdempotencyException.class, e -> assertThat(e.reason()).isEqualTo(IdempotencyException.Reason.RESULT_UNAVAILABLE));
    assertThat(runs).hasValue(1);
  }

  @Test
  void aKeyWithAMissingPartIsAMissingKeyNamingThePart() {
    IdempotencyGuard guard = new IdempotencyGuard("Orders.charge", null, "PT1H", true, "customer.id", "orderId").withStore(store);
    assertThat(guard.key("c-1", "o-1")).isEqualTo(java.util.List.of("c-1", "o-1"));
    assertThat(guard.key("o-1")).isEqualTo("o-1");
    assertThatThrownBy(() -> guard.key(null, null))
        .isInstanceOfSatisfying(IdempotencyException.class, e -> assertThat(e.reason()).isEqualTo(IdempotencyException.Reason.KEY_MISSING))
        .hasMessage("The idempotency key is missing: 'customer.id' has no value");
    assertThatThrownBy(() -> guard.key("c-1", " "))
        .hasMessage("The idempotency key is missing: 'orderId' has no value");
  }

  @Test
  void everyStoreCallIsBoundedByTheInvocationsRemainingTime() throws Exception {
    List<Duration> timeouts = new ArrayList<>();
    IdempotencyStore recording = new IdempotencyStore() {
      @Override public Optional<IdempotencyRecord> claim(IdempotencyRecord claim, long nowMillis, Duration timeout) {
        timeouts.add(timeout);
        return store.claim(claim, nowMillis, timeout);
      }
      @Override public boolean extend(IdempotencyRecord claim, Duration timeout) { return store.extend(claim, timeout); }
      @Override public boolean complete(IdempotencyRecord completed, Duration timeout) {
        timeouts.add(timeout);
        return store.complete(completed, timeout);
      }
      @Override public boolean release(IdempotencyRecord claim, Duration timeout) { return store.release(claim, timeout); }
    };
    IdempotencyGuard guard = new IdempotencyGuard("Orders.charge", null, "PT1H", true).withStore(recording);

    guard.call("o-11", new Order("o-11", 1), TestContexts.remaining(1_500), () -> "ok", TEXT);

    assertThat(timeouts).hasSize(2).allSatisfy(timeout -> assertThat(timeout).isPositive().isLessThanOrEqualTo(Duration.ofMillis(1_300)));

    // With too little time left to ask the store, the method does not run.
    assertThatThrownBy(() -> guard.call("o-12", new Order("o-12", 1), TestContexts.remaining(150), () -> "ran-" + runs.incrementAndGet(), TEXT))
        .isInstanceOfSatisfying(IdempotencyException.class, e -> assertThat(e.reason()).isEqualTo(IdempotencyException.Reason.DEADLINE));
    assertThat(runs).hasValue(0);
  }

  private static String storeId(String key) {
    return "local.Orders.charge#" + IdempotencyGuard.md5(key);
  }

  /** An in-memory store whose backend becomes unreachable after {@code claims} claims. */
  private static final class StoreThatDiesAfter implements IdempotencyStore {
    private final InMemoryIdempotencyStore alive = new InMemoryIdempotencyStore();
    private final DeadStore dead = new DeadStore();
    private int claimsLeft;

    StoreThatDiesAfter(int claims) {
      this.claimsLeft = claims;
    }

    @Override
    public Optional<IdempotencyRecord> claim(IdempotencyRecord claim, long nowMillis, Duration timeout) {
      return claimsLeft-- > 0 ? alive.claim(claim, nowMillis, timeout) : dead.claim(claim, nowMillis, timeout);
    }

    @Override
    public boolean extend(IdempotencyRecord claim, Duration timeout) {
      return alive.extend(claim, timeout);
    }

    @Override
    public boolean complete(IdempotencyRecord completed, Duration timeout) {
      return alive.complete(completed, timeout);
    }

    @Override
    public boolean release(IdempotencyRecord claim, Duration timeout) {
      return dead.release(claim, timeout);
    }
  }

  /** A store whose backend is unreachable. */
  private static final class DeadStore implements IdempotencyStore {
    @Override
    public Optional<IdempotencyRecord> claim(IdempotencyRecord claim, long nowMillis, Duration timeout) {
      throw new dev.kindling.runtime.idempotency.IdempotencyStoreException("connection refused", null);
    }

    @Override
    public boolean extend(IdempotencyRecord claim, Duration timeout) {
      throw new dev.kindling.runtime.idempotency.IdempotencyStoreException("connection refused", null);
    }

    @Override
    public boolean complete(IdempotencyRecord completed, Duration timeout) {
      throw new dev.kindling.runtime.idempotency.IdempotencyStoreException("connection refused", null);
    }

    @Override
    public boolean release(IdempotencyRecord claim, Duration timeout) {
      throw new dev.kindling.runtime.idempotency.IdempotencyStoreException("connection refused", null);
    }
  }
}
