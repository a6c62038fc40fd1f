package dev.kindling.sample;

import jakarta.inject.Singleton;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Orders kept in memory for the life of one execution environment. */
@Singleton
public class OrderStore {
  private final Map<String, Order> orders = new ConcurrentHashMap<>();
  private final AtomicLong sequence = new AtomicLong();

  public String nextId() {
    return "ord-" + sequence.incrementAndGet();
  }

  public Order save(Order order) {
    orders.put(order.id(), order);
    return order;
  }

  /** Orders of one customer (all customers when {@code customerId} is null), oldest first. */
  public List<Order> byCustomer(String customerId, int limit) {
    return orders.values().stream()
        .filter(order -> customerId == null || customerId.equals(order.customerId()))
        .sorted(Comparator.comparingLong(order -> Long.parseLong(order.id().substring(4))))
        .limit(limit)
        .toList();
  }

  public Optional<Order> find(String id) {
    return Optional.ofNullable(orders.get(id));
  }
}
