package dev.kindling.idempotency.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kindling.runtime.idempotency.IdempotencyRecord;
import dev.kindling.runtime.idempotency.IdempotencyRecord.Status;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Both directions of compatibility with AWS Lambda Powertools (Java 2.x and Python 3.x, default
 * attribute names): Kindling reads the items Powertools writes, and Powertools' own conditional
 * put treats the items Kindling writes as it treats its own.
 */
class PowertoolsCompatibilityTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  @RegisterExtension static final DynamoDbLocalExtension DYNAMO = new DynamoDbLocalExtension("powertools_idempotency");

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
    return "orders-function.charge#" + UUID.randomUUID().toString().replace("-", "");
  }

  private static IdempotencyRecord claimAt(String id, long now) {
    return new IdempotencyRecord(id, Status.INPROGRESS, now / 1000 + 3600, now + 30_000, null, "kindling-hash", "kindling-token-" + UUID.randomUUID());
  }

  @Test
  void kindlingReadsAnInProgressItemWrittenByPowertools() {
    // GIVEN an item as Powertools' putRecord writes it while the first invocation runs
    String id = newId();
    long now = System.currentTimeMillis();
    DYNAMO.putItem(
        Map.of(
            "id", AttributeValue.fromS(id),
            "expiration", AttributeValue.fromN(Long.toString(now / 1000 + 3600)),
            "status", AttributeValue.fromS("INPROGRESS"),
            "in_progress_expiration", AttributeValue.fromN(Long.toString(now + 120_000)),
            "validation", AttributeValue.fromS("5d41402abc4b2a76b9719d911017c592")));

    // WHEN Kindling claims the same key
    Optional<IdempotencyRecord> blocking = store.claim(claimAt(id, now), now, TIMEOUT);

    // THEN it is blocked, and reads every attribute of the Powertools item
    assertThat(blocking)
        .contains(
            new IdempotencyRecord(
                id, Status.INPROGRESS, now / 1000 + 3600, now + 120_000, null, "5d41402abc4b2a76b9719d911017c592"));
  }

  @Test
  void kindlingReadsACompletedItemWrittenByPowertools() {
    // GIVEN an item after Powertools' putRecord + updateRecord: COMPLETED, data as a JSON string,
    // and the in_progress_expiration that UpdateItem left in place (long past)
    String id = newId();
    long now = System.currentTimeMillis();
    DYNAMO.putItem(
        Map.of(
            "id", AttributeValue.fromS(id),
            "expiration", AttributeValue.fromN(Long.toString(now / 1000 + 3600)),
            "status", AttributeValue.fromS("COMPLETED"),
            "in_progress_expiration", AttributeValue.fromN(Long.toString(now - 600_000)),
            "data", AttributeValue.fromS("{\"orderId\":\"o-1\",\"charged\":true}"),
            "validation", AttributeValue.fromS("abc123")));

    // WHEN Kindling claims the key
    Optional<IdempotencyRecord> blocking = store.claim(claimAt(id, now), now, TIMEOUT);

    // THEN it gets the completed record with the stored result, and the item is untouched
    assertThat(blocking)
        .contains(
            new IdempotencyRecord(
                id, Status.COMPLETED, now / 1000 + 3600, now - 600_000, "{\"orderId\":\"o-1\",\"charged\":true}", "abc123"));
    assertThat(DYNAMO.item(id).get("status").s()).isEqualTo("COMPLETED");
  }

  @Test
  void kindlingTakesOverAPowertoolsClaimWhoseInvocationCrashed() {
    // GIVEN a Powertools INPROGRESS item whose in_progress_expiration has passed
    String id = newId();
    long now = System.currentTimeMillis();
    DYNAMO.putItem(
        Map.of(
            "id", AttributeValue.fromS(id),
            "expiration", AttributeValue.fromN(Long.toString(now / 1000 + 3600)),
            "status", AttributeValue.fromS("INPROGRESS"),
            "in_progress_expiration", AttributeValue.fromN(Long.toString(now - 1_000))));

    // WHEN / THEN Kindling's claim succeeds
    assertThat(store.claim(claimAt(id, now), now, TIMEOUT)).isEmpty();
    assertThat(DYNAMO.item(id).get("validation").s()).isEqualTo("kindling-hash");
  }

  @Test
  void powertoolsConditionalPutIsBlockedByALiveKindlingClaim() {
    // GIVEN a live claim written by Kindling
    String id = newId();
    long now = System.currentTimeMillis();
    assertThat(store.claim(claimAt(id, now), now, TIMEOUT)).isEmpty();

    // WHEN Powertools (Java) runs its putRecord on the same key
    // THEN its condition fails: Powertools sees the key as in progress
    assertThatThrownBy(() -> powertoolsPutRecord(id, now))
        .isInstanceOfSatisfying(
            ConditionalCheckFailedException.class,
            e -> assertThat(e.item().get("in_progress_expiration").n()).isEqualTo(Long.toString(now + 30_000)));
  }

  @Test
  void powertoolsConditionalPutTakesOverAnExpiredKindlingClaim() {
    // GIVEN a Kindling claim whose in-progress expiry has passed
    String id = newId();
    long claimedAt = System.currentTimeMillis() - 60_000;
    assertThat(store.claim(claimAt(id, claimedAt), claimedAt, TIMEOUT)).isEmpty();

    // WHEN Powertools runs its putRecord now
    powertoolsPutRecord(id, System.currentTimeMillis());

    // THEN Powertools owns the key: it found Kindling's in-progress expiry under its attribute name
    assertThat(DYNAMO.item(id).get("validation").s()).isEqualTo("powertools-hash");
  }

  /** The request Powertools for Java 2.x DynamoDBPersistenceStore.putRecord sends, default attribute names. */
  private static void powertoolsPutRecord(String id, long nowMillis) {
    DYNAMO
        .client()
        .putItem(
            b ->
                b.tableName(DYNAMO.table())
                    .item(
                        Map.of(
                            "id", AttributeValue.fromS(id),
                            "expiration", AttributeValue.fromN(Long.toString(nowMillis / 1000 + 3600)),
                            "status", AttributeValue.fromS("INPROGRESS"),
                            "in_progress_expiration", AttributeValue.fromN(Long.toString(nowMillis + 30_000)),
                            "validation", AttributeValue.fromS("powertools-hash")))
                    .conditionExpression(
                        "attribute_not_exists(#id) OR #expiry < :now OR (attribute_exists(#in_progress_expiry)"
                            + " AND #in_progress_expiry < :now_milliseconds AND #status = :inprogress)")
                    .expressionAttributeNames(
                        Map.of(
                            "#id", "id",
                            "#expiry", "expiration",
                            "#in_progress_expiry", "in_progress_expiration",
                            "#status", "status"))
                    .expressionAttributeValues(
                        Map.of(
                            ":now", AttributeValue.fromN(Long.toString(nowMillis / 1000)),
                            ":now_milliseconds", AttributeValue.fromN(Long.toString(nowMillis)),
                            ":inprogress", AttributeValue.fromS("INPROGRESS")))
                    .returnValuesOnConditionCheckFailure("ALL_OLD"));
  }
}
