package dev.kindling.runtime.internal;

import com.amazonaws.services.lambda.runtime.Context;

/**
 * Marks the start of an invocation for the structured log: every generated entry calls
 * {@link #begin} first, through its runtime helper.
 */
public final class LambdaInvocation {
  private LambdaInvocation() {}

  /** Called at the start of each invocation, on the invoking thread. */
  public static void begin(Context context) {
    // Filled by the structured logging support.
  }
}
