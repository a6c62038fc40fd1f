package dev.kindling.bench.logging.kindling;

import dev.kindling.annotation.SqsHandler;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The benchmark function: logs one line per order placed. Kindling generates
 * {@code OrderEvents_PlacedSqsHandler}, which adds {@code record_id} to each line and ends the batch
 * with its summary line.
 */
@Singleton
public class OrderEvents {
  private static final Logger LOG = LoggerFactory.getLogger(OrderEvents.class);

  /** One message body. */
  public record OrderPlaced(String orderId, BigDecimal amount) {}

  @SqsHandler(queue = "orders-placed")
  public void placed(OrderPlaced order) {
    LOG.info("Order {} placed for {}", order.orderId(), order.amount());
  }
}
