package dev.kindling.runtime.idempotency;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A bounded, process-local store for tests and local runs. When full, the oldest record is
 * evicted first.
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
  public synchronized Optional<IdempotencyRecord> claim(IdempotencyRecord claim, long nowMillis) {
    IdempotencyRecord existing = records.get(claim.id());
    if (existing != null && !existing.isExpired(nowMillis)) {
      return Optional.of(existing);
    }
    records.remove(claim.id());
    records.put(claim.id(), claim);
    return Optional.empty();
  }

  @Override
  public synchronized void complete(IdempotencyRecord completed) {
    records.put(completed.id(), completed);
  }

  @Override
  public synchronized void release(String id) {
    records.remove(id);
  }

  /** The record stored under {@code id}, for tests. */
  public synchronized Optional<IdempotencyRecord> find(String id) {
    return Optional.ofNullable(records.get(id));
  }

  public synchronized int size() {
    return records.size();
  }
}
