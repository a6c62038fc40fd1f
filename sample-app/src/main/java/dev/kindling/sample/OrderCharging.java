package dev.kindling.sample;

import dev.kindling.annotation.Idempotent;
import dev.kindling.annotation.SqsHandler;
import dev.kindling.runtime.RecordContext;
import jakarta.inject.Singleton;
import jakarta.validation.Valid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Charges orders from the {@code charge-orders} queue: {@code OrderCharging_ChargeSqsHandler}.
 * A message that fails validation fails on every receive and lands in the dead-letter queue
 * after three; a provider timeout fails once and succeeds on the retry. A message sent twice
 * for the same order charges it once.
 */
@Singleton
public class OrderCharging {
  private static final Logger LOG = LoggerFactory.getLogger(OrderCharging.class);

  private final PaymentGateway payments;

  public OrderCharging(PaymentGateway payments) {
    this.payments = payments;
  }

  @SqsHandler(queue = "charge-orders", maxReceiveCount = 3)
  @Idempotent(key = "orderId", expiry = "PT24H")
  public void charge(@Valid ChargeOrder order, RecordContext record) {
    String charge = payments.charge(order.orderId(), order.customerId(), order.amount());
    LOG.info("Charged {} as {} (receive #{})", order.orderId(), charge, record.approximateReceiveCount());
  }
}
