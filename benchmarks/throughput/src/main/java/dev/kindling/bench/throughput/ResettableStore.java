package dev.kindling.bench.throughput;

import dev.kindling.runtime.idempotency.IdempotencyRecord;
import dev.kindling.runtime.idempotency.IdempotencyStore;
import dev.kindling.runtime.idempotency.InMemoryIdempotencyStore;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Optional;

/**
 * The in-memory store, emptied whenever the benchmark reuses its batches, so every measured
 * record claims and completes a key instead of replaying one.
 */
@Singleton
public class ResettableStore implements IdempotencyStore {
  /** Every key of the batches between two resets stays live: the store must hold them all. */
  private static final int CAPACITY = 100_000;

  private volatile InMemoryIdempotencyStore delegate = new InMemoryIdempotencyStore(CAPACITY);

  void reset() {
    delegate = new InMemoryIdempotencyStore(CAPACITY);
  }

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
}
