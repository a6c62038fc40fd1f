package dev.kindling.runtime.internal;

import com.amazonaws.services.lambda.runtime.Context;

/**
 * Stops a batch before the invocation times out: a timeout would retry the whole batch,
 * including records that already succeeded. Records not started once less than the margin
 * remains are reported failed instead. The margin is {@code KINDLING_DEADLINE_MARGIN_MS}
 * (default 1000 ms).
 */
final class Deadline {
  static final long DEFAULT_MARGIN_MILLIS = 1_000;
  private static final long MARGIN_MILLIS = marginFromEnvironment();

  private final Context context;

  Deadline(Context context) {
    this.context = context;
  }

  /** {@code KINDLING_DEADLINE_MARGIN_MS}. */
  static long marginMillis() {
    return MARGIN_MILLIS;
  }

  /** Whether there is still time to start another record. */
  boolean allowsAnotherRecord() {
    return context == null || context.getRemainingTimeInMillis() >= MARGIN_MILLIS;
  }

  /** Milliseconds to wait for started records before reporting them failed. */
  long millisBeforeMargin() {
    return context == null ? Long.MAX_VALUE : Math.max(0, context.getRemainingTimeInMillis() - MARGIN_MILLIS);
  }

  private static long marginFromEnvironment() {
    String value = System.getenv("KINDLING_DEADLINE_MARGIN_MS");
    if (value == null || value.isBlank()) {
      return DEFAULT_MARGIN_MILLIS;
    }
    try {
      return Math.max(0, Long.parseLong(value.trim()));
    } catch (NumberFormatException e) {
      throw new IllegalStateException("KINDLING_DEADLINE_MARGIN_MS must be a number of milliseconds, not " + value);
    }
  }
}
