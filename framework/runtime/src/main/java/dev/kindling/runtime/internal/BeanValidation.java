package dev.kindling.runtime.internal;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Jakarta Validation for {@code @Valid} payloads. The validator is built on first use, so
 * handlers without {@code @Valid} never load a provider.
 */
public final class BeanValidation {
  private BeanValidation() {}

  /** Throws {@link InvalidInputException} listing every violation, sorted by field. */
  public static <T> T validate(T payload) {
    if (payload == null) {
      throw new InvalidInputException(
          "Payload is required", List.of(new InvalidInputException.Violation("", "must not be null")));
    }
    Set<ConstraintViolation<T>> found = Holder.VALIDATOR.validate(payload);
    if (found.isEmpty()) {
      return payload;
    }
    List<InvalidInputException.Violation> violations = new ArrayList<>(found.size());
    for (ConstraintViolation<T> violation : found) {
      violations.add(
          new InvalidInputException.Violation(
              violation.getPropertyPath().toString(), violation.getMessage()));
    }
    violations.sort(
        Comparator.comparing(InvalidInputException.Violation::field)
            .thenComparing(InvalidInputException.Violation::message));
    throw new InvalidInputException("Validation failed", violations);
  }

  private static final class Holder {
    /**
     * The parameter interpolator resolves {@code {min}}-style message parameters without an
     * expression-language implementation, which keeps init small.
     */
    static final Validator VALIDATOR =
        Validation.byDefaultProvider()
            .configure()
            .messageInterpolator(
                new org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator())
            .buildValidatorFactory()
            .getValidator();
  }
}
