package dev.kindling.sample.documented.billing;

import dev.kindling.annotation.Idempotent;
import dev.kindling.annotation.SqsHandler;
import dev.kindling.sample.documented.DocumentedEffects;
import jakarta.inject.Singleton;

/** Billing's consumer of the order-placed fan-out. */
@Singleton
public class Fulfilment {
  public record OrderPlaced(String orderId) {}

  @SqsHandler(queue = "billing-order-placed")
  @Idempotent(key = "orderId")
  public void handle(OrderPlaced event) {
    DocumentedEffects.EFFECTS.add("billing invoiced " + event.orderId());
  }
}
