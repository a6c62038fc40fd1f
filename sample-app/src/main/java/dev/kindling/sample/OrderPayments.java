package dev.kindling.sample;

import dev.kindling.annotation.SqsHandler;
import dev.kindling.runtime.RecordContext;
import jakarta.inject.Singleton;
import jakarta.validation.Valid;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pays order steps from the {@code order-payments.fifo} queue in order per order:
 * {@code OrderPayments_PaySqsHandler}. A step that can never succeed (not JSON, or failing
 * {@code @Valid}) is moved to the dead-letter queue by Kindling at once, and one whose provider is
 * down ({@code down-} types) on its last receive, so the rest of the order is paid instead of
 * following it there unprocessed. A {@code retry-} step fails on its first delivery only.
 */
@Singleton
public class OrderPayments {
  private static final Logger LOG = LoggerFactory.getLogger(OrderPayments.class);

  private final Map<String, Integer> lastPaid = new ConcurrentHashMap<>();

  @SqsHandler(queue = "order-payments.fifo", fifo = true, maxReceiveCount = 3, deadLetterUnprocessable = true)
  public void pay(@Valid OrderEvent event, RecordContext record) {
    if (event.type().startsWith("down-")
        || (event.type().startsWith("retry-") && record.approximateReceiveCount() == 1)) {
      throw new IllegalStateException("payment provider unavailable for " + event.orderId() + " step " + event.step());
    }
    int last = lastPaid.getOrDefault(event.orderId(), -1);
    if (event.step() <= last) {
      throw new IllegalStateException(
          "order " + event.orderId() + " got step " + event.step() + " after step " + last);
    }
    lastPaid.put(event.orderId(), event.step());
    LOG.info("Paid {} step {} (receive #{})", event.orderId(), event.step(), record.approximateReceiveCount());
  }
}
