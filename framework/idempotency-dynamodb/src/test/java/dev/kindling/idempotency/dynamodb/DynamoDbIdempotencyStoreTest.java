package dev.kindling.idempotency.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kindling.runtime.idempotency.IdempotencyRecord;
import dev.kindling.runtime.idempotency.IdempotencyRecord.Status;
import dev.kindling.runtime.idempotency.IdempotencyStoreException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class DynamoDbIdempotencyStoreTest {
  @RegisterExtension static final DynamoDbLocalExtension DYNAMO = new DynamoDbLocalExtension();

  private static DynamoDbIdempotencyStore store;

  @BeforeAll
  static void createStore() {
    store = DYNAMO.storeBuilder().build();
  }

  @AfterAll
  static void closeStore() {
    store.close();
  }

  private static String newId() {
    return "Orders.charge#" + UUID.randomUUID();
  }

  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private static IdempotencyRecord inProgress(String id, long now, String validation) {
    return new IdempotencyRecord(
        id, Status.INPROGRESS, now / 1000 + 3600, now + 60_000, null, validation, "token-" + UUID.randomUUID());
  }

  private static IdempotencyRecord completed(IdempotencyRecord claim, long now, String data) {
    return new IdempotencyRecord(
        claim.id(), Status.COMPLETED, now / 1000 + 7200, 0, data, claim.validation(), claim.claimToken());
  }

  @Test
  void claimOnAnEmptyTableWritesTheItemInThePowertoolsLayout() {
    // GIVEN no item for the id
    String id = newId();
    long now = System.currentTimeMillis();
    assertThat(DYNAMO.item(id)).isNull();

    // WHEN the key is claimed
    Optional<IdempotencyRecord> blocking = store.claim(inProgress(id, now, "hash-1"), now, TIMEOUT);

    // THEN the claim is written, with exactly Powertools' attribute names and types
    assertThat(blocking).isEmpty();
    Map<String, AttributeValue> item = DYNAMO.item(id);
    assertThat(item)
        .containsOnlyKeys("id", "status", "expiration", "in_progress_expiration", "validation", "claim_token");
    assertThat(item.get("id").s()).isEqualTo(id);
    assertThat(item.get("status").s()).isEqualTo("INPROGRESS");
    assertThat(item.get("expiration").n()).isEqualTo(Long.toString(now / 1000 + 3600));
    assertThat(item.get("expiration").s()).isNull();
    assertThat(item.get("in_progress_expiration").n()).isEqualTo(Long.toString(now + 60_000));
    assertThat(item.get("in_progress_expiration").s()).isNull();
    assertThat(item.get("validation").s()).isEqualTo("hash-1");
  }

  @Test
  void claimWithoutPayloadValidationWritesNoValidationAttribute() {
    // GIVEN a claim whose method does not validate payloads
    String id = newId();
    long now = System.currentTimeMillis();

    // WHEN it is claimed
    assertThat(store.claim(inProgress(id, now, null), now, TIMEOUT)).isEmpty();

    // THEN neither validation nor data is written (absent, not NULL)
    assertThat(DYNAMO.item(id)).containsOnlyKeys("id", "status", "expiration", "in_progress_expiration", "claim_token");
  }

  @Test
  void aSecondClaimOnALiveInProgressItemReturnsItInOneRequestAndWritesNothing() {
    // GIVEN a live claim
    String id = newId();
    long now = System.currentTimeMillis();
    IdempotencyRecord first = inProgress(id, now, "first");
    assertThat(store.claim(first, now, TIMEOUT)).isEmpty();
    RequestCounter counter = new RequestCounter(false);
    try (DynamoDbClient counted =
        DYNAMO.lowLevelClient().overrideConfiguration(c -> c.addExecutionInterceptor(counter)).build()) {
      DynamoDbIdempotencyStore countedStore = new DynamoDbIdempotencyStore(counted, DYNAMO.table());

      // WHEN a duplicate claims the same id a little later
      Optional<IdempotencyRecord> blocking =
          countedStore.claim(inProgress(id, now + 1000, "second"), now + 1000, TIMEOUT);

      // THEN it gets the first claim back, read from the condition failure (no GetItem)
      assertThat(blocking).contains(first);
      assertThat(counter.operations()).containsExactly("PutItem");
    }
    // AND the stored item is still the first claim
    assertThat(DYNAMO.item(id).get("validation").s()).isEqualTo("first");
    assertThat(DYNAMO.item(id).get("in_progress_expiration").n()).isEqualTo(Long.toString(now + 60_000));
  }

  @Test
  void whenTheConditionFailureCarriesNoItemTheClaimReadsItConsistently() {
    // GIVEN a live claim, and a service that leaves the old item out of condition failures
    String id = newId();
    long now = System.currentTimeMillis();
    IdempotencyRecord first = inProgress(id, now, "first");
    assertThat(store.claim(first, now, TIMEOUT)).isEmpty();
    RequestCounter counter = new RequestCounter(true);
    try (DynamoDbClient stripping =
        DYNAMO.lowLevelClient().overrideConfiguration(c -> c.addExecutionInterceptor(counter)).build()) {
      DynamoDbIdempotencyStore strippingStore = new DynamoDbIdempotencyStore(stripping, DYNAMO.table());

      // WHEN a duplicate claims it
      Optional<IdempotencyRecord> blocking = strippingStore.claim(inProgress(id, now, "second"), now, TIMEOUT);

      // THEN the store falls back to one GetItem and still returns the blocking record
      assertThat(blocking).contains(first);
      assertThat(counter.operations()).containsExactly("PutItem", "GetItem");
    }
  }

  @Test
  void aClaimOverAnExpiredInProgressItemSucceeds() {
    // GIVEN an INPROGRESS item whose in-progress expiry has passed (a crashed invocation)
    // but whose expiration has not
    String id = newId();
    long now = System.currentTimeMillis();
    DYNAMO.putItem(
        Map.of(
            "id", AttributeValue.fromS(id),
            "status", AttributeValue.fromS("INPROGRESS"),
            "expiration", AttributeValue.fromN(Long.toString(now / 1000 + 3600)),
            "in_progress_expiration", AttributeValue.fromN(Long.toString(now - 1)),
            "validation", AttributeValue.fromS("crashed")));

    // WHEN another invocation claims the key
    Optional<IdempotencyRecord> blocking = store.claim(inProgress(id, now, "retry"), now, TIMEOUT);

    // THEN the claim takes over the key
    assertThat(blocking).isEmpty();
    assertThat(DYNAMO.item(id).get("validation").s()).isEqualTo("retry");
    assertThat(DYNAMO.item(id).get("in_progress_expiration").n()).isEqualTo(Long.toString(now + 60_000));
  }

  @Test
  void aClaimOverAnExpiredItemSucceeds() {
    // GIVEN a COMPLETED item whose expiration is before the claim's clock. The item expires
    // 100 s from the real clock and the claim runs with a clock 200 s ahead, so DynamoDB Local's
    // TTL sweeper cannot delete the item first and the test exercises the "#expiry < :now" branch.
    String id = newId();
    long realNow = System.currentTimeMillis();
    long claimNow = realNow + 200_000;
    DYNAMO.putItem(
        Map.of(
            "id", AttributeValue.fromS(id),
            "status", AttributeValue.fromS("COMPLETED"),
            "expiration", AttributeValue.fromN(Long.toString(realNow / 1000 + 100)),
            "data", AttributeValue.fromS("{\"old\":true}")));

    // WHEN the key is claimed at claimNow
    Optional<IdempotencyRecord> blocking = store.claim(inProgress(id, claimNow, "new"), claimNow, TIMEOUT);

    // THEN the expired record is replaced by the claim
    assertThat(blocking).isEmpty();
    Map<String, AttributeValue> item = DYNAMO.item(id);
    assertThat(item.get("status").s()).isEqualTo("INPROGRESS");
    assertThat(item).doesNotContainKey("data");
  }

  @Test
  void aCompletedItemWithAPastInProgressExpiryStillBlocks() {
    // GIVEN a COMPLETED item that kept its old in_progress_expiration (Powertools' UpdateItem keeps it)
    String id = newId();
    long now = System.currentTimeMillis();
    DYNAMO.putItem(
        Map.of(
            "id", AttributeValue.fromS(id),
            "status", AttributeValue.fromS("COMPLETED"),
            "expiration", AttributeValue.fromN(Long.toString(now / 1000 + 3600)),
            "in_progress_expiration", AttributeValue.fromN(Long.toString(now - 60_000)),
            "data", AttributeValue.fromS("{\"receipt\":\"r-1\"}")));

    // WHEN the key is claimed
    Optional<IdempotencyRecord> blocking = store.claim(inProgress(id, now, null), now, TIMEOUT);

    // THEN the completed record is returned, not overwritten
    assertThat(blocking).hasValueSatisfying(r -> {
      assertThat(r.status()).isEqualTo(Status.COMPLETED);
      assertThat(r.data()).isEqualTo("{\"receipt\":\"r-1\"}");
    });
    assertThat(DYNAMO.item(id).get("status").s()).isEqualTo("COMPLETED");
  }

  @Test
  void completeStoresTheResultAndALaterClaimReturnsIt() {
    // GIVEN a claimed key
    String id = newId();
    long now = System.currentTimeMillis();
    IdempotencyRecord claim = inProgress(id, now, "hash");
    assertThat(store.claim(claim, now, TIMEOUT)).isEmpty();

    // WHEN the call completes
    IdempotencyRecord done = completed(claim, now, "{\"receipt\":\"r-42\"}");
    assertThat(store.complete(done, TIMEOUT)).isTrue();

    // THEN the item is COMPLETED with the result as a JSON string
    Map<String, AttributeValue> item = DYNAMO.item(id);
    assertThat(item).containsOnlyKeys("id", "status", "expiration", "data", "validation", "claim_token");
    assertThat(item.get("status").s()).isEqualTo("COMPLETED");
    assertThat(item.get("data").s()).isEqualTo("{\"receipt\":\"r-42\"}");
    assertThat(item.get("expiration").n()).isEqualTo(Long.toString(now / 1000 + 7200));

    // AND a later claim returns the completed record with its data
    long later = now + 5_000;
    assertThat(store.claim(inProgress(id, later, "hash"), later, TIMEOUT)).contains(done);
  }

  @Test
  void releaseDeletesTheClaimSoTheNextClaimSucceeds() {
    // GIVEN a claimed key
    String id = newId();
    long now = System.currentTimeMillis();
    IdempotencyRecord claim = inProgress(id, now, "a");
    assertThat(store.claim(claim, now, TIMEOUT)).isEmpty();

    // WHEN it is released
    assertThat(store.release(claim, TIMEOUT)).isTrue();

    // THEN the item is gone and the key can be claimed again
    assertThat(DYNAMO.item(id)).isNull();
    assertThat(store.claim(inProgress(id, now, "b"), now, TIMEOUT)).isEmpty();
    assertThat(DYNAMO.item(id).get("validation").s()).isEqualTo("b");
  }

  @Test
  void releasingAKeyThatIsNotStoredIsANoOp() {
    String id = newId();
    assertThat(store.release(inProgress(id, System.currentTimeMillis(), null), TIMEOUT)).isFalse();
    assertThat(DYNAMO.item(id)).isNull();
  }

  @Test
  void aCallWhoseClaimWasTakenOverCanNeitherCompleteNorReleaseTheNewClaim() {
    // GIVEN a claim that expired while its call ran, and a redelivery that claimed the key since
    String id = newId();
    long then = System.currentTimeMillis() - 120_000;
    IdempotencyRecord stale = inProgress(id, then, "hash");
    assertThat(store.claim(stale, then, TIMEOUT)).isEmpty();
    long now = System.currentTimeMillis();
    IdempotencyRecord current = inProgress(id, now, "hash");
    assertThat(store.claim(current, now, TIMEOUT)).as("the old claim has expired").isEmpty();

    // WHEN the first call finishes late and completes, or fails late and releases
    boolean completedStale = store.complete(completed(stale, now, "{\"late\":true}"), TIMEOUT);
    boolean releasedStale = store.release(stale, TIMEOUT);
    boolean extendedStale = store.extend(stale.withInProgressExpiry(now + 600_000), TIMEOUT);

    // THEN nothing changes: the redelivery's claim stands
    assertThat(completedStale).isFalse();
    assertThat(releasedStale).isFalse();
    assertThat(extendedStale).isFalse();
    Map<String, AttributeValue> item = DYNAMO.item(id);
    assertThat(item.get("status").s()).isEqualTo("INPROGRESS");
    assertThat(item.get("claim_token").s()).isEqualTo(current.claimToken());
    assertThat(item.get("in_progress_expiration").n()).isEqualTo(Long.toString(now + 60_000));

    // AND the redelivery itself completes normally
    assertThat(store.complete(completed(current, now, "{\"ok\":true}"), TIMEOUT)).isTrue();
    assertThat(DYNAMO.item(id).get("data").s()).isEqualTo("{\"ok\":true}");
  }

  @Test
  void extendMovesTheInProgressExpiryOfAClaimStillHeldAndNeverRevivesACompletedOne() {
    String id = newId();
    long now = System.currentTimeMillis();
    IdempotencyRecord claim = inProgress(id, now, "hash");
    assertThat(store.claim(claim, now, TIMEOUT)).isEmpty();

    assertThat(store.extend(claim.withInProgressExpiry(now + 900_000), TIMEOUT)).isTrue();
    assertThat(DYNAMO.item(id).get("in_progress_expiration").n()).isEqualTo(Long.toString(now + 900_000));

    assertThat(store.complete(completed(claim, now, null), TIMEOUT)).isTrue();
    assertThat(store.extend(claim.withInProgressExpiry(now + 1_800_000), TIMEOUT)).isFalse();
    assertThat(DYNAMO.item(id).get("status").s()).isEqualTo("COMPLETED");
  }

  @Test
  void everyCallIsBoundedByTheTimeItIsGiven() {
    // GIVEN a client that records each request's time bound
    List<Duration> bounds = new java.util.concurrent.CopyOnWriteArrayList<>();
    software.amazon.awssdk.core.interceptor.ExecutionInterceptor recorder =
        new software.amazon.awssdk.core.interceptor.ExecutionInterceptor() {
          @Override
          public void beforeExecution(
              software.amazon.awssdk.core.interceptor.Context.BeforeExecution context,
              software.amazon.awssdk.core.interceptor.ExecutionAttributes attributes) {
            context.request().overrideConfiguration().flatMap(o -> o.apiCallTimeout()).ifPresent(bounds::add);
          }
        };
    try (DynamoDbClient recorded =
        DYNAMO.lowLevelClient().overrideConfiguration(c -> c.addExecutionInterceptor(recorder)).build()) {
      DynamoDbIdempotencyStore bounded = new DynamoDbIdempotencyStore(recorded, DYNAMO.table());
      String id = newId();
      long now = System.currentTimeMillis();
      IdempotencyRecord claim = inProgress(id, now, null);

      // WHEN each operation is given what remains of an invocation
      bounded.claim(claim, now, Duration.ofMillis(800));
      bounded.extend(claim, Duration.ofMillis(700));
      bounded.complete(completed(claim, now, null), Duration.ofMillis(600));
      bounded.release(claim, Duration.ofMillis(500));

      // THEN each request carries that bound
      assertThat(bounds).containsExactly(
          Duration.ofMillis(800), Duration.ofMillis(700), Duration.ofMillis(600), Duration.ofMillis(500));

      // AND with no time left no request is made at all
      assertThatThrownBy(() -> bounded.claim(inProgress(newId(), now, null), now, Duration.ZERO))
          .isInstanceOf(IdempotencyStoreException.class)
          .hasMessageContaining("no time left");
      assertThat(bounds).hasSize(4);
    }
  }

  @Test
  void ofFiftyConcurrentClaimsOnOneIdExactlyOneWins() throws Exception {
    // GIVEN 50 threads ready to claim the same id, each with its own marker
    String id = newId();
    long now = System.currentTimeMillis();
    int threads = 50;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch ready = new CountDownLatch(threads);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Optional<IdempotencyRecord>>> results = new ArrayList<>();
    try {
      for (int i = 0; i < threads; i++) {
        IdempotencyRecord claim = inProgress(id, now, "thread-" + i);
        results.add(
            pool.submit(
                () -> {
                  ready.countDown();
                  go.await();
                  return store.claim(claim, now, TIMEOUT);
                }));
      }
      assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();

      // WHEN they all claim at once
      go.countDown();
      List<Optional<IdempotencyRecord>> outcomes = new ArrayList<>();
      for (Future<Optional<IdempotencyRecord>> result : results) {
        outcomes.add(result.get(30, TimeUnit.SECONDS));
      }

      // THEN exactly one claim was written, and every loser saw the winner's claim
      assertThat(outcomes.stream().filter(Optional::isEmpty)).hasSize(1);
      String winner = DYNAMO.item(id).get("validation").s();
      assertThat(outcomes.stream().flatMap(Optional::stream))
          .hasSize(threads - 1)
          .allSatisfy(
              r -> {
                assertThat(r.status()).isEqualTo(Status.INPROGRESS);
                assertThat(r.validation()).isEqualTo(winner);
              });
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void anItemThatIsNotAnIdempotencyRecordFailsClosed() {
    // GIVEN an item with an unknown status under the id
    String id = newId();
    long now = System.currentTimeMillis();
    DYNAMO.putItem(
        Map.of(
            "id", AttributeValue.fromS(id),
            "status", AttributeValue.fromS("SOMETHING_ELSE"),
            "expiration", AttributeValue.fromN(Long.toString(now / 1000 + 3600))));

    // WHEN / THEN the claim is refused with a store error, not treated as free
    assertThatThrownBy(() -> store.claim(inProgress(id, now, null), now, TIMEOUT))
        .isInstanceOf(IdempotencyStoreException.class)
        .hasMessageContaining("not an idempotency record")
        .hasMessageContaining("SOMETHING_ELSE");
  }

  @Test
  void aMissingTableIsAStoreErrorThatNamesTheTable() {
    // GIVEN a store on a table that does not exist
    try (DynamoDbIdempotencyStore wrongTable = DYNAMO.storeBuilder().tableName("no-such-table").build()) {
      long now = System.currentTimeMillis();
      String id = newId();

      // WHEN / THEN every operation fails with a message that says what to fix
      assertThatThrownBy(() -> wrongTable.claim(inProgress(id, now, null), now, TIMEOUT))
          .isInstanceOf(IdempotencyStoreException.class)
          .hasMessageContaining("'no-such-table'")
          .hasMessageContaining("does not exist")
          .hasMessageContaining("KINDLING_IDEMPOTENCY_TABLE");
      assertThatThrownBy(() -> wrongTable.complete(inProgress(id, now, null), TIMEOUT))
          .isInstanceOf(IdempotencyStoreException.class);
      assertThatThrownBy(() -> wrongTable.release(inProgress(id, now, null), TIMEOUT))
          .isInstanceOf(IdempotencyStoreException.class);
    }
  }
}
