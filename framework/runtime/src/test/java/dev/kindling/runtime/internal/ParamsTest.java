package dev.kindling.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class ParamsTest {
  enum Color { RED, GREEN }

  @Test
  void convertsEachSupportedType() {
    assertThat(Params.toInt(" 42", "query parameter 'n'")).isEqualTo(42);
    assertThat(Params.toInteger(null, "query parameter 'n'")).isNull();
    assertThat(Params.toLong("9000000000", "d")).isEqualTo(9_000_000_000L);
    assertThat(Params.toBoolean("TRUE", "d")).isTrue();
    assertThat(Params.toDoubleObject("1.5", "d")).isEqualTo(1.5);
    assertThat(Params.toUuid("123e4567-e89b-12d3-a456-426614174000", "d"))
        .isEqualTo(UUID.fromString("123e4567-e89b-12d3-a456-426614174000"));
    assertThat(Params.toEnum("green", "d", Color.class)).isEqualTo(Color.GREEN);
  }

  @Test
  void missingPrimitiveIsRequired() {
    assertThatThrownBy(() -> Params.toInt(null, "query parameter 'limit'"))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e -> {
              assertThat(e.detail()).isEqualTo("Missing query parameter 'limit'");
              assertThat(e.getMessage()).isEqualTo("Missing query parameter 'limit': limit is required");
              assertThat(e.violations()).containsExactly(new InvalidInputException.Violation("limit", "is required"));
            });
  }

  @Test
  void unconvertibleTextNamesTheParameter() {
    assertThatThrownBy(() -> Params.toBoolean("yes", "header 'x-dry-run'"))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e -> assertThat(e.violations()).containsExactly(new InvalidInputException.Violation("x-dry-run", "must be true or false")));
    assertThatThrownBy(() -> Params.toEnum("BLUE", "query parameter 'color'", Color.class))
        .hasMessage("Invalid query parameter 'color': color must be one of [RED, GREEN]");
  }

  @Test
  void integersAreSignedAsciiDigitsOnly() {
    assertThat(Params.toInt("-7", "d")).isEqualTo(-7);
    assertThat(Params.toLong("+12", "d")).isEqualTo(12L);
    for (String text : new String[] {"\u0665\u0660", "1.0", "1e3", "0x10", "+", "-", "", "1_000", "12L"}) {
      assertThatThrownBy(() -> Params.toInt(text, "query parameter 'limit'"))
          .as(text)
          .isInstanceOfSatisfying(
              InvalidInputException.class,
              e -> assertThat(e.violations()).containsExactly(new InvalidInputException.Violation("limit", "must be an integer")));
      assertThatThrownBy(() -> Params.toLongObject(text, "d")).as(text).isInstanceOf(InvalidInputException.class);
    }
  }

  @Test
  void decimalsAreFiniteAndPlain() {
    assertThat(Params.toDouble("1.", "d")).isEqualTo(1.0);
    assertThat(Params.toDouble(".5", "d")).isEqualTo(0.5);
    assertThat(Params.toDouble("-2.5E-3", "d")).isEqualTo(-0.0025);
    for (String text : new String[] {"NaN", "Infinity", "-Infinity", "0x1p11", "2000d", "1f", "1e400", "1e", ".", "1..2", "\u0665"}) {
      assertThatThrownBy(() -> Params.toDouble(text, "query parameter 'amount'"))
          .as(text)
          .isInstanceOfSatisfying(
              InvalidInputException.class,
              e -> assertThat(e.violations()).containsExactly(new InvalidInputException.Violation("amount", "must be a number")));
    }
  }
}
