package dev.kindling.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BeanValidationTest {
  record Line(@NotBlank String sku, @Positive int quantity) {}

  /** A payload type that is also the collection of its lines. */
  record Basket(@NotBlank String owner, List<Line> lines) implements Iterable<Line> {
    @Override
    public Iterator<Line> iterator() {
      return lines.iterator();
    }
  }

  private static List<InvalidInputException.Violation> violations(Object payload) {
    try {
      BeanValidation.validate(payload);
      return List.of();
    } catch (InvalidInputException e) {
      return e.violations();
    }
  }

  @Test
  void everyElementOfAContainerIsValidatedAndAMapKeyIsNeverEchoed() {
    List<Line> lines = Arrays.asList(new Line("a", 1), new Line("", 2), null);
    Map<String, Line> byCard = new LinkedHashMap<>();
    byCard.put("4111111111111111", new Line("b", 0));

    assertThat(violations(lines)).extracting(InvalidInputException.Violation::field).containsExactly("[1].sku", "[2]");
    assertThat(violations(lines.toArray(new Line[0]))).extracting(InvalidInputException.Violation::field)
        .containsExactly("[1].sku", "[2]");
    assertThat(violations(Optional.of(new Line("c", -1)))).extracting(InvalidInputException.Violation::field)
        .containsExactly("quantity");
    assertThat(violations(byCard)).extracting(InvalidInputException.Violation::field).containsExactly("<key>.quantity");
    assertThat(violations(List.of(new Line("d", 3)))).isEmpty();
  }

  @Test
  void aPayloadTypeThatIsAlsoACollectionKeepsItsOwnConstraints() {
    Basket basket = new Basket(" ", List.of(new Line("e", 0)));

    assertThat(violations(basket)).extracting(InvalidInputException.Violation::field).containsExactly("[0].quantity", "owner");
  }

  @Test
  void aMissingPayloadIsAViolation() {
    assertThatThrownBy(() -> BeanValidation.validate(null)).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("Payload is required");
  }
}
