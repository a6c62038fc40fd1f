package dev.kindling.runtime.idempotency;

/**
 * One item of the idempotency table, in the layout AWS Lambda Powertools uses, so existing
 * Powertools tables keep working: {@code id}, {@code status}, {@code expiration} (epoch seconds,
 * the TTL attribute), {@code in_progress_expiration} (epoch milliseconds; Powertools' attribute
 * name), {@code data} (the stored result as JSON) and {@code validation} (hash of the payload).
 *
 * <p>{@code claimToken} fences a claim: it is unique to the call that claimed the key, and a
 * store completes, extends or releases a claim only while the stored item still carries that
 * token. A call whose claim has since expired and been taken by another invocation can
 * therefore no longer overwrite or delete the newer claim. Powertools ignores the attribute.
 */
public record IdempotencyRecord(
    String id,
    Status status,
    long expiration,
    long inProgressExpiry,
    String data,
    String validation,
    String claimToken) {

  /** Where the guarded call is. */
  public enum Status {
    INPROGRESS,
    COMPLETED
  }

  /** A record without a claim token, as Powertools writes them. */
  public IdempotencyRecord(
      String id, Status status, long expiration, long inProgressExpiry, String data, String validation) {
    this(id, status, expiration, inProgressExpiry, data, validation, null);
  }

  /** Whether the item no longer guards anything at {@code nowMillis}. */
  public boolean isExpired(long nowMillis) {
    return expiration * 1000 <= nowMillis
        || (status == Status.INPROGRESS && inProgressExpiry > 0 && inProgressExpiry <= nowMillis);
  }

  /** Whether {@code stored} is still this claim: the same claim token. */
  public boolean isHeldIn(IdempotencyRecord stored) {
    return stored != null && claimToken != null && claimToken.equals(stored.claimToken());
  }

  /**
   * This claim with its in-progress expiry moved to {@code inProgressExpiryMillis}, and its
   * expiration moved as far if it was sooner: an item past its expiration is free whatever its
   * status.
   */
  public IdempotencyRecord withInProgressExpiry(long inProgressExpiryMillis) {
    long expiresAt = Math.max(expiration, Math.floorDiv(inProgressExpiryMillis + 999, 1000));
    return new IdempotencyRecord(id, status, expiresAt, inProgressExpiryMillis, data, validation, claimToken);
  }
}
