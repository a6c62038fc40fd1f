package dev.kindling.idempotency.dynamodb;

import dev.kindling.runtime.idempotency.IdempotencyRecord;
import dev.kindling.runtime.idempotency.IdempotencyStore;
import dev.kindling.runtime.idempotency.InMemoryIdempotencyStore;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.condition.Condition;
import io.micronaut.context.condition.ConditionContext;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Optional;

/**
 * An application's own store bean. It exists only while the system property {@link #ENABLED}
 * is set, so the other tests see the module's store alone.
 */
@Singleton
@Requires(condition = ApplicationStore.Enabled.class)
public class ApplicationStore implements IdempotencyStore {
  static final String ENABLED = "kindling.test.application-store";

  private final InMemoryIdempotencyStore delegate = new InMemoryIdempotencyStore();

  @Override
  public Optional<IdempotencyRecord> claim(IdempotencyRecord claim, long nowMillis, Duration timeout) {
    return delegate.claim(claim, nowMillis, timeout);
  }

  @Override
  public boolean extend(IdempotencyRecord claim, Duration timeout) {
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

  /** True while the test sets the property. */
  public static final class Enabled implements Condition {
    @Override
    public boolean matches(ConditionContext context) {
      return Boolean.getBoolean(ENABLED);
    }
  }
}
