package dev.kindling.sample.hardening;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.kindling.annotation.FunctionHandler;
import dev.kindling.annotation.HttpRoute;
import dev.kindling.annotation.Idempotent;
import dev.kindling.annotation.PathParam;
import dev.kindling.annotation.SqsHandler;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Handlers with side effects, as a payments team writes them: every effect is recorded, so a
 * test can tell exactly what ran, and how often.
 */
@Singleton
public class Ledger {
  /** Every side effect, in order. */
  public static final List<String> EFFECTS = Collections.synchronizedList(new ArrayList<>());

  public record ChargeRequest(BigDecimal amount) {}

  public record Receipt(String account, BigDecimal amount) {}

  public record Customer(String id) {}

  public record QueuedCharge(Customer customer, String orderId) {}

  public record ExportRequest(String id) {}

  /** A result Jackson cannot write: its getter throws. */
  public static final class Unwritable {
    public String getContent() {
      throw new IllegalStateException("not writable");
    }
  }

  @HttpRoute(method = "POST", path = "/accounts/{account}/charges", status = 201)
  @Idempotent
  public Receipt charge(@PathParam String account, ChargeRequest request) {
    EFFECTS.add("charge " + account + " " + request.amount());
    return new Receipt(account, request.amount());
  }

  /** An overload on another route: its keys are its own. */
  @HttpRoute(method = "POST", path = "/charges", status = 201)
  @Idempotent
  public Receipt charge(ChargeRequest request) {
    EFFECTS.add("charge default " + request.amount());
    return new Receipt("default", request.amount());
  }

  @HttpRoute(method = "POST", path = "/orders/{id}/cancel")
  @Idempotent
  public void cancel(@PathParam String id) {
    EFFECTS.add("cancel " + id);
  }

  @HttpRoute(method = "POST", path = "/exports")
  @Idempotent
  public Unwritable export(ExportRequest request) {
    EFFECTS.add("export " + request.id());
    return new Unwritable();
  }

  @FunctionHandler
  @Idempotent(key = "id")
  public Unwritable exportDirect(ExportRequest request) {
    EFFECTS.add("export direct " + request.id());
    return new Unwritable();
  }

  @SqsHandler(queue = "queued-charges")
  @Idempotent(key = {"customer.id", "orderId"})
  public void chargeQueued(QueuedCharge charge) {
    EFFECTS.add("queued " + charge.orderId());
  }

  @SqsHandler(queue = "raw-charges")
  @Idempotent
  public void chargeRaw(SQSEvent.SQSMessage message) {
    EFFECTS.add("raw " + message.getBody());
  }
}
