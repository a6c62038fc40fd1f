package dev.kindling.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The payload of a {@code _FunctionHandler}: bound strictly, written as ISO-8601. */
class DirectInvocationTest {
  record Quote(String sku, LocalDate validUntil, Duration hold, Optional<String> coupon) {}

  private static final ObjectReader QUOTE = Json.reader(Quote.class);

  private static InputStream payload(String json) {
    return new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void javaTimePayloadBindsAndTheResultIsWrittenAsIso8601() throws IOException {
    Quote quote = DirectInvocation.read(payload("{\"sku\":\"B-1\",\"validUntil\":\"2026-03-31\",\"hold\":\"PT15M\"}"), QUOTE);
    assertThat(quote).isEqualTo(new Quote("B-1", LocalDate.of(2026, 3, 31), Duration.ofMinutes(15), Optional.empty()));

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    DirectInvocation.write(out, Json.writer(Quote.class), quote);
    assertThat(Json.MAPPER.readTree(out.toByteArray()))
        .isEqualTo(Json.MAPPER.readTree("{\"sku\":\"B-1\",\"validUntil\":\"2026-03-31\",\"hold\":\"PT15M\",\"coupon\":null}"));
  }

  @Test
  void contentAfterTheJsonValueFailsTheInvocation() {
    assertThatThrownBy(() -> DirectInvocation.read(payload("{\"sku\":\"B-1\"} {\"sku\":\"B-2\"}"), QUOTE))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("Unexpected content after the JSON value");
    assertThatThrownBy(() -> DirectInvocation.read(payload("{\"sku\":\"B-1\"} garbage"), QUOTE))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("Malformed JSON");
  }

  @Test
  void aDateThatDoesNotParseNamesTheField() {
    assertThatThrownBy(() -> DirectInvocation.read(payload("{\"validUntil\":\"31.03.2026\"}"), QUOTE))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e -> assertThat(e.violations())
                .containsExactly(new InvalidInputException.Violation("validUntil", "cannot be read as an ISO-8601 date (2026-03-10)")));
  }
}
