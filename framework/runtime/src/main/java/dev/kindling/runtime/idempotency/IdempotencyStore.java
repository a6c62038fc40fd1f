package dev.kindling.runtime.idempotency;

import java.time.Duration;
import java.util.Optional;

/**
 * Where idempotency records live. Provide one as a bean to use it. Without one, a process-local
 * {@link InMemoryIdempotencyStore} is used in tests and local runs; in a Lambda environment the
 * function then fails to initialize unless {@code KINDLING_IDEMPOTENCY_STORE=memory} accepts
 * idempotency per execution environment.
 *
 * <p>Every claim carries a {@link IdempotencyRecord#claimToken() claim token}. {@link #extend},
 * {@link #complete} and {@link #release} act only while the stored item still carries the token of
 * the claim they are given, atomically, and return {@code false} when it does not (the claim
 * expired and another invocation took the key): a late caller never overwrites or deletes a newer
 * claim.
 *
 * <p>Each call is given the time it may take; a store bounds its remote calls by it. Every method
 * throws {@link IdempotencyStoreException} when the store cannot answer; the guarded method then
 * does not run.
 */
public interface IdempotencyStore {
  /**
   * Writes {@code claim} (status INPROGRESS) unless a live record with the same id exists,
   * atomically. Returns empty when the claim was written, or the live record that prevented it.
   * A record is live unless {@link IdempotencyRecord#isExpired} at {@code nowMillis}.
   */
  Optional<IdempotencyRecord> claim(IdempotencyRecord claim, long nowMillis, Duration timeout);

  /**
   * Replaces the claim with {@code claim} (the same claim with a later in-progress expiry) if the
   * stored item is still that claim and still INPROGRESS; returns whether it did.
   */
  boolean extend(IdempotencyRecord claim, Duration timeout);

  /** Replaces the claim with {@code completed} (COMPLETED, same claim token) if the stored item is still that claim; returns whether it did. */
  boolean complete(IdempotencyRecord completed, Duration timeout);

  /** Deletes the claim if the stored item is still that claim, so a retry can run; returns whether it did. */
  boolean release(IdempotencyRecord claim, Duration timeout);
}
