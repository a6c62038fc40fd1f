package dev.kindling.runtime.internal;

import java.util.List;

/**
 * Input that can never succeed as sent: malformed JSON, a wrong type, a failed constraint or a
 * missing parameter. HTTP entries answer 400; batch entries report the record as failed.
 * The message names the problem and each field at fault ({@code Invalid JSON payload: lines[2].quantity
 * cannot be read as a number}), so a direct invocation's caller, who sees only the message, learns
 * what to fix; it never echoes the input, which may hold secrets.
 */
public final class InvalidInputException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient List<Violation> violations;
  private final String detail;

  public InvalidInputException(String message, List<Violation> violations) {
    super(withFields(message, violations), null, false, false);
    this.violations = List.copyOf(violations);
    this.detail = message;
  }

  public InvalidInputException(String message) {
    this(message, List.of());
  }

  public List<Violation> violations() {
    return violations;
  }

  /** The problem without its fields: an HTTP problem lists those as {@code violations}. */
  public String detail() {
    return detail;
  }

  private static String withFields(String message, List<Violation> violations) {
    if (violations.isEmpty()) {
      return message;
    }
    StringBuilder text = new StringBuilder(message);
    String separator = ": ";
    for (Violation violation : violations) {
      text.append(separator).append(violation.field()).append(' ').append(violation.message());
      separator = "; ";
    }
    return text.toString();
  }

  /** One failed field: the property path and what is wrong with it. */
  public record Violation(String field, String message) {}
}
