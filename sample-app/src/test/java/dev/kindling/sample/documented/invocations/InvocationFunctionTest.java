package dev.kindling.sample.documented.invocations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.kindling.runtime.idempotency.IdempotencyException;
import dev.kindling.runtime.internal.InvalidInputException;
import dev.kindling.test.TestContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** @FunctionHandler with empty, primitive, String, List, Optional payloads and checked exceptions. */
class InvocationFunctionTest {
  @BeforeEach
  void reset() {
    InvocationFunctions.EFFECTS.clear();
  }

  static String invoke(RequestStreamHandler handler, String event) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, TestContext.create());
    return out.toString(StandardCharsets.UTF_8);
  }

  static String outcome(RequestStreamHandler handler, String event) {
    try {
      return "ok " + invoke(handler, event);
    } catch (Exception e) {
      return e.getClass().getName() + ": " + e.getMessage();
    }
  }

  // ---------------------------------------------------------------- primitives

  /** README: a payload that cannot be bound fails with InvalidInputException naming the field; never an NPE. */
  @Test
  void anEmptyEventForAPrimitivePayloadIsInvalidInputNotANullPointerException() {
    for (String event : new String[] {"", "   "}) {
      String outcome = outcome(new InvocationFunctions_TwiceFunctionHandler(), event);
      System.out.println("REVIEW4 long payload, event '" + event + "': " + outcome);
      assertThatThrownBy(() -> invoke(new InvocationFunctions_TwiceFunctionHandler(), event))
          .as("event '" + event + "'")
          .isInstanceOf(InvalidInputException.class);
    }
    assertThat(InvocationFunctions.EFFECTS).isEmpty();
  }

  /** A JSON null is not a number: binding it to 0 would charge 0 cents, or key every such call as 0. */
  @Test
  void aNullEventForAPrimitivePayloadIsInvalidInputNotZero() {
    String outcome = outcome(new InvocationFunctions_TwiceFunctionHandler(), "null");
    System.out.println("REVIEW4 long payload, event 'null': " + outcome + " effects " + InvocationFunctions.EFFECTS);
    assertThatThrownBy(() -> invoke(new InvocationFunctions_TwiceFunctionHandler(), "null"))
        .isInstanceOf(InvalidInputException.class);
    assertThat(InvocationFunctions.EFFECTS).isEmpty();
  }

  /** README: a missing key is never a key. A whole-payload key of an empty invoke is missing. */
  @Test
  void anEmptyInvokeOfAPrimitiveWholePayloadKeyIsNeverAKey() {
    String first = outcome(new InvocationFunctions_ChargeCentsFunctionHandler(), "null");
    String second = outcome(new InvocationFunctions_ChargeCentsFunctionHandler(), "0");
    String empty = outcome(new InvocationFunctions_ChargeCentsFunctionHandler(), "");
    System.out.println("REVIEW4 chargeCents null / 0 / empty: " + first + " | " + second + " | " + empty
        + " effects " + InvocationFunctions.EFFECTS);
    assertThat(empty).doesNotContain("NullPointerException");
    assertThat(first).as("'null' is not 0 cents").doesNotStartWith("ok");
  }

  // ---------------------------------------------------------------- String and List payloads

  @Test
  void aStringPayloadKeyThatIsBlankOrAbsentIsMissing() {
    String blank = outcome(new InvocationFunctions_NoteFunctionHandler(), "\"  \"");
    String none = outcome(new InvocationFunctions_NoteFunctionHandler(), "");
    assertThat(blank).contains(IdempotencyException.class.getName()).contains("missing");
    assertThat(none).contains(IdempotencyException.class.getName()).contains("missing");
    String a = outcome(new InvocationFunctions_NoteFunctionHandler(), "\"n-" + UUID.randomUUID() + "\"");
    assertThat(a).startsWith("ok");
    assertThat(InvocationFunctions.EFFECTS).hasSize(1);
  }

  /** README: failed @Valid fails the invocation with InvalidInputException. Every charge of the list counts. */
  @Test
  void validOnAListPayloadValidatesItsElements() {
    String event = "[{\"orderId\":\"o-" + UUID.randomUUID() + "\",\"amount\":10},{\"orderId\":null,\"amount\":-1}]";
    String outcome = outcome(new InvocationFunctions_ChargeAllFunctionHandler(), event);
    System.out.println("REVIEW4 @Valid List<Charge> function: " + outcome + " effects " + InvocationFunctions.EFFECTS);
    assertThat(outcome).startsWith(InvalidInputException.class.getName());
    assertThat(InvocationFunctions.EFFECTS).isEmpty();
  }

  @Test
  void aListWholePayloadKeyRunsOncePerListAndOrderMatters() {
    String id = UUID.randomUUID().toString();
    String ab = "[{\"orderId\":\"a-" + id + "\",\"amount\":1},{\"orderId\":\"b-" + id + "\",\"amount\":2}]";
    String ba = "[{\"orderId\":\"b-" + id + "\",\"amount\":2},{\"orderId\":\"a-" + id + "\",\"amount\":1}]";
    assertThat(outcome(new InvocationFunctions_ChargeAllFunctionHandler(), ab)).isEqualTo("ok 2");
    assertThat(outcome(new InvocationFunctions_ChargeAllFunctionHandler(), ab)).isEqualTo("ok 2");
    assertThat(outcome(new InvocationFunctions_ChargeAllFunctionHandler(), ba)).isEqualTo("ok 2");
    assertThat(InvocationFunctions.EFFECTS).hasSize(2);
    String empty = outcome(new InvocationFunctions_ChargeAllFunctionHandler(), "");
    assertThat(empty).doesNotStartWith("ok");
  }

  // ---------------------------------------------------------------- Optional payloads and results

  /** An Optional payload is never null: an empty invoke, like a JSON null, is Optional.empty(). */
  @Test
  void anOptionalPayloadOfAnEmptyInvokeIsEmptyNotNull() {
    String fromNull = outcome(new InvocationFunctions_MaybeFunctionHandler(), "null");
    String fromEmpty = outcome(new InvocationFunctions_MaybeFunctionHandler(), "");
    System.out.println("REVIEW4 Optional payload: 'null' -> " + fromNull + ", '' -> " + fromEmpty);
    assertThat(fromNull).isEqualTo("ok \"empty\"");
    assertThat(fromEmpty).isEqualTo("ok \"empty\"");
  }

  @Test
  void anOptionalJavaTimeResultIsWrittenAsIsoAndReplayedAlike() {
    String present = "{\"orderId\":\"o-" + UUID.randomUUID() + "\",\"amount\":1}";
    String first = outcome(new InvocationFunctions_SettledAtFunctionHandler(), present);
    String replay = outcome(new InvocationFunctions_SettledAtFunctionHandler(), present);
    assertThat(first).isEqualTo("ok \"2026-03-10T05:16:23Z\"");
    assertThat(replay).isEqualTo(first);
    String none = "{\"orderId\":\"o-none\",\"amount\":" + Math.abs(UUID.randomUUID().getLeastSignificantBits() % 1000 + 1) + "}";
    String firstNone = outcome(new InvocationFunctions_SettledAtFunctionHandler(), none);
    String replayNone = outcome(new InvocationFunctions_SettledAtFunctionHandler(), none);
    assertThat(firstNone).isEqualTo("ok null");
    assertThat(replayNone).isEqualTo(firstNone);
    assertThat(InvocationFunctions.EFFECTS).hasSize(2);
  }

  // ---------------------------------------------------------------- checked exceptions

  @Test
  void aCheckedExceptionPropagatesWithItsRealTypeAndReleasesTheKey() {
    String event = "{\"orderId\":\"o-" + UUID.randomUUID() + "\",\"amount\":1}";
    assertThatThrownBy(() -> invoke(new InvocationFunctions_DeclinedFunctionHandler(), event))
        .isExactlyInstanceOf(InvocationFunctions.PaymentDeclinedException.class).hasMessage("card declined");
    assertThatThrownBy(() -> invoke(new InvocationFunctions_DeclinedFunctionHandler(), event))
        .isExactlyInstanceOf(InvocationFunctions.PaymentDeclinedException.class);
    assertThat(InvocationFunctions.EFFECTS).hasSize(2);
    assertThatThrownBy(() -> invoke(new InvocationFunctions_DeclinedPlainFunctionHandler(), event))
        .isExactlyInstanceOf(InvocationFunctions.PaymentDeclinedException.class);
  }
}
