package dev.kindling.sample;

import dev.kindling.annotation.HttpRoute;
import dev.kindling.annotation.Idempotent;
import dev.kindling.annotation.PathParam;
import dev.kindling.annotation.QueryParam;
import dev.kindling.runtime.HttpProblem;
import jakarta.inject.Singleton;
import jakarta.validation.Valid;
import java.math.BigDecimal;
import java.util.List;

/** The order service's HTTP API: one Lambda function, {@code OrderApi_HttpHandler}. */
@Singleton
public class OrderApi {
  private final OrderStore store;

  public OrderApi(OrderStore store) {
    this.store = store;
  }

  /** A client retrying with the same {@code Idempotency-Key} gets the same order back. */
  @HttpRoute(method = "POST", path = "/orders", status = 201)
  @Idempotent(expiry = "PT1H")
  public Order create(@Valid CreateOrder order) {
    BigDecimal total =
        order.lines().stream()
            .map(line -> line.unitPrice().multiply(BigDecimal.valueOf(line.quantity())))
            .reduce(BigDecimal.ZERO, BigDecimal::add);
    return store.save(new Order(store.nextId(), order.customerId(), order.lines(), total, OrderStatus.NEW));
  }

  @HttpRoute(method = "GET", path = "/orders/{id}")
  public Order get(@PathParam String id) {
    return store.find(id).orElseThrow(() -> new HttpProblem(404, "Order " + id + " does not exist"));
  }

  @HttpRoute(method = "GET", path = "/orders")
  public List<Order> list(@QueryParam("customerId") String customerId, @QueryParam("limit") Integer limit) {
    int max = limit == null ? 20 : limit;
    if (max < 1 || max > 100) {
      throw new HttpProblem(400, "limit must be between 1 and 100");
    }
    return store.byCustomer(customerId, max);
  }
}
