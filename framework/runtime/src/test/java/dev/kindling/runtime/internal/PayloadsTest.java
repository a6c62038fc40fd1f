package dev.kindling.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a payload that cannot be bound is reported as: the client's mistake names the field and
 * what was expected, never the value; a type Jackson cannot bind at all is the code's defect.
 */
class PayloadsTest {
  enum Currency { EUR, USD }

  record Line(String sku, int quantity) {}

  record Order(String id, List<Line> lines, Map<String, Line> byWarehouse, Currency currency, LocalDate dueDate, Instant placedAt) {}

  record Positive(int amount) {
    Positive {
      if (amount < 0) {
        throw new IllegalArgumentException("amount " + amount + " is negative");
      }
    }
  }

  record Refund(String id, Positive amount) {}

  /** Jackson cannot create a {@code Runnable}: a mistake in the type, whatever the input. */
  record Scheduled(String id, Runnable task) {}

  private static final ObjectReader ORDER = Json.reader(Order.class);
  private static final String SECRET = "secret-4111";

  /** Reads {@code json} as text and as bytes (the SQS and the HTTP paths) and expects the same rejection. */
  private static InvalidInputException rejected(ObjectReader reader, String json) {
    InvalidInputException fromText =
        catchThrowableOfType(InvalidInputException.class, () -> Payloads.read(reader, json));
    InvalidInputException fromBytes =
        catchThrowableOfType(InvalidInputException.class, () -> Payloads.read(reader, json.getBytes(StandardCharsets.UTF_8)));
    assertThat(fromText).as("rejected as text").isNotNull();
    assertThat(fromBytes).as("rejected as bytes").isNotNull();
    assertThat(fromBytes.getMessage()).isEqualTo(fromText.getMessage());
    assertThat(fromBytes.violations()).isEqualTo(fromText.violations());
    assertThat(fromText.getMessage() + fromText.violations()).doesNotContain(SECRET);
    return fromText;
  }

  private static InvalidInputException.Violation only(InvalidInputException e) {
    assertThat(e.violations()).hasSize(1);
    return e.violations().get(0);
  }

  @Test
  void aWrongValueInsideANestedListNamesThePathWithTheIndex() {
    InvalidInputException e =
        rejected(ORDER, "{\"lines\":[{\"sku\":\"a\",\"quantity\":1},{},{\"sku\":\"c\",\"quantity\":\"" + SECRET + "\"}]}");
    assertThat(e.detail()).isEqualTo("Invalid JSON payload");
    assertThat(e.getMessage()).isEqualTo("Invalid JSON payload: lines[2].quantity cannot be read as a number");
    assertThat(only(e)).isEqualTo(new InvalidInputException.Violation("lines[2].quantity", "cannot be read as a number"));
  }

  @Test
  void aWrongJsonTypeInsideAMapNamesThePathWithoutEchoingTheKey() {
    InvalidInputException e = rejected(ORDER, "{\"byWarehouse\":{\"berlin\":{\"quantity\":[1]}}}");
    assertThat(only(e))
        .as("a map key is the client's data, not a field of the type")
        .isEqualTo(new InvalidInputException.Violation("byWarehouse.<key>.quantity", "has the wrong type; expected a number"));
  }

  @Test
  void aListSentAsTextExpectsAnArray() {
    InvalidInputException e = rejected(ORDER, "{\"lines\":\"" + SECRET + "\"}");
    assertThat(only(e)).isEqualTo(new InvalidInputException.Violation("lines", "has the wrong type; expected an array"));
  }

  @Test
  void anObjectSentAsTextNamesTheObjectType() {
    InvalidInputException e = rejected(Json.reader(Refund.class), "{\"amount\":[1]}");
    assertThat(only(e)).isEqualTo(new InvalidInputException.Violation("amount", "has the wrong type; expected an object (Positive)"));
  }

  @Test
  void anUnknownEnumValueListsTheValues() {
    InvalidInputException e = rejected(ORDER, "{\"currency\":\"" + SECRET + "\"}");
    assertThat(only(e)).isEqualTo(new InvalidInputException.Violation("currency", "cannot be read as one of [EUR, USD]"));
  }

  @Test
  void aDateThatDoesNotParseNamesTheFieldAndTheFormat() {
    assertThat(only(rejected(ORDER, "{\"dueDate\":\"" + SECRET + "\"}")))
        .isEqualTo(new InvalidInputException.Violation("dueDate", "cannot be read as an ISO-8601 date (2026-03-10)"));
    assertThat(only(rejected(ORDER, "{\"placedAt\":\"" + SECRET + "\"}")))
        .isEqualTo(new InvalidInputException.Violation("placedAt", "cannot be read as an ISO-8601 instant (2026-03-10T05:16:23Z)"));
  }

  @Test
  void aNumberTooLargeForItsFieldIsOutOfRange() {
    InvalidInputException e = rejected(ORDER, "{\"lines\":[{\"quantity\":41110000000000000000}]}");
    assertThat(only(e)).isEqualTo(new InvalidInputException.Violation("lines[0].quantity", "is out of range for int"));
  }

  @Test
  void aPayloadOfTheWrongShapeIsReportedAtTheRoot() {
    InvalidInputException e = rejected(ORDER, "[\"" + SECRET + "\"]");
    assertThat(only(e)).isEqualTo(new InvalidInputException.Violation("", "has the wrong type; expected an object (Order)"));
  }

  @Test
  void malformedJsonNamesTheLocationOnly() {
    InvalidInputException e = rejected(ORDER, "{\"id\": \"" + SECRET + "\", ");
    assertThat(e.getMessage()).startsWith("Malformed JSON at line 1, column ");
    assertThat(e.violations()).isEmpty();
  }

  @Test
  void contentAfterTheJsonValueIsRejected() {
    assertThat(rejected(ORDER, "{\"id\":\"o-1\"} " + SECRET).getMessage()).startsWith("Malformed JSON at line 1, column ");
    assertThat(rejected(ORDER, "{\"id\":\"o-1\"} {\"id\":\"" + SECRET + "\"}").getMessage())
        .isEqualTo("Unexpected content after the JSON value at line 1, column 14");
    assertThat(rejected(Json.reader(String.class), "\"o-1\" \"" + SECRET + "\"").getMessage())
        .startsWith("Unexpected content after the JSON value");
  }

  @Test
  void jsonBeyondTheParsersLimitsIsRejectedAsInput() {
    String deep = "[".repeat(5_000) + "]".repeat(5_000);
    assertThat(rejected(Json.reader(Object.class), deep).getMessage())
        .isEqualTo("The JSON exceeds a processing limit (nesting depth, number or text length)");
    String longNumber = "{\"lines\":[{\"quantity\":" + "4".repeat(5_000) + "}]}";
    assertThat(rejected(ORDER, longNumber).getMessage())
        .isEqualTo("The JSON exceeds a processing limit (nesting depth, number or text length)");
  }

  @Test
  void aConstructorThatRejectsItsArgumentsIsTheClientsMistakeWithoutTheConstructorsMessage() {
    InvalidInputException e = rejected(Json.reader(Refund.class), "{\"id\":\"r-1\",\"amount\":{\"amount\":-4111}}");
    assertThat(only(e)).isEqualTo(new InvalidInputException.Violation("amount", "is rejected by Positive"));
    assertThat(e.getMessage() + e.violations()).doesNotContain("4111").doesNotContain("negative");
  }

  @Test
  void aTypeJacksonCannotBindIsADefectNotBadInput() {
    ObjectReader reader = Json.reader(Scheduled.class);
    assertThatThrownBy(() -> Payloads.read(reader, "{\"id\":\"" + SECRET + "\",\"task\":{}}"))
        .isNotInstanceOf(InvalidInputException.class)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Scheduled")
        .hasMessageContaining("not in the input")
        .hasCauseInstanceOf(InvalidDefinitionException.class);
  }
}
