package dev.kindling.idempotency.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kindling.runtime.idempotency.IdempotencyException;
import dev.kindling.runtime.idempotency.IdempotencyException.Reason;
import dev.kindling.runtime.idempotency.IdempotencyRecord;
import dev.kindling.runtime.idempotency.IdempotencyStore;
import dev.kindling.runtime.internal.IdempotencyGuard;
import dev.kindling.runtime.internal.ResultCodec;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The runtime's IdempotencyGuard end to end on DynamoDB Local through this store. */
class IdempotencyGuardOnDynamoDbTest {
  @RegisterExtension static final DynamoDbLocalExtension DYNAMO = new DynamoDbLocalExtension();

  record ChargeOrder(String orderId, int amountCents) {}

  record Receipt(String orderId, String receiptId) {}

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final ResultCodec<Receipt, Receipt> CODEC =
      ResultCodec.json(MAPPER.readerFor(Receipt.class), MAPPER.writerFor(Receipt.class));

  private static DynamoDbIdempotencyStore dynamo;
  private final ObservedStore store = new ObservedStore();

  @BeforeAll
  static void createStore() {
    dynamo = DYNAMO.storeBuilder().build();
  }

  @AfterAll
  static void closeStore() {
    dynamo.close();
  }

  /** A guard as the generated entry of {@code Orders.charge} creates it: one per execution environment. */
  private IdempotencyGuard newGuard(IdempotencyStore on) {
    return new IdempotencyGuard("Orders.charge", null, "PT1H", true).withStore(on);
  }

  @Test
  void theActionRunsOnceAndADuplicateGetsTheStoredResult() throws Exception {
    // GIVEN a guard on DynamoDB and a charge action that counts its runs
    IdempotencyGuard guard = newGuard(store);
    String key = "order-" + UUID.randomUUID();
    ChargeOrder payload = new ChargeOrder(key, 1250);
    AtomicInteger runs = new AtomicInteger();

    // WHEN the same key is processed twice
    Receipt first = guard.call(key, payload, null, () -> new Receipt(key, "r-" + runs.incrementAndGet()), CODEC);
    Receipt second = guard.call(key, payload, null, () -> new Receipt(key, "r-" + runs.incrementAndGet()), CODEC);

    // THEN the action ran once, the duplicate returned the first result
    assertThat(runs).hasValue(1);
    assertThat(first).isEqualTo(new Receipt(key, "r-1"));
    assertThat(second).isEqualTo(first);

    // AND the item is COMPLETED with the result as JSON
    Map<String, AttributeValue> item = DYNAMO.item(store.lastClaimedId());
    assertThat(item.get("status").s()).isEqualTo("COMPLETED");
    assertThat(MAPPER.readValue(item.get("data").s(), Receipt.class)).isEqualTo(first);
    assertThat(item.get("validation").s()).isNotBlank();

    // AND another execution environment (a fresh guard, empty local cache) replays it from DynamoDB
    Receipt elsewhere =
        newGuard(store).call(key, payload, null, () -> new Receipt(key, "r-" + runs.incrementAndGet()), CODEC);
    assertThat(elsewhere).isEqualTo(first);
    assertThat(runs).hasValue(1);
  }

  @Test
  void theSameKeyWithAnotherPayloadIsRejected() throws Exception {
    // GIVEN a key already completed with one payload
    String key = "order-" + UUID.randomUUID();
    AtomicInteger runs = new AtomicInteger();
    newGuard(store).call(key, new ChargeOrder(key, 1250), null, () -> new Receipt(key, "r-" + runs.incrementAndGet()), CODEC);

    // WHEN another environment gets the same key with a different amount
    // THEN it is a payload mismatch and the action does not run again
    assertThatThrownBy(
            () ->
                newGuard(store)
                    .call(key, new ChargeOrder(key, 9999), null, () -> new Receipt(key, "r-" + runs.incrementAndGet()), CODEC))
        .isInstanceOfSatisfying(
            IdempotencyException.class, e -> assertThat(e.reason()).isEqualTo(Reason.PAYLOAD_MISMATCH));
    assertThat(runs).hasValue(1);
  }

  @Test
  void anActionThatThrowsReleasesTheKeySoTheRetryRuns() throws Exception {
    // GIVEN an action that fails on its first run
    IdempotencyGuard guard = newGuard(store);
    String key = "order-" + UUID.randomUUID();
    ChargeOrder payload = new ChargeOrder(key, 500);
    AtomicInteger runs = new AtomicInteger();

    // WHEN it fails
    assertThatThrownBy(
            () ->
                guard.call(
                    key,
                    payload,
                    null,
                    () -> {
                      runs.incrementAndGet();
                      throw new IllegalStateException("payment provider down");
                    },
                    CODEC))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("payment provider down");

    // THEN its claim is deleted
    String id = store.lastClaimedId();
    assertThat(DYNAMO.item(id)).isNull();

    // AND the retry runs the action and completes
    Receipt retried = guard.call(key, payload, null, () -> new Receipt(key, "r-" + runs.incrementAndGet()), CODEC);
    assertThat(runs).hasValue(2);
    assertThat(retried).isEqualTo(new Receipt(key, "r-2"));
    assertThat(DYNAMO.item(id).get("status").s()).isEqualTo("COMPLETED");
  }

  @Test
  void aDuplicateWhileTheFirstCallRunsIsInProgress() throws Exception {
    // GIVEN a first call that is still running in one environment
    String key = "order-" + UUID.randomUUID();
    ChargeOrder payload = new ChargeOrder(key, 700);
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch finish = new CountDownLatch(1);
    AtomicInteger runs = new AtomicInteger();
    CompletableFuture<Receipt> first =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return newGuard(store)
                    .call(
                        key,
                        payload,
                        null,
                        () -> {
                          runs.incrementAndGet();
                          started.countDown();
                          assertThat(finish.await(10, TimeUnit.SECONDS)).isTrue();
                          return new Receipt(key, "r-first");
                        },
                        CODEC);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    try {
      assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

      // WHEN a duplicate arrives in another environment
      // THEN it is refused as in progress and its action does not run
      assertThatThrownBy(
              () -> newGuard(store).call(key, payload, null, () -> new Receipt(key, "r-" + runs.incrementAndGet()), CODEC))
          .isInstanceOfSatisfying(IdempotencyException.class, e -> assertThat(e.reason()).isEqualTo(Reason.IN_PROGRESS));
      assertThat(runs).hasValue(1);
    } finally {
      finish.countDown();
    }
    assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(new Receipt(key, "r-first"));
  }

  @Test
  void anUnreachableStoreFailsClosedAndTheActionNeverRuns() throws Exception {
    // GIVEN a guard whose DynamoDB endpoint has nothing listening
    URI dead = URI.create("http://127.0.0.1:" + DynamoDbLocalExtension.freePort());
    try (DynamoDbIdempotencyStore down =
        DynamoDbIdempotencyStore.builder()
            .endpoint(dead)
            .region(Region.US_EAST_1)
            .credentialsProvider(DynamoDbLocalExtension.FAKE_CREDENTIALS)
            .build()) {
      AtomicInteger runs = new AtomicInteger();
      String key = "order-" + UUID.randomUUID();

      // WHEN a call arrives
      // THEN it fails as STORE_UNAVAILABLE, caused by the store's error, and the action did not run
      assertThatThrownBy(
              () ->
                  newGuard(down)
                      .call(key, new ChargeOrder(key, 1), null, () -> new Receipt(key, "r-" + runs.incrementAndGet()), CODEC))
          .isInstanceOfSatisfying(
              IdempotencyException.class,
              e -> {
                assertThat(e.reason()).isEqualTo(Reason.STORE_UNAVAILABLE);
                assertThat(e.getCause()).isInstanceOf(dev.kindling.runtime.idempotency.IdempotencyStoreException.class);
              });
      assertThat(runs).hasValue(0);
    }
  }

  /** Delegates to the DynamoDB store and remembers the ids the guard claimed (the guard hashes keys). */
  private static final class ObservedStore implements IdempotencyStore {
    private final List<String> claimed = new CopyOnWriteArrayList<>();

    @Override
    public Optional<IdempotencyRecord> claim(IdempotencyRecord claim, long nowMillis, Duration timeout) {
      claimed.add(claim.id());
      return dynamo.claim(claim, nowMillis, timeout);
    }

    @Override
    public boolean extend(IdempotencyRecord claim, Duration timeout) {
      return dynamo.extend(claim, timeout);
    }

    @Override
    public boolean complete(IdempotencyRecord completed, Duration timeout) {
      return dynamo.complete(completed, timeout);
    }

    @Override
    public boolean release(IdempotencyRecord claim, Duration timeout) {
      return dynamo.release(claim, timeout);
    }

    String lastClaimedId() {
      assertThat(claimed).isNotEmpty();
      return claimed.get(claimed.size() - 1);
    }
  }
}
