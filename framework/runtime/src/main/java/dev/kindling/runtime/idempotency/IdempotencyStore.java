package dev.kindling.runtime.idempotency;

import java.util.Optional;

/**
 * Where idempotency records live. Provide one as a bean to use it; without one, a process-local
 * {@link InMemoryIdempotencyStore} is used (fine for tests and local runs, not for production,
 * where duplicates arrive in other execution environments).
 *
 * <p>Every method throws {@link IdempotencyStoreException} when the store cannot answer; the
 * guarded method then does not run.
 */
public interface IdempotencyStore {
  /**
   * Writes {@code claim} (status INPROGRESS) unless a live record with the same id exists,
   * atomically. Returns empty when the claim was written, or the live record that prevented it.
   * A record is live unless {@link IdempotencyRecord#isExpired} at {@code nowMillis}.
   */
  Optional<IdempotencyRecord> claim(IdempotencyRecord claim, long nowMillis);

  /** Replaces the claim with its COMPLETED record. */
  void complete(IdempotencyRecord completed);

  /** Deletes the claim so a retry can run. */
  void release(String id);
}
