package dev.kindling.runtime.idempotency;

/**
 * A guarded call did not run, or ran but its result cannot be returned: a duplicate is still in
 * progress (HTTP 409), the same key came with a different request (HTTP 422), the store could not
 * be reached or there was no time left to ask it (HTTP 503), the key or the caller it is scoped to
 * is missing (HTTP 400, 401), or a completed call's result could not be stored (HTTP 500). In a
 * batch, the record is reported failed and retried.
 */
public class IdempotencyException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why the call did not run. */
  public enum Reason {
    IN_PROGRESS(409),
    PAYLOAD_MISMATCH(422),
    STORE_UNAVAILABLE(503),
    /** Too little of the invocation remains to ask the store; the method does not run. */
    DEADLINE(503),
    KEY_MISSING(400),
    /** The key completed before, but its result could not be stored: it is not run again. */
    RESULT_UNAVAILABLE(500);

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
