package dev.kindling.runtime.idempotency;

/**
 * A guarded call did not run: a duplicate is still in progress (HTTP 409), the same key came
 * with a different payload (HTTP 422), or the store could not be reached (HTTP 503). In a batch,
 * the record is reported failed and retried.
 */
public class IdempotencyException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why the call did not run. */
  public enum Reason {
    IN_PROGRESS(409),
    PAYLOAD_MISMATCH(422),
    STORE_UNAVAILABLE(503),
    KEY_MISSING(400);

    private final int httpStatus;

    Reason(int httpStatus) {
      this.httpStatus = httpStatus;
    }

    public int httpStatus() {
      return httpStatus;
    }
  }

  private final Reason reason;

  public IdempotencyException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
