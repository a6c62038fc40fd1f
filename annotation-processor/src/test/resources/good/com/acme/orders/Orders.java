package com.acme.orders;

import com.amazonaws.services.lambda.runtime.Context;
import dev.kindling.annotation.HeaderParam;
import dev.kindling.annotation.HttpRoute;
import dev.kindling.annotation.PathParam;
import dev.kindling.annotation.QueryParam;
import jakarta.inject.Singleton;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import java.util.List;
import java.util.UUID;

/**
 * Every HTTP binding: path variables with and without an explicit name, every query parameter
 * type, a header, a validated JSON body, the Lambda context, void and generic results, and a
 * literal route beside a variable one at the same depth.
 */
@Singleton
public class Orders {
  public enum Status {
    OPEN,
    SHIPPED,
    CANCELLED
  }

  /** The JSON body of {@link #create}. */
  public static class NewOrder {
    @NotBlank public String customer;
    @Positive public int quantity;
  }

  public record Order(UUID id, String customer, Status status) {}

  @HttpRoute(method = "POST", path = "/orders", status = 201)
  public Order create(@Valid NewOrder request, @HeaderParam("X-Tenant") String tenant) {
    return new Order(UUID.randomUUID(), request.customer, Status.OPEN);
  }

  @HttpRoute(path = "/orders/{id}")
  public Order find(@PathParam UUID id) {
    return new Order(id, "acme", Status.OPEN);
  }

  @HttpRoute(path = "/orders/search")
  public List<Order> search(
      @QueryParam("q") String text,
      @QueryParam int limit,
      @QueryParam Integer page,
      @QueryParam("since") long sinceEpochMillis,
      @QueryParam boolean includeCancelled,
      @QueryParam UUID customerId,
      @QueryParam Status status) {
    return List.of();
  }

  @HttpRoute(method = "DELETE", path = "/orders/{id}", status = 204)
  public void cancel(@PathParam("id") String orderId, @HeaderParam String authorization, Context context) {}

  @HttpRoute(method = "PUT", path = "/customers/{customerId}/orders/{orderId}")
  public Order assign(@PathParam UUID customerId, @PathParam("orderId") UUID order, Context context) {
    return new Order(order, customerId.toString(), Status.OPEN);
  }
}
