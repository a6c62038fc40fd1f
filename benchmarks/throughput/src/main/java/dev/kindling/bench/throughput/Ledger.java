package dev.kindling.bench.throughput;

import dev.kindling.annotation.Idempotent;
import dev.kindling.annotation.KinesisHandler;
import dev.kindling.annotation.SqsHandler;
import jakarta.inject.Singleton;
import jakarta.validation.Valid;
import java.math.BigDecimal;

/** The handlers measured: the same cheap work for generated and hand-written entries. */
@Singleton
public class Ledger {
  private BigDecimal total = BigDecimal.ZERO;
  private long clicks;

  @SqsHandler(queue = "charges")
  public void charge(@Valid Charge charge) {
    total = total.add(charge.amount());
  }

  @SqsHandler(queue = "charges-idempotent")
  @Idempotent
  public void chargeOnce(@Valid Charge charge) {
    total = total.add(charge.amount());
  }

  @KinesisHandler(stream = "clicks")
  public void click(@Valid Click click) {
    clicks += click.page().length();
  }

  public BigDecimal total() {
    return total;
  }

  public long clicks() {
    return clicks;
  }
}
