package dev.kindling.sample.documented;

import dev.kindling.annotation.HeaderParam;
import dev.kindling.annotation.HttpRoute;
import dev.kindling.annotation.Idempotent;
import dev.kindling.annotation.PathParam;
import dev.kindling.annotation.QueryParam;
import jakarta.inject.Singleton;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** HTTP routes a payments team writes, each recording its side effect. */
@Singleton
public class DocumentedApi {
  public record Charge(@NotNull @Positive BigDecimal amount, String note) {}

  public record Receipt(String account, BigDecimal amount, String tenant, String currency, String caller) {}

  public record Customer(String id) {}

  public record KeyedCharge(Customer customer, BigDecimal amount) {}

  public record Schedule(
      Instant at, LocalDate day, OffsetDateTime local, Duration every, Optional<String> memo, Optional<Integer> count) {}

  public record Node(String name, List<Node> children) {}

  public enum Color { RED, GREEN }

  public record Params(int limit, long big, boolean flag, UUID id, Color color, String tenant, Integer page) {}

  /** A result Jackson cannot write. */
  public static final class Unwritable {
    public String getValue() {
      throw new IllegalStateException("secret-unwritable-detail");
    }
  }

  @HttpRoute(method = "POST", path = "/r/accounts/{account}/charges", status = 201)
  @Idempotent
  public Receipt charge(
      @PathParam String account,
      @QueryParam("currency") String currency,
      @HeaderParam("X-Tenant") String tenant,
      @Valid Charge charge) {
    String key = "charge " + account + " " + charge.amount();
    DocumentedEffects.gate(account);
    DocumentedEffects.maybeFail(account);
    DocumentedEffects.EFFECTS.add(key + " " + currency + " " + tenant);
    return new Receipt(account, charge.amount(), tenant, currency, null);
  }

  @HttpRoute(method = "POST", path = "/r/caller/charges", status = 201)
  @Idempotent(perCaller = true)
  public Receipt callerCharge(Charge charge) {
    DocumentedEffects.EFFECTS.add("caller charge " + charge.amount() + " " + charge.note());
    return new Receipt("own", charge.amount(), null, null, charge.note());
  }

  @HttpRoute(method = "POST", path = "/r/caller-loose/charges", status = 201)
  @Idempotent(perCaller = true, payloadValidation = false)
  public Receipt callerLooseCharge(Charge charge) {
    DocumentedEffects.EFFECTS.add("loose charge " + charge.amount() + " " + charge.note());
    return new Receipt("own", charge.amount(), null, null, charge.note());
  }

  @HttpRoute(method = "POST", path = "/r/caller-keyed/charges", status = 201)
  @Idempotent(perCaller = true, key = "customer.id")
  public Receipt callerKeyed(KeyedCharge charge) {
    DocumentedEffects.EFFECTS.add("caller keyed " + charge.customer().id() + " " + charge.amount());
    return new Receipt(charge.customer().id(), charge.amount(), null, null, null);
  }

  @HttpRoute(method = "POST", path = "/r/optional", status = 201)
  @Idempotent(keyOptional = true)
  public Receipt optionalKey(Charge charge) {
    DocumentedEffects.EFFECTS.add("optional " + charge.amount());
    return new Receipt("optional", charge.amount(), null, null, null);
  }

  @HttpRoute(method = "POST", path = "/r/keyed", status = 201)
  @Idempotent(key = "customer.id")
  public Receipt keyed(KeyedCharge charge) {
    DocumentedEffects.EFFECTS.add("keyed " + charge.customer().id() + " " + charge.amount());
    return new Receipt(charge.customer().id(), charge.amount(), null, null, null);
  }

  @HttpRoute(method = "POST", path = "/r/loose", status = 201)
  @Idempotent(payloadValidation = false)
  public Receipt loose(Charge charge) {
    DocumentedEffects.EFFECTS.add("loose " + charge.amount());
    return new Receipt("loose", charge.amount(), null, null, null);
  }

  @HttpRoute(method = "POST", path = "/r/short", status = 201)
  @Idempotent(expiry = "PT2S")
  public Receipt shortLived(Charge charge) {
    DocumentedEffects.EFFECTS.add("short " + charge.amount());
    return new Receipt("short", charge.amount(), null, null, null);
  }

  @HttpRoute(method = "POST", path = "/r/unwritable", status = 201)
  @Idempotent
  public Unwritable unwritable(Charge charge) {
    DocumentedEffects.EFFECTS.add("unwritable " + charge.amount());
    return new Unwritable();
  }

  @HttpRoute(method = "POST", path = "/r/schedules", status = 201)
  @Idempotent
  public Schedule schedule(Schedule schedule) {
    DocumentedEffects.EFFECTS.add("schedule");
    return schedule;
  }

  @HttpRoute(method = "POST", path = "/r/optional-body")
  public String optionalBody(Optional<Charge> charge) {
    return charge.map(c -> "some " + c.amount()).orElse("none");
  }

  @HttpRoute(method = "POST", path = "/r/tree")
  public int tree(Node node) {
    int depth = 0;
    for (Node n = node; n != null && n.children() != null && !n.children().isEmpty(); n = n.children().get(0)) {
      depth++;
    }
    return depth;
  }

  @HttpRoute(method = "POST", path = "/r/tree-idem")
  @Idempotent
  public int treeIdem(Node node) {
    DocumentedEffects.EFFECTS.add("tree");
    return 1;
  }

  @HttpRoute(method = "GET", path = "/r/params")
  public Params params(
      @QueryParam("limit") int limit,
      @QueryParam("big") long big,
      @QueryParam("flag") boolean flag,
      @QueryParam("id") UUID id,
      @QueryParam("color") Color color,
      @HeaderParam("X-Tenant") String tenant,
      @QueryParam("page") Integer page) {
    return new Params(limit, big, flag, id, color, tenant, page);
  }

  @HttpRoute(method = "GET", path = "/r/boom")
  public String boom() {
    throw new IllegalStateException("jdbc:postgresql://db.internal password=hunter2");
  }

  @HttpRoute(method = "GET", path = "/r/overflow")
  public String overflow() {
    return recurse(0);
  }

  private static String recurse(int n) {
    return recurse(n + 1) + "x";
  }

  // Routing as API Gateway does it.
  @HttpRoute(method = "POST", path = "/r/orders/search")
  public String search() {
    return "search";
  }

  @HttpRoute(method = "GET", path = "/r/orders/{id}")
  public String order(@PathParam String id) {
    return "order:" + id;
  }

  @HttpRoute(method = "GET", path = "/r/orders/{id}/lines/{line}")
  public String line(@PathParam String id, @PathParam int line) {
    return "line:" + id + ":" + line;
  }

  @HttpRoute(method = "GET", path = "/r/orders/recent/lines/{line}")
  public String recentLine(@PathParam String line) {
    return "recent-line:" + line;
  }

  @HttpRoute(method = "DELETE", path = "/r/orders/{id}", status = 204)
  public void delete(@PathParam String id) {}

  @HttpRoute(method = "PUT", path = "/r/orders/{id}")
  public String put(@PathParam String id) {
    return "put:" + id;
  }

  @HttpRoute(method = "HEAD", path = "/r/heads/{id}")
  public void head(@PathParam String id) {}

  @HttpRoute(method = "GET", path = "/r/heads/{id}")
  public String getHead(@PathParam String id) {
    return "get-head:" + id;
  }

  @HttpRoute(method = "GET", path = "/")
  public String root() {
    return "root";
  }
}
