package dev.kindling.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RouterTest {
  private final Router router =
      Router.of(
          "GET /orders",
          "POST /orders",
          "GET /orders/search",
          "GET /orders/{id}",
          "DELETE /orders/{id}",
          "GET /orders/{orderId}/lines/{line}",
          "GET /");

  @Test
  void literalSegmentWinsOverVariable() {
    assertThat(router.match("GET", "/orders/search").route()).isEqualTo(2);
    assertThat(router.match("GET", "/orders/ord-7").route()).isEqualTo(3);
  }

  @Test
  void bindsVariablesByTheMatchedRoutesNames() {
    Router.Match match = router.match("GET", "/orders/o%2F1/lines/3");
    assertThat(match.route()).isEqualTo(5);
    assertThat(match.pathVariables()).isEqualTo(Map.of("orderId", "o/1", "line", "3"));
  }

  @Test
  void backtracksFromALiteralDeadEnd() {
    Router.Match match = router.match("GET", "/orders/search/lines/1");
    assertThat(match.route()).isEqualTo(5);
    assertThat(match.pathVariables()).containsEntry("orderId", "search");
  }

  @Test
  void unknownPathIsNotFoundWithNoAllowedMethods() {
    Router.Match match = router.match("GET", "/customers");
    assertThat(match.found()).isFalse();
    assertThat(match.allowedMethods()).isEmpty();
  }

  @Test
  void wrongMethodListsTheAllowedOnes() {
    Router.Match match = router.match("PUT", "/orders/1");
    assertThat(match.found()).isFalse();
    assertThat(match.allowedMethods()).containsExactly("DELETE", "GET");
  }

  @Test
  void headFallsBackToGetAndTrailingSlashIsIgnored() {
    assertThat(router.match("HEAD", "/orders/").route()).isEqualTo(0);
    assertThat(router.match("GET", "/").route()).isEqualTo(6);
  }

  @Test
  void plusInAPathSegmentStaysAPlus() {
    assertThat(router.match("GET", "/orders/a+b%20c").pathVariables()).containsEntry("id", "a+b c");
  }
}
