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
  void headFallsBackToGet() {
    assertThat(router.match("HEAD", "/orders").route()).isEqualTo(0);
    assertThat(router.match("HEAD", "/orders/7").route()).isEqualTo(3);
  }

  @Test
  void rootPathMatchesTheRootRoute() {
    assertThat(router.match("GET", "/").route()).isEqualTo(6);
  }

  @Test
  void plusInAPathSegmentStaysAPlus() {
    assertThat(router.match("GET", "/orders/a+b%20c").pathVariables()).containsEntry("id", "a+b c");
  }

  @Test
  void aLiteralRouteWithoutTheMethodLeavesTheRequestToAVariableRouteWithIt() {
    Router searchable = Router.of("POST /orders/search", "GET /orders/{id}");

    Router.Match match = searchable.match("GET", "/orders/search");

    assertThat(match.route()).isEqualTo(1);
    assertThat(match.pathVariables()).isEqualTo(Map.of("id", "search"));
    assertThat(searchable.match("POST", "/orders/search").route()).isEqualTo(0);
  }

  @Test
  void theMethodDecidesBeforeTheDeeperLiteralOnBacktracking() {
    Router lines = Router.of("POST /orders/search/lines", "GET /orders/{id}/lines");

    Router.Match match = lines.match("GET", "/orders/search/lines");

    assertThat(match.route()).isEqualTo(1);
    assertThat(match.pathVariables()).containsEntry("id", "search");
  }

  @Test
  void notAllowedListsTheMethodsOfEveryRouteThatMatchesThePath() {
    Router searchable = Router.of("POST /orders/search", "GET /orders/{id}", "DELETE /orders/{id}");

    Router.Match match = searchable.match("PUT", "/orders/search");

    assertThat(match.found()).isFalse();
    assertThat(match.allowedMethods()).containsExactly("DELETE", "GET", "POST");
  }

  @Test
  void headPrefersAHeadRouteToTheGetFallback() {
    Router heads = Router.of("GET /orders/search", "HEAD /orders/{id}");

    assertThat(heads.match("HEAD", "/orders/search").route()).isEqualTo(1);
    assertThat(heads.match("GET", "/orders/search").route()).isEqualTo(0);
  }

  @Test
  void aTrailingSlashIsAnotherPath() {
    assertThat(router.match("GET", "/orders/").found()).isFalse();
    assertThat(router.match("GET", "/orders/").allowedMethods()).isEmpty();
    assertThat(router.match("GET", "/orders/7/lines/3/").found()).isFalse();
  }

  @Test
  void aDoubledSlashIsAnotherPath() {
    Router admin = Router.of("GET /admin/secret", "GET /admin/{page}");

    assertThat(admin.match("GET", "//admin/secret").found()).isFalse();
    assertThat(admin.match("GET", "/admin//secret").found()).isFalse();
    assertThat(admin.match("GET", "/admin/secret").route()).isEqualTo(0);
  }

  @Test
  void aVariableDoesNotMatchAnEmptySegment() {
    assertThat(router.match("GET", "/orders//lines/3").found()).isFalse();
    assertThat(router.match("DELETE", "/orders/").found()).isFalse();
  }

  @Test
  void anEncodedSlashStaysInsideItsSegment() {
    Router files = Router.of("GET /files/{name}");

    assertThat(files.match("GET", "/files/a%2Fb").pathVariables()).isEqualTo(Map.of("name", "a/b"));
    assertThat(files.match("GET", "/files/a/b").found()).isFalse();
  }
}
