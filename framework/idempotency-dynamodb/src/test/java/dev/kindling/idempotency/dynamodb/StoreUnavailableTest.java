package dev.kindling.idempotency.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kindling.runtime.idempotency.IdempotencyRecord;
import dev.kindling.runtime.idempotency.IdempotencyRecord.Status;
import dev.kindling.runtime.idempotency.IdempotencyStoreException;
import java.net.URI;
import java.util.UUID;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.regions.Region;

/** A store that cannot reach DynamoDB fails every operation with an IdempotencyStoreException. */
class StoreUnavailableTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  @RegisterExtension static final DynamoDbLocalExtension DYNAMO = new DynamoDbLocalExtension();

  private static IdempotencyRecord claim(String id, long now) {
    return new IdempotencyRecord(id, Status.INPROGRESS, now / 1000 + 3600, now + 60_000, null, null, "token-" + UUID.randomUUID());
  }

  @Test
  void nothingListeningOnTheEndpointFailsEveryOperation() throws Exception {
    // GIVEN a store pointed at a port where nothing listens
    URI dead = URI.create("http://127.0.0.1:" + DynamoDbLocalExtension.freePort());
    try (DynamoDbIdempotencyStore store =
        DynamoDbIdempotencyStore.builder()
            .endpoint(dead)
            .region(Region.EU_WEST_1)
            .credentialsProvider(DynamoDbLocalExtension.FAKE_CREDENTIALS)
            .build()) {
      long now = System.currentTimeMillis();
      String id = "Orders.charge#" + UUID.randomUUID();

      // WHEN / THEN claim, complete and release each throw, naming the table and the cause
      assertThatThrownBy(() -> store.claim(claim(id, now), now, TIMEOUT))
          .isInstanceOf(IdempotencyStoreException.class)
          .hasMessageContaining("could not claim")
          .hasMessageContaining("'idempotency'")
          .hasMessageContaining("could not be reached");
      assertThatThrownBy(() -> store.complete(claim(id, now), TIMEOUT))
          .isInstanceOf(IdempotencyStoreException.class)
          .hasMessageContaining("could not complete");
      assertThatThrownBy(() -> store.release(claim(id, now), TIMEOUT))
          .isInstanceOf(IdempotencyStoreException.class)
          .hasMessageContaining("could not release");
    }
  }

  @Test
  void aStoreWhoseDynamoDbGoesAwayFailsItsNextOperation() throws Exception {
    // GIVEN a working store with a client already connected
    try (DynamoDbIdempotencyStore store = DYNAMO.storeBuilder().build()) {
      long now = System.currentTimeMillis();
      String first = "Orders.charge#" + UUID.randomUUID();
      assertThat(store.claim(claim(first, now), now, TIMEOUT)).isEmpty();

      // WHEN DynamoDB Local stops
      DYNAMO.stop();

      // THEN the next operations throw instead of passing silently
      String second = "Orders.charge#" + UUID.randomUUID();
      assertThatThrownBy(() -> store.claim(claim(second, now), now, TIMEOUT)).isInstanceOf(IdempotencyStoreException.class);
      assertThatThrownBy(() -> store.release(claim(first, now), TIMEOUT)).isInstanceOf(IdempotencyStoreException.class);
    }
  }
}
