package dev.kindling.runtime.idempotency;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A bounded, process-local store for tests and local runs. When full, the oldest record is
 * evicted first. Duplicates delivered to another execution environment are not detected.
 */
public final class InMemoryIdempotencyStore implements IdempotencyStore {
  private static final int DEFAULT_CAPACITY = 10_000;

  private final Map<String, IdempotencyRecord> records;

  public InMemoryIdempotencyStore() {
    this(DEFAULT_CAPACITY);
  }

  public InMemoryIdempotencyStore(int capacity) {
    this.records =
        new LinkedHashMap<>(16, 0.75f, false) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<String, IdempotencyRecord> eldest) {
            return size() > capacity;
          }
        };
  }

  @Override
  public synchronized Optional<IdempotencyRecord> claim(IdempotencyRecord claim, long nowMillis, Duration timeout) {
    IdempotencyRecord existing = records.get(claim.id());
    if (existing != null && !existing.isExpired(nowMillis)) {
      return Optional.of(existing);
    }
    records.remove(claim.id());
    records.put(claim.id(), claim);
    return Optional.empty();
  }

  @Override
  public synchronized boolean extend(IdempotencyRecord claim, Duration timeout) {
    IdempotencyRecord stored = records.get(claim.id());
    if (!claim.isHeldIn(stored) || stored.status() != IdempotencyRecord.Status.INPROGRESS) {
      return false;
    }
    records.put(claim.id(), claim);
    return true;
  }

  @Override
  public synchronized boolean complete(IdempotencyRecord completed, Duration timeout) {
    if (!completed.isHeldIn(records.get(completed.id()))) {
      return false;
    }
    records.put(completed.id(), completed);
    return true;
  }

  @Override
  public synchronized boolean release(IdempotencyRecord claim, Duration timeout) {
    if (!claim.isHeldIn(records.get(claim.id()))) {
      return false;
    }
    records.remove(claim.id());
    return true;
  }

  /** The record stored under {@code id}, for tests. */
  public synchronized Optional<IdempotencyRecord> find(String id) {
    return Optional.ofNullable(records.get(id));
  }

  public synchronized int size() {
    return records.size();
  }
}
