package dev.kindling.sample.documented.invocations;

import dev.kindling.annotation.FunctionHandler;
import dev.kindling.annotation.Idempotent;
import jakarta.inject.Singleton;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/** @FunctionHandler payload and result shapes. */
@Singleton
public class InvocationFunctions {
  public static final List<String> EFFECTS = Collections.synchronizedList(new ArrayList<>());

  public record Charge(@NotNull String orderId, @NotNull @Positive BigDecimal amount) {}

  /** A checked exception handleRequest does not declare. */
  public static class PaymentDeclinedException extends Exception {
    private static final long serialVersionUID = 1L;

    public PaymentDeclinedException(String message) {
      super(message);
    }
  }

  @FunctionHandler
  public long twice(long cents) {
    EFFECTS.add("twice " + cents);
    return cents * 2;
  }

  @FunctionHandler
  @Idempotent
  public String chargeCents(long cents) {
    EFFECTS.add("charge cents " + cents);
    return "charged " + cents;
  }

  @FunctionHandler
  @Idempotent
  public int chargeAll(@Valid List<Charge> charges) {
    EFFECTS.add("charge all " + charges.size());
    return charges.size();
  }

  @FunctionHandler
  @Idempotent
  public String note(String text) {
    EFFECTS.add("note " + text);
    return "noted " + text;
  }

  @FunctionHandler
  public String maybe(Optional<Charge> charge) {
    EFFECTS.add("maybe " + charge);
    return charge == null ? "null Optional" : charge.map(Charge::orderId).orElse("empty");
  }

  @FunctionHandler
  @Idempotent
  public Optional<Instant> settledAt(Charge charge) {
    EFFECTS.add("settled " + charge.orderId());
    return "o-none".equals(charge.orderId()) ? Optional.empty() : Optional.of(Instant.parse("2026-03-10T05:16:23Z"));
  }

  @FunctionHandler
  @Idempotent
  public String declined(Charge charge) throws PaymentDeclinedException {
    EFFECTS.add("declined " + charge.orderId());
    throw new PaymentDeclinedException("card declined");
  }

  @FunctionHandler
  public String declinedPlain(Charge charge) throws PaymentDeclinedException {
    throw new PaymentDeclinedException("card declined");
  }
}
