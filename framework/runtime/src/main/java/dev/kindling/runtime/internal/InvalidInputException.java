package dev.kindling.runtime.internal;

import java.util.List;

/**
 * Input that can never succeed as sent: malformed JSON, a wrong type, a failed constraint or a
 * missing parameter. HTTP entries answer 400; batch entries report the record as failed.
 * The message names the problem but never echoes the input, which may hold secrets.
 */
public final class InvalidInputException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient List<Violation> violations;

  public InvalidInputException(String message, List<Violation> violations) {
    super(message, null, false, false);
    this.violations = List.copyOf(violations);
  }

  public InvalidInputException(String message) {
    this(message, List.of());
  }

  public List<Violation> violations() {
    return violations;
  }

  /** One failed field: the property path and what is wrong with it. */
  public record Violation(String field, String message) {}
}
