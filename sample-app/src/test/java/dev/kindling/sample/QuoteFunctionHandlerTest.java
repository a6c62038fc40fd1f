package dev.kindling.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kindling.runtime.internal.InvalidInputException;
import dev.kindling.test.TestContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class QuoteFunctionHandlerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final QuoteFunction_QuoteFunctionHandler handler = new QuoteFunction_QuoteFunctionHandler();

  private JsonNode invoke(String payload, TestContext context) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(new ByteArrayInputStream(payload.getBytes(StandardCharsets.UTF_8)), out, context);
    return JSON.readTree(out.toByteArray());
  }

  @Test
  void quotesWithTaxAndEchoesTheRequestId() throws IOException {
    TestContext context = TestContext.create();
    JsonNode quote = invoke("{\"lines\":[{\"sku\":\"A\",\"quantity\":3,\"unitPrice\":10.00}]}", context);
    assertThat(quote.get("net").decimalValue()).isEqualByComparingTo("30.00");
    assertThat(quote.get("tax").decimalValue()).isEqualByComparingTo("6.00");
    assertThat(quote.get("gross").decimalValue()).isEqualByComparingTo("36.00");
    assertThat(quote.get("requestId").asText()).isEqualTo(context.getAwsRequestId());
  }

  @Test
  void datesAndDurationsAreIso8601Text() throws IOException {
    JsonNode quote =
        invoke("{\"lines\":[{\"sku\":\"A\",\"quantity\":1,\"unitPrice\":5}],\"pricedOn\":\"2026-03-10\"}", TestContext.create());
    assertThat(quote.get("pricedOn").asText()).isEqualTo("2026-03-10");
    assertThat(quote.get("validFor").asText()).isEqualTo("PT15M");
  }

  @Test
  void aDateThatDoesNotParseFailsTheInvocationNamingTheFieldNotTheValue() {
    assertThatThrownBy(
            () -> invoke("{\"lines\":[{\"sku\":\"A\",\"quantity\":1,\"unitPrice\":5}],\"pricedOn\":\"10/03/2026\"}", TestContext.create()))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e -> {
              assertThat(e.violations()).extracting(InvalidInputException.Violation::field).containsExactly("pricedOn");
              assertThat(e.getMessage() + e.violations()).doesNotContain("10/03/2026");
            });
  }

  @Test
  void contentAfterThePayloadFailsTheInvocation() {
    assertThatThrownBy(
            () -> invoke("{\"lines\":[{\"sku\":\"A\",\"quantity\":1,\"unitPrice\":5}]} {}", TestContext.create()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("Unexpected content after the JSON value");
  }

  @Test
  void invalidPayloadFailsTheInvocationNamingTheField() {
    assertThatThrownBy(() -> invoke("{\"lines\":[]}", TestContext.create()))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e -> assertThat(e.violations()).extracting(InvalidInputException.Violation::field).containsExactly("lines"));
    assertThatThrownBy(() -> invoke("{\"lines\": [", TestContext.create()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("Malformed JSON");
  }
}
