package dev.kindling.runtime.internal;

/** Which errors of a record or a request end the invocation instead of only that record or request. */
final class Fatal {
  private Fatal() {}

  /**
   * Rethrows out of memory and other {@link VirtualMachineError}s: the execution environment is in
   * doubt, so the invocation fails with them. A {@link StackOverflowError} is the failing code's
   * own and returns, as does anything else.
   */
  static void rethrow(Throwable e) {
    if (e instanceof VirtualMachineError error && !(e instanceof StackOverflowError)) {
      throw error;
    }
  }
}
