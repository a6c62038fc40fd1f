package dev.kindling.bench.throughput;

import dev.kindling.runtime.idempotency.IdempotencyRecord;
import dev.kindling.runtime.idempotency.IdempotencyStore;
import dev.kindling.runtime.idempotency.InMemoryIdempotencyStore;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * The in-memory store, emptied whenever the benchmark reuses its batches, so every measured
 * record claims and completes a key instead of replaying one.
 */
@Singleton
public class ResettableStore implements IdempotencyStore {
  private volatile InMemoryIdempotencyStore delegate = new InMemoryIdempotencyStore();

  void reset() {
    delegate = new InMemoryIdempotencyStore();
  }

  @Override
  public Optional<IdempotencyRecord> claim(IdempotencyRecord claim, long nowMillis) {
    return delegate.claim(claim, nowMillis);
  }

  @Override
  public void complete(IdempotencyRecord completed) {
    delegate.complete(completed);
  }

  @Override
  public void release(String id) {
    delegate.release(id);
  }
}
