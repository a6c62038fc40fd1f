package dev.kindling.sample.documented.edges;

import static dev.kindling.sample.documented.edges.EdgeSupport.event;
import static dev.kindling.sample.documented.edges.EdgeSupport.failures;
import static dev.kindling.sample.documented.edges.EdgeSupport.invoke;
import static dev.kindling.sample.documented.edges.EdgeSupport.sqsRecord;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kindling.runtime.idempotency.IdempotencyRecord;
import dev.kindling.runtime.idempotency.IdempotencyStore;
import dev.kindling.runtime.idempotency.InMemoryIdempotencyStore;
import dev.kindling.runtime.internal.IdempotencyGuard;
import dev.kindling.test.TestContext;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Round 3: a straggler at the deadline margin when the store is slow (throttled, retrying). */
class EdgeStragglerTest {
  /** An in-memory store whose extend takes as long as a throttled DynamoDB call with SDK retries (~2 s). */
  static final class SlowExtendStore implements IdempotencyStore {
    final InMemoryIdempotencyStore delegate = new InMemoryIdempotencyStore();

    @Override
    public Optional<IdempotencyRecord> claim(IdempotencyRecord claim, long nowMillis, Duration timeout) {
      return delegate.claim(claim, nowMillis, timeout);
    }

    @Override
    public boolean extend(IdempotencyRecord claim, Duration timeout) {
      long end = System.currentTimeMillis() + Math.min(2_000, timeout.toMillis());
      while (System.currentTimeMillis() < end) {
        try {
          Thread.sleep(10);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      return delegate.extend(claim, timeout);
    }

    @Override
    public boolean complete(IdempotencyRecord completed, Duration timeout) {
      return delegate.complete(completed, timeout);
    }

    @Override
    public boolean release(IdempotencyRecord claim, Duration timeout) {
      return delegate.release(claim, timeout);
    }
  }

  /**
   * README: records still running at the margin are reported "instead of letting the invocation time
   * out". Extending the straggler's claim must not itself take the invocation past its deadline.
   */
  @Test
  void extendingAStragglersClaimDoesNotRunPastTheDeadline() throws Exception {
    for (Field field : EdgeHandlers_ParallelSlowStoreSqsHandler.class.getDeclaredFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getType() == IdempotencyGuard.class) {
        field.setAccessible(true);
        ((IdempotencyGuard) field.get(null)).withStore(new SlowExtendStore());
      }
    }
    String u = UUID.randomUUID().toString();
    long remaining = 1_400;
    long start = System.currentTimeMillis();
    JsonNode response = invoke(new EdgeHandlers_ParallelSlowStoreSqsHandler(),
        event(sqsRecord("s-" + u, "{\"orderId\":\"s-" + u + "\",\"sleepMillis\":3000}")),
        TestContext.withRemainingMillis(remaining));
    long took = System.currentTimeMillis() - start;
    assertThat(failures(response)).containsExactly("s-" + u);
    assertThat(took).as("the invocation had " + remaining + " ms; Lambda would have timed it out").isLessThan(remaining);
    Thread.sleep(2_000);
  }
}
