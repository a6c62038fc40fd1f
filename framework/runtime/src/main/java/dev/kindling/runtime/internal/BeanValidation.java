package dev.kindling.runtime.internal;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Path;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Jakarta Validation for {@code @Valid} payloads. The validator is built on first use, so
 * handlers without {@code @Valid} never load a provider.
 */
public final class BeanValidation {
  private BeanValidation() {}

  /**
   * Throws {@link InvalidInputException} listing every violation, sorted by field. A container
   * payload ({@code List<Order>}, {@code Order[]}, {@code Optional<Order>}, a map's values) is
   * validated element by element, as {@code @Valid} on a container means: validating the
   * container object itself checks nothing.
   */
  public static <T> T validate(T payload) {
    if (payload == null) {
      throw new InvalidInputException(
          "Payload is required", List.of(new InvalidInputException.Violation("", "must not be null")));
    }
    List<InvalidInputException.Violation> violations = new ArrayList<>();
    collect(payload, "", violations);
    if (violations.isEmpty()) {
      return payload;
    }
    violations.sort(
        Comparator.comparing(InvalidInputException.Violation::field)
            .thenComparing(InvalidInputException.Violation::message));
    throw new InvalidInputException("Validation failed", violations);
  }

  private static void collect(Object value, String path, List<InvalidInputException.Violation> violations) {
    if (value instanceof Optional<?> optional) {
      optional.ifPresent(present -> collect(present, path, violations));
      return;
    }
    if (value instanceof Iterable<?> elements) {
      int index = 0;
      for (Object element : elements) {
        element(element, path + "[" + index++ + "]", violations);
      }
    } else if (value instanceof Object[] elements) {
      for (int i = 0; i < elements.length; i++) {
        element(elements[i], path + "[" + i + "]", violations);
      }
    } else if (value instanceof Map<?, ?> map) {
      // A map key is the client's data: never echoed in a field path.
      for (Object element : map.values()) {
        element(element, join(path, "<key>"), violations);
      }
    }
    // A JDK type (a List, a String) has no constraints of its own; any other type does, one that
    // is also a collection of its elements included.
    if (!value.getClass().isArray() && !value.getClass().getName().startsWith("java.")) {
      for (ConstraintViolation<Object> violation : Holder.VALIDATOR.validate(value)) {
        violations.add(
            new InvalidInputException.Violation(
                join(path, field(violation.getPropertyPath())), violation.getMessage()));
      }
    }
  }

  private static void element(Object element, String path, List<InvalidInputException.Violation> violations) {
    if (element == null) {
      violations.add(new InvalidInputException.Violation(path, "must not be null"));
    } else {
      collect(element, path, violations);
    }
  }

  /**
   * {@code lines[2].quantity}: names and list indexes as they are; a map key is the client's data
   * (a card number, say), written {@code <key>}, never echoed.
   */
  private static String field(Path path) {
    StringBuilder field = new StringBuilder();
    for (Path.Node node : path) {
      if (node.getKey() != null) {
        field.append(field.length() == 0 ? "" : ".").append("<key>");
      } else if (node.getIndex() != null) {
        field.append('[').append(node.getIndex()).append(']');
      }
      String name = node.getName();
      if (name != null && !name.isEmpty() && !name.startsWith("<")) {
        field.append(field.length() == 0 ? "" : ".").append(name);
      }
    }
    return field.toString();
  }

  private static String join(String path, String property) {
    if (path.isEmpty() || property.isEmpty()) {
      return path + property;
    }
    return property.startsWith("[") ? path + property : path + "." + property;
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
