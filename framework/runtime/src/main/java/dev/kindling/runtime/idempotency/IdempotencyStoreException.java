package dev.kindling.runtime.idempotency;

/** The store could not answer (unreachable, throttled, misconfigured): fail closed. */
public class IdempotencyStoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public IdempotencyStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
