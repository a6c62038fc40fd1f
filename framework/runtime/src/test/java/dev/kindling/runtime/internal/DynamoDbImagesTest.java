package dev.kindling.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class DynamoDbImagesTest {
  private static JsonNode json(String text) throws Exception {
    return Json.MAPPER.readTree(text);
  }

  @Test
  void anItemIsPlainJsonWithWholeNumbersAsIntegers() throws Exception {
    JsonNode item = DynamoDbImages.item(json(
        "{\"id\":{\"S\":\"o-1\"},\"qty\":{\"N\":\"3\"},\"price\":{\"N\":\"9.50\"},\"paid\":{\"BOOL\":true},"
            + "\"lines\":{\"L\":[{\"M\":{\"sku\":{\"S\":\"a\"}}}]},\"tags\":{\"SS\":[\"x\"]},\"sizes\":{\"NS\":[\"1\",\"2.5\"]},"
            + "\"note\":{\"NULL\":true}}"),
        "NewImage");

    assertThat(item.toString()).isEqualTo(
        "{\"id\":\"o-1\",\"qty\":3,\"price\":9.50,\"paid\":true,\"lines\":[{\"sku\":\"a\"}],\"tags\":[\"x\"],"
            + "\"sizes\":[1,2.5],\"note\":null}");
    assertThat(item.get("qty").isIntegralNumber()).isTrue();
  }

  @Test
  void aMalformedAttributeIsNamedByItsPathNeverItsValue() {
    assertThatThrownBy(() -> DynamoDbImages.item(json(
            "{\"lines\":{\"L\":[{\"M\":{\"qty\":{\"N\":\"1\"}}},{\"M\":{\"qty\":{\"N\":\"4111x\"}}}]}}"), "NewImage"))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> {
          assertThat(e.violations()).containsExactly(new InvalidInputException.Violation("NewImage.lines[1].qty", "is not a number"));
          assertThat(e.getMessage()).doesNotContain("4111x");
        });
    assertThatThrownBy(() -> DynamoDbImages.item(json("{\"tags\":{\"SS\":[\"a\",7]}}"), "OldImage"))
        .isInstanceOfSatisfying(InvalidInputException.class, e ->
            assertThat(e.violations()).containsExactly(new InvalidInputException.Violation("OldImage.tags[1]", "is not text")));
    assertThatThrownBy(() -> DynamoDbImages.item(json("{\"x\":{\"Q\":\"1\"}}"), "Keys"))
        .isInstanceOfSatisfying(InvalidInputException.class, e ->
            assertThat(e.violations()).containsExactly(
                new InvalidInputException.Violation("Keys.x", "has an unknown DynamoDB attribute type")));
  }
}
