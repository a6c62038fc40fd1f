package dev.kindling.sample.documented;

import dev.kindling.annotation.FunctionHandler;
import dev.kindling.annotation.HttpRoute;
import dev.kindling.annotation.Idempotent;
import dev.kindling.annotation.SqsHandler;
import jakarta.inject.Singleton;
import java.math.BigDecimal;

/** Routes whose guards a test points at a failing or slow store (through the guard's test hook). */
@Singleton
public class DocumentedStoreDownApi {
  public record Charge(BigDecimal amount) {}

  public record QueuedCharge(String orderId) {}

  @HttpRoute(method = "POST", path = "/down/charges", status = 201)
  @Idempotent
  public Charge charge(Charge charge) {
    DocumentedEffects.EFFECTS.add("down charge " + charge.amount());
    return charge;
  }

  @FunctionHandler
  @Idempotent(key = "orderId")
  public QueuedCharge direct(QueuedCharge charge) {
    DocumentedEffects.EFFECTS.add("down direct " + charge.orderId());
    return charge;
  }

  @SqsHandler(queue = "documented-down")
  @Idempotent(key = "orderId")
  public void queued(QueuedCharge charge) {
    DocumentedEffects.EFFECTS.add("down queued " + charge.orderId());
  }

  @SqsHandler(queue = "documented-down-parallel", parallel = true)
  @Idempotent(key = "orderId")
  public void queuedParallel(QueuedCharge charge) {
    DocumentedEffects.EFFECTS.add("down parallel " + charge.orderId());
  }
}
