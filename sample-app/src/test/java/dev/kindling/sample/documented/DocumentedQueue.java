package dev.kindling.sample.documented;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.kindling.annotation.FunctionHandler;
import dev.kindling.annotation.Idempotent;
import dev.kindling.annotation.SqsHandler;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;

/** Queue consumers and functions with side effects. */
@Singleton
public class DocumentedQueue {
  public record Customer(String id) {}

  public record QueuedCharge(Customer customer, String orderId, long sleepMillis) {}

  public record Booking(String id, Instant at, OffsetDateTime local, Duration every, Optional<String> memo) {}

  @SqsHandler(queue = "documented-charges")
  @Idempotent(key = "orderId")
  public void charge(QueuedCharge charge) {
    DocumentedEffects.gate(charge.orderId());
    DocumentedEffects.maybeFail(charge.orderId());
    DocumentedEffects.EFFECTS.add("queued " + charge.orderId());
  }

  @SqsHandler(queue = "documented-composite")
  @Idempotent(key = {"customer.id", "orderId"})
  public void composite(QueuedCharge charge) {
    DocumentedEffects.EFFECTS.add("composite " + charge.orderId());
  }

  /** Keyed by messageId (the default). */
  @SqsHandler(queue = "documented-by-message")
  @Idempotent
  public void byMessage(QueuedCharge charge) {
    DocumentedEffects.EFFECTS.add("by message " + charge.orderId());
  }

  @SqsHandler(queue = "documented-raw")
  @Idempotent
  public void raw(SQSEvent.SQSMessage message) {
    DocumentedEffects.EFFECTS.add("raw " + message.getBody());
  }

  /** A short expiry on a method that may run longer than it. */
  @SqsHandler(queue = "documented-short")
  @Idempotent(key = "orderId", expiry = "PT1S")
  public void shortExpiry(QueuedCharge charge) {
    DocumentedEffects.EFFECTS.add("short start " + charge.orderId());
    DocumentedEffects.sleepUninterruptibly(charge.sleepMillis());
  }

  @SqsHandler(queue = "documented-parallel", parallel = true)
  @Idempotent(key = "orderId")
  public void parallel(QueuedCharge charge) {
    DocumentedEffects.EFFECTS.add("parallel start " + charge.orderId());
    DocumentedEffects.sleepUninterruptibly(charge.sleepMillis());
    DocumentedEffects.EFFECTS.add("parallel done " + charge.orderId());
  }

  @SqsHandler(queue = "documented-parallel-short", parallel = true)
  @Idempotent(key = "orderId", expiry = "PT2S")
  public void parallelShort(QueuedCharge charge) {
    DocumentedEffects.EFFECTS.add("pshort start " + charge.orderId());
    DocumentedEffects.sleepUninterruptibly(charge.sleepMillis());
    DocumentedEffects.EFFECTS.add("pshort done " + charge.orderId());
  }

  /** The whole payload is the key. */
  @FunctionHandler
  @Idempotent
  public String wholeMap(Map<String, Object> payload) {
    DocumentedEffects.EFFECTS.add("map " + payload.get("orderId"));
    return "done " + payload.get("orderId");
  }

  @FunctionHandler
  @Idempotent(key = "id")
  public Booking book(Booking booking) {
    DocumentedEffects.EFFECTS.add("book " + booking.id());
    return booking;
  }

  @FunctionHandler
  @Idempotent(key = "id")
  public Booking failingBook(Booking booking) {
    DocumentedEffects.maybeFail(booking.id());
    DocumentedEffects.EFFECTS.add("failing book " + booking.id());
    return booking;
  }
}
