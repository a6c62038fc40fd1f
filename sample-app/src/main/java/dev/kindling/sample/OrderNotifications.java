package dev.kindling.sample;

import dev.kindling.annotation.DynamoDbStreamHandler;
import dev.kindling.runtime.DynamoDbChange;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notifies customers when their order changes, from the orders table's stream:
 * {@code OrderNotifications_OrderChangedDynamoDbStreamHandler}.
 */
@Singleton
public class OrderNotifications {
  private static final Logger LOG = LoggerFactory.getLogger(OrderNotifications.class);

  private final List<String> sent = new CopyOnWriteArrayList<>();

  @DynamoDbStreamHandler(table = "orders", startingPosition = "TRIM_HORIZON")
  public void orderChanged(DynamoDbChange<OrderRecord> change) {
    String message =
        switch (change.eventName()) {
          case "INSERT" -> "Order " + change.newImage().id() + " received";
          case "MODIFY" -> "Order " + change.newImage().id() + " is now " + change.newImage().status();
          case "REMOVE" -> "Order " + change.oldImage().id() + " was deleted";
          default -> throw new IllegalArgumentException("Unknown change " + change.eventName());
        };
    sent.add(message);
    LOG.info("Notified: {}", message);
  }

  public List<String> sent() {
    return List.copyOf(sent);
  }
}
