package dev.kindling.sample;

import dev.kindling.annotation.SqsHandler;
import dev.kindling.runtime.RecordContext;
import jakarta.inject.Singleton;
import jakarta.validation.Valid;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies order events from the {@code order-events.fifo} queue strictly in order per order:
 * {@code OrderTimeline_ApplySqsHandler}. An event whose type starts with {@code retry-} fails on
 * its first delivery; the FIFO entry then fails the rest of that order's events in the batch,
 * so they are retried behind it and the order is kept.
 */
@Singleton
public class OrderTimeline {
  private static final Logger LOG = LoggerFactory.getLogger(OrderTimeline.class);

  private final Map<String, List<Integer>> applied = new ConcurrentHashMap<>();

  @SqsHandler(queue = "order-events.fifo", fifo = true, batchSize = 10)
  public void apply(@Valid OrderEvent event, RecordContext record) {
    if (event.type().startsWith("retry-") && record.approximateReceiveCount() == 1) {
      throw new IllegalStateException("downstream busy for " + event.orderId() + " step " + event.step());
    }
    List<Integer> steps = applied.computeIfAbsent(event.orderId(), id -> new CopyOnWriteArrayList<>());
    int expected = steps.size();
    if (event.step() != expected) {
      throw new IllegalStateException(
          "order " + event.orderId() + " got step " + event.step() + " but expected " + expected);
    }
    steps.add(event.step());
    LOG.info("Applied {} step {}", event.orderId(), event.step());
  }

  /** The steps applied per order, in the order they were applied. */
  public Map<String, List<Integer>> applied() {
    return Map.copyOf(applied);
  }
}
