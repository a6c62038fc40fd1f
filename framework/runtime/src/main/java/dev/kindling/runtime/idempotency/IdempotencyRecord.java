package dev.kindling.runtime.idempotency;

/**
 * One item of the idempotency table, in the layout AWS Lambda Powertools uses, so existing
 * Powertools tables keep working: {@code id}, {@code status}, {@code expiration} (epoch seconds,
 * the TTL attribute), {@code in_progress_expiration} (epoch milliseconds; Powertools' attribute name), {@code data} (the stored
 * result as JSON) and {@code validation} (hash of the payload).
 */
public record IdempotencyRecord(
    String id,
    Status status,
    long expiration,
    long inProgressExpiry,
    String data,
    String validation) {

  /** Where the guarded call is. */
  public enum Status {
    INPROGRESS,
    COMPLETED
  }

  /** Whether the item no longer guards anything at {@code nowMillis}. */
  public boolean isExpired(long nowMillis) {
    return expiration * 1000 <= nowMillis
        || (status == Status.INPROGRESS && inProgressExpiry > 0 && inProgressExpiry <= nowMillis);
  }
}
