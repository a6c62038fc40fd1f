package com.acme.billing;

import com.amazonaws.services.lambda.runtime.Context;
import dev.kindling.annotation.FunctionHandler;
import jakarta.inject.Singleton;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import java.io.IOException;
import java.util.List;

/**
 * Every @FunctionHandler shape: payload and context, no payload, void, a checked exception that
 * is not an IOException, one that is, and generic payload and result types.
 */
@Singleton
public class Billing {
  public record Charge(@NotBlank String orderId, @Positive long cents) {}

  public record Receipt(String orderId, long cents) {}

  public enum Health {
    UP,
    DEGRADED
  }

  /** A checked exception {@code handleRequest} does not declare. */
  public static class PaymentDeclinedException extends Exception {
    private static final long serialVersionUID = 1L;

    public PaymentDeclinedException(String message) {
      super(message);
    }
  }

  @FunctionHandler
  public Receipt charge(@Valid Charge input, Context context) {
    return new Receipt(input.orderId(), input.cents());
  }

  @FunctionHandler
  public Health health() {
    return Health.UP;
  }

  @FunctionHandler
  public void audit(String event) {}

  @FunctionHandler
  public Receipt refund(Charge charge) throws PaymentDeclinedException {
    if (charge.cents() > 100_000) {
      throw new PaymentDeclinedException("Refund too large");
    }
    return new Receipt(charge.orderId(), -charge.cents());
  }

  @FunctionHandler
  public List<Receipt> chargeAll(List<Charge> charges) {
    return charges.stream().map(charge -> new Receipt(charge.orderId(), charge.cents())).toList();
  }

  @FunctionHandler
  public byte[] export(Context context) throws IOException {
    return new byte[0];
  }
}
