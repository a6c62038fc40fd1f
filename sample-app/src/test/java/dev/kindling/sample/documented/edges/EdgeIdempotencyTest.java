package dev.kindling.sample.documented.edges;

import static dev.kindling.sample.documented.edges.EdgeSupport.http;
import static dev.kindling.sample.documented.edges.EdgeSupport.invoke;
import static dev.kindling.sample.documented.edges.EdgeSupport.jwt;
import static dev.kindling.sample.documented.edges.EdgeSupport.v2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kindling.runtime.idempotency.IdempotencyException;
import java.util.UUID;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Round 3: @Idempotent through generated entries, from the README as the contract. */
class EdgeIdempotencyTest {
  @BeforeEach
  void reset() {
    EdgeHandlers.EFFECTS.clear();
    EdgeHandlers.FAIL_ONCE.clear();
  }

  private static String id() {
    return UUID.randomUUID().toString();
  }

  private static JsonNode fn(com.amazonaws.services.lambda.runtime.RequestStreamHandler handler, String payload) {
    return invoke(handler, payload);
  }

  // ---------------------------------------------------------------- whole-payload keys

  /**
   * README: "the whole payload for functions". Two charges to two different cards (same last four
   * digits) are two payloads; a type that masks its card number on output must not make them one key.
   */
  @Test
  void aCardNumberMaskedOnOutputIsStillPartOfTheWholePayloadKey() {
    String amount = "1" + Math.abs(UUID.randomUUID().getMostSignificantBits() % 100000);
    JsonNode first = fn(new EdgeHandlers_ChargeCardFunctionHandler(),
        "{\"cardNumber\":\"4111111111111111\",\"amount\":" + amount + "}");
    JsonNode second = fn(new EdgeHandlers_ChargeCardFunctionHandler(),
        "{\"cardNumber\":\"5500000000001111\",\"amount\":" + amount + "}");
    assertThat(EdgeHandlers.EFFECTS)
        .as("second card must be charged, not answered with the first card's result " + first + " / " + second)
        .containsExactly("card 4111111111111111 " + amount, "card 5500000000001111 " + amount);
  }

  /** Same, with a WRITE_ONLY property (accepted on input, never written back). */
  @Test
  void aWriteOnlyPropertyIsStillPartOfTheWholePayloadKey() {
    String amount = "2" + Math.abs(UUID.randomUUID().getMostSignificantBits() % 100000);
    JsonNode first = fn(new EdgeHandlers_ChargeTokenFunctionHandler(), "{\"cardToken\":\"tok_alice\",\"amount\":" + amount + "}");
    JsonNode second = fn(new EdgeHandlers_ChargeTokenFunctionHandler(), "{\"cardToken\":\"tok_bob\",\"amount\":" + amount + "}");
    assertThat(second.asText()).as("bob must not get alice's receipt").doesNotContain("tok_alice");
    assertThat(EdgeHandlers.EFFECTS).containsExactly("token tok_alice " + amount, "token tok_bob " + amount);
  }

  /** README: the same Idempotency-Key with another body is a 422, never the first request's response. */
  @Test
  void httpPayloadValidationSeesTheCardNumberNotItsMask() {
    String key = id();
    JsonNode first = http(v2("POST", "/edge/cards", key, "{\"cardNumber\":\"4111111111111111\",\"amount\":10}"));
    JsonNode second = http(v2("POST", "/edge/cards", key, "{\"cardNumber\":\"5500000000001111\",\"amount\":10}"));
    assertThat(first.get("statusCode").asInt()).isEqualTo(201);
    assertThat(second.get("statusCode").asInt())
        .as("another card under the same key: " + second)
        .isEqualTo(422);
    assertThat(EdgeHandlers.EFFECTS).containsExactly("http card 4111111111111111 10");
  }

  /** README: "A key made of a whole payload is hashed in a canonical form, so the order of its properties does not matter." */
  @Test
  void aJsonNodePayloadKeyIgnoresPropertyOrder() {
    String order = "o-" + id();
    fn(new EdgeHandlers_TreeFunctionHandler(), "{\"orderId\":\"" + order + "\",\"amount\":5,\"x\":{\"a\":1,\"b\":2}}");
    fn(new EdgeHandlers_TreeFunctionHandler(), "{\"x\":{\"b\":2,\"a\":1},\"amount\":5,\"orderId\":\"" + order + "\"}");
    assertThat(EdgeHandlers.EFFECTS).as("the same payload is the same key").containsExactly("tree " + order);
  }

  /** design.md §9: payload validation hashes "a canonical JSON (sorted properties)" of the payload. */
  @Test
  void aJsonNodePropertyIsValidatedInCanonicalForm() {
    String tag = "t-" + id();
    JsonNode first = fn(new EdgeHandlers_TaggedFunctionHandler(), "{\"id\":\"" + tag + "\",\"attributes\":{\"a\":1,\"b\":2}}");
    JsonNode retry = fn(new EdgeHandlers_TaggedFunctionHandler(), "{\"id\":\"" + tag + "\",\"attributes\":{\"b\":2,\"a\":1}}");
    assertThat(retry).isEqualTo(first);
    assertThat(EdgeHandlers.EFFECTS).hasSize(1);
  }

  /**
   * Not promised by the README (it only promises property order); recorded for the report: what
   * a canonical form does with decimal scale, Unicode normalization and null vs absent.
   */
  @Test
  void decimalsAreOneAmountHoweverTheyAreWritten() {
    String account = "a-" + id();
    SoftAssertions soft = new SoftAssertions();
    fn(new EdgeHandlers_AmountFunctionHandler(), "{\"account\":\"" + account + "\",\"amount\":10.0,\"name\":\"x\"}");
    fn(new EdgeHandlers_AmountFunctionHandler(), "{\"account\":\"" + account + "\",\"amount\":10.00,\"name\":\"x\"}");
    fn(new EdgeHandlers_AmountFunctionHandler(), "{\"account\":\"" + account + "\",\"amount\":1E+1,\"name\":\"x\"}");
    soft.assertThat(EdgeHandlers.EFFECTS).as("10.0 / 10.00 / 1E+1").hasSize(1);
    EdgeHandlers.EFFECTS.clear();
    fn(new EdgeHandlers_AmountFunctionHandler(), "{\"account\":\"" + account + "\",\"amount\":8}");
    fn(new EdgeHandlers_AmountFunctionHandler(), "{\"account\":\"" + account + "\",\"amount\":8,\"name\":null}");
    soft.assertThat(EdgeHandlers.EFFECTS).as("record: absent vs null").hasSize(1);
    EdgeHandlers.EFFECTS.clear();
    fn(new EdgeHandlers_MapPayloadFunctionHandler(), "{\"account\":\"" + account + "\",\"amount\":8.0}");
    fn(new EdgeHandlers_MapPayloadFunctionHandler(), "{\"account\":\"" + account + "\",\"amount\":8.00}");
    soft.assertThat(EdgeHandlers.EFFECTS).as("map: 8.0 vs 8.00").hasSize(1);
    soft.assertAll();
  }

  // ---------------------------------------------------------------- null results

  @Test
  void aNullResultIsReplayedAsNullWithoutRunningAgain() {
    String ref = "{\"id\":\"n-" + id() + "\"}";
    JsonNode first = fn(new EdgeHandlers_NothingFunctionHandler(), ref);
    JsonNode second = fn(new EdgeHandlers_NothingFunctionHandler(), ref);
    assertThat(first.isNull()).isTrue();
    assertThat(second.isNull()).isTrue();
    assertThat(EdgeHandlers.EFFECTS).hasSize(1);

    String key = id();
    JsonNode h1 = http(v2("POST", "/edge/nothing", key, ref));
    JsonNode h2 = http(v2("POST", "/edge/nothing", key, ref));
    assertThat(h1.get("statusCode").asInt()).isEqualTo(201);
    assertThat(h2.get("statusCode").asInt()).isEqualTo(201);
    assertThat(h2.has("body")).isFalse();
    assertThat(h2.get("headers").path("idempotent-replayed").asText()).isEqualTo("true");
    assertThat(EdgeHandlers.EFFECTS).hasSize(2);
  }

  // ---------------------------------------------------------------- HttpProblem

  /** README: "A method that throws releases its claim." An HttpProblem is a throw: not stored, retried. */
  @Test
  void anHttpProblemReleasesTheKeyAndIsNotReplayed() {
    String key = id();
    JsonNode first = http(v2("POST", "/edge/declines", key, "{\"amount\":3}"));
    JsonNode second = http(v2("POST", "/edge/declines", key, "{\"amount\":3}"));
    assertThat(first.get("statusCode").asInt()).isEqualTo(402);
    assertThat(second.get("statusCode").asInt()).isEqualTo(402);
    assertThat(second.get("headers").has("idempotent-replayed")).isFalse();
    assertThat(EdgeHandlers.EFFECTS).as("released: the retry runs").hasSize(2);
  }

  // ---------------------------------------------------------------- keyOptional + perCaller

  @Test
  void keyOptionalWithPerCaller() {
    String key = id();
    SoftAssertions soft = new SoftAssertions();
    JsonNode anonymousNoKey = http(v2("POST", "/edge/optional-caller", null, "{\"amount\":1}"));
    soft.assertThat(anonymousNoKey.get("statusCode").asInt()).as("no key: unguarded").isEqualTo(201);
    JsonNode anonymousWithKey = http(v2("POST", "/edge/optional-caller", key, "{\"amount\":1}"));
    soft.assertThat(anonymousWithKey.get("statusCode").asInt()).as("a key without a caller").isEqualTo(401);
    JsonNode alice = http(jwt(v2("POST", "/edge/optional-caller", key, "{\"amount\":1}"), "alice"));
    JsonNode bob = http(jwt(v2("POST", "/edge/optional-caller", key, "{\"amount\":1}"), "bob"));
    JsonNode aliceAgain = http(jwt(v2("POST", "/edge/optional-caller", key, "{\"amount\":1}"), "alice"));
    soft.assertThat(bob.get("headers").has("idempotent-replayed")).as("bob is not alice").isFalse();
    soft.assertThat(aliceAgain.get("headers").path("idempotent-replayed").asText()).isEqualTo("true");
    soft.assertThat(EdgeHandlers.EFFECTS).hasSize(3);
    soft.assertAll();
  }
}
