package dev.kindling.sample.documented.edges;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import dev.kindling.annotation.FunctionHandler;
import dev.kindling.annotation.HttpRoute;
import dev.kindling.annotation.Idempotent;
import dev.kindling.annotation.SqsHandler;
import dev.kindling.runtime.HttpProblem;
import jakarta.inject.Singleton;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Handlers at the edges of what the README promises: each records its side effect in EFFECTS. */
@Singleton
public class EdgeHandlers {
  public static final List<String> EFFECTS = Collections.synchronizedList(new ArrayList<>());
  public static final Set<String> FAIL_ONCE = ConcurrentHashMap.newKeySet();

  /** Masks a card number on output, as payments DTOs commonly do: "************1111". */
  public static final class Mask extends StdSerializer<String> {
    private static final long serialVersionUID = 1L;

    public Mask() {
      super(String.class);
    }

    @Override
    public void serialize(String value, JsonGenerator gen, SerializerProvider provider) throws IOException {
      gen.writeString("*".repeat(Math.max(0, value.length() - 4)) + value.substring(Math.max(0, value.length() - 4)));
    }
  }

  public record CardCharge(@JsonSerialize(using = Mask.class) String cardNumber, BigDecimal amount) {}

  /** A secret accepted on input but never written back (WRITE_ONLY). */
  public static final class TokenCharge {
    @JsonProperty(access = JsonProperty.Access.WRITE_ONLY)
    public String cardToken;

    public BigDecimal amount;
  }

  public record Tagged(String id, JsonNode attributes) {}

  public record Amount(String account, BigDecimal amount, String name) {}

  public record Ref(String id) {}

  public record Receipt(String id, String detail) {}

  public record Order(@NotNull String orderId, long sleepMillis) {}

  public record Charge(BigDecimal amount) {}

  // --- whole-payload keys of functions ---

  @FunctionHandler
  @Idempotent
  public String chargeCard(CardCharge charge) {
    EFFECTS.add("card " + charge.cardNumber() + " " + charge.amount());
    return "charged " + charge.cardNumber().substring(charge.cardNumber().length() - 4) + " " + charge.amount();
  }

  @FunctionHandler
  @Idempotent
  public String chargeToken(TokenCharge charge) {
    EFFECTS.add("token " + charge.cardToken + " " + charge.amount);
    return "charged token " + charge.cardToken + " " + charge.amount;
  }

  @FunctionHandler
  @Idempotent
  public String tree(JsonNode payload) {
    EFFECTS.add("tree " + payload.path("orderId").asText());
    return "tree " + payload.path("orderId").asText();
  }

  @FunctionHandler
  @Idempotent(key = "id")
  public String tagged(Tagged tagged) {
    EFFECTS.add("tagged " + tagged.id());
    return "tagged " + tagged.id();
  }

  @FunctionHandler
  @Idempotent
  public String amount(Amount amount) {
    EFFECTS.add("amount " + amount.account() + " " + amount.amount() + " " + amount.name());
    return "amount " + amount.amount();
  }

  @FunctionHandler
  @Idempotent
  public String mapPayload(Map<String, Object> payload) {
    EFFECTS.add("map " + payload);
    return "map";
  }

  @FunctionHandler
  @Idempotent(key = "id")
  public Receipt nothing(Ref ref) {
    EFFECTS.add("nothing " + ref.id());
    return null;
  }

  // --- HTTP ---

  @HttpRoute(method = "POST", path = "/edge/cards", status = 201)
  @Idempotent
  public Receipt httpCard(CardCharge charge) {
    EFFECTS.add("http card " + charge.cardNumber() + " " + charge.amount());
    return new Receipt(charge.cardNumber().substring(charge.cardNumber().length() - 4), "charged " + charge.amount());
  }

  @HttpRoute(method = "POST", path = "/edge/declines", status = 201)
  @Idempotent
  public Receipt decline(Charge charge) {
    EFFECTS.add("decline attempt " + charge.amount());
    throw new HttpProblem(402, "The card was declined");
  }

  @HttpRoute(method = "POST", path = "/edge/optional-caller", status = 201)
  @Idempotent(keyOptional = true, perCaller = true)
  public Receipt optionalCaller(Charge charge) {
    EFFECTS.add("optional caller " + charge.amount());
    return new Receipt("oc", "charged " + charge.amount());
  }

  @HttpRoute(method = "POST", path = "/edge/nothing", status = 201)
  @Idempotent
  public Receipt httpNothing(Ref ref) {
    EFFECTS.add("http nothing " + ref.id());
    return null;
  }

  @HttpRoute(method = "POST", path = "/edge/big", status = 201)
  @Idempotent
  public Map<String, Object> big(Ref ref) {
    EFFECTS.add("big " + ref.id());
    return Map.of("id", ref.id(), "blob", "\"x\"".repeat(100_000));
  }

  @HttpRoute(method = "POST", path = "/edge/card-map", status = 201)
  public String cardMap(Map<String, BigDecimal> amountsByCard) {
    return "ok";
  }

  // --- queues ---

  @SqsHandler(queue = "edge-parallel-dead", parallel = true, deadLetterUnprocessable = true)
  @Idempotent(key = "orderId")
  public void parallelDead(@Valid Order order) {
    EFFECTS.add("pd start " + order.orderId());
    if (FAIL_ONCE.remove(order.orderId())) {
      throw new IllegalStateException("provider down");
    }
    long end = System.currentTimeMillis() + order.sleepMillis();
    while (System.currentTimeMillis() < end) {
      try {
        Thread.sleep(Math.max(1, end - System.currentTimeMillis()));
      } catch (InterruptedException e) {
        // ignores interrupts, as JDBC does
      }
    }
    EFFECTS.add("pd done " + order.orderId());
  }

  @SqsHandler(queue = "edge-fifo.fifo", fifo = true, maxReceiveCount = 3, deadLetterUnprocessable = true)
  @Idempotent(key = "orderId")
  public void fifo(@Valid Order order) {
    EFFECTS.add("fifo start " + order.orderId());
    if (FAIL_ONCE.remove(order.orderId())) {
      throw new IllegalStateException("provider down");
    }
    EFFECTS.add("fifo done " + order.orderId());
  }

  @SqsHandler(queue = "edge-log")
  public void logged(String body) {
    org.slf4j.LoggerFactory.getLogger(EdgeHandlers.class).debug("debug line of a record");
    EFFECTS.add("logged");
  }

  @HttpRoute(method = "POST", path = "/edge/echo")
  public String echo(JsonNode body) {
    return "ok";
  }

  @SqsHandler(queue = "edge-parallel-slow-store", parallel = true)
  @Idempotent(key = "orderId")
  public void parallelSlowStore(Order order) {
    EFFECTS.add("slow store start " + order.orderId());
    long end = System.currentTimeMillis() + order.sleepMillis();
    while (System.currentTimeMillis() < end) {
      try {
        Thread.sleep(Math.max(1, end - System.currentTimeMillis()));
      } catch (InterruptedException e) {
        // ignores interrupts
      }
    }
    EFFECTS.add("slow store done " + order.orderId());
  }
}
