package dev.kindling.runtime.idempotency;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A bounded, process-local store for tests, local runs and {@code KINDLING_IDEMPOTENCY_STORE=memory}.
 * Duplicates delivered to another execution environment are not detected. A live record (in
 * progress, or completed and not yet expired) is never evicted: when the store is full, expired
 * records are dropped, and if none has expired, a new claim fails closed ({@link
 * IdempotencyStoreException}: the method does not run) rather than forget a key.
 */
public final class InMemoryIdempotencyStore implements IdempotencyStore {
  /** How many live records the store holds unless told otherwise. */
  public static final int DEFAULT_CAPACITY = 10_000;

  private final Map<String, IdempotencyRecord> records = new LinkedHashMap<>();
  private final int capacity;

  public InMemoryIdempotencyStore() {
    this(DEFAULT_CAPACITY);
  }

  public InMemoryIdempotencyStore(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1");
    }
    this.capacity = capacity;
  }

  @Override
  public synchronized Optional<IdempotencyRecord> claim(IdempotencyRecord claim, long nowMillis, Duration timeout) {
    IdempotencyRecord existing = records.get(claim.id());
    if (existing != null && !existing.isExpired(nowMillis)) {
      return Optional.of(existing);
    }
    records.remove(claim.id());
    if (records.size() >= capacity) {
      records.values().removeIf(record -> record.isExpired(nowMillis));
      if (records.size() >= capacity) {
        throw new IdempotencyStoreException(
            "The in-memory idempotency store holds " + capacity + " keys that have not expired; it forgets none of"
                + " them, so the method does not run. Use a shorter expiry or a DynamoDB store.",
            null);
      }
    }
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
