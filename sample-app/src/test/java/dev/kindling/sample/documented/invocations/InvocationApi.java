package dev.kindling.sample.documented.invocations;

import dev.kindling.annotation.HeaderParam;
import dev.kindling.annotation.HttpRoute;
import dev.kindling.annotation.Idempotent;
import dev.kindling.annotation.PathParam;
import dev.kindling.annotation.QueryParam;
import dev.kindling.runtime.HttpProblem;
import jakarta.inject.Singleton;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/** HTTP routes bound from REST (1.0), HTTP API (2.0) and Function URL events. */
@Singleton
public class InvocationApi {
  public static final List<String> EFFECTS = Collections.synchronizedList(new ArrayList<>());

  public record Charge(@NotNull @Positive BigDecimal amount, String note) {}

  public record Receipt(String id, BigDecimal amount) {}

  @HttpRoute(method = "GET", path = "/p/limits")
  public String limits(@QueryParam("limit") int limit, @QueryParam("currency") String currency,
      @HeaderParam("X-Tenant") String tenant) {
    return limit + "|" + currency + "|" + tenant;
  }

  @HttpRoute(method = "GET", path = "/p/quotes")
  public String quote(@QueryParam("amount") double amount, @QueryParam("count") Integer count) {
    boolean overLimit = amount > 1000;
    return amount + "|" + count + "|" + (overLimit ? "refused" : "accepted");
  }

  @HttpRoute(method = "GET", path = "/p/orders/{id}")
  public String order(@PathParam String id) {
    EFFECTS.add("get " + id);
    return "order:" + id;
  }

  @HttpRoute(method = "POST", path = "/p/accounts/{account}/captures", status = 202)
  @Idempotent
  public Receipt capture(@PathParam String account, @QueryParam("currency") String currency, @Valid Charge charge) {
    EFFECTS.add("capture " + account + " " + currency + " " + charge.amount());
    return new Receipt(account, charge.amount());
  }

  @HttpRoute(method = "DELETE", path = "/p/cards/{id}", status = 204)
  @Idempotent
  public void removeCard(@PathParam String id) {
    EFFECTS.add("remove " + id);
  }

  @HttpRoute(method = "POST", path = "/p/refunds", status = 201)
  @Idempotent
  public Optional<Receipt> refund(Charge charge) {
    EFFECTS.add("refund " + charge.amount());
    return charge.note() == null ? Optional.empty() : Optional.of(new Receipt(charge.note(), charge.amount()));
  }

  @HttpRoute(method = "POST", path = "/p/batches", status = 201)
  public int batch(@Valid List<Charge> charges) {
    EFFECTS.add("batch " + charges.size());
    return charges.size();
  }

  @HttpRoute(method = "POST", path = "/p/maybe", status = 201)
  public String maybe(@Valid Optional<Charge> charge) {
    EFFECTS.add("maybe " + charge.map(c -> String.valueOf(c.amount())).orElse("none"));
    return "ok";
  }

  @HttpRoute(method = "GET", path = "/p/time")
  public Instant time() {
    return Instant.parse("2026-03-10T05:16:23Z");
  }

  @HttpRoute(method = "POST", path = "/p/declined", status = 201)
  @Idempotent(perCaller = true)
  public Receipt declined(Charge charge) {
    EFFECTS.add("declined " + charge.amount());
    throw new HttpProblem(402, "declined");
  }

  @HttpRoute(method = "POST", path = "/p/caller/charges", status = 201)
  @Idempotent(perCaller = true)
  public Receipt callerCharge(Charge charge) {
    EFFECTS.add("caller " + charge.amount() + " " + charge.note());
    return new Receipt(charge.note(), charge.amount());
  }

  /** Only ever invoked in a child JVM (InvocationLocalTest). */
  @HttpRoute(method = "GET", path = "/p/slow")
  public String slow() throws InterruptedException {
    Thread.sleep(10_000);
    return "slow";
  }

  /** Only ever invoked in a child JVM (InvocationLocalTest). */
  @HttpRoute(method = "GET", path = "/p/exit")
  public String exit() {
    Runtime.getRuntime().halt(3);
    return "unreachable";
  }
}
