package dev.kindling.sample.documented.batches;

import dev.kindling.annotation.DynamoDbStreamHandler;
import dev.kindling.annotation.FunctionHandler;
import dev.kindling.annotation.HttpRoute;
import dev.kindling.annotation.KinesisHandler;
import dev.kindling.annotation.SqsHandler;
import dev.kindling.runtime.DynamoDbChange;
import dev.kindling.runtime.RecordContext;
import jakarta.inject.Singleton;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * DocumentedEvents fixtures: one handler per documented mode. Each record's behaviour is chosen by its
 * payload's {@code action}; every attempt is recorded in {@link #EFFECTS} (as "kind id") before the
 * action runs, so a test can tell exactly what ran, and how often.
 */
@Singleton
public class DocumentedHandlers {
  private static final Logger LOG = LoggerFactory.getLogger(DocumentedHandlers.class);

  /** Every attempt, in order: "kind id". */
  public static final List<String> EFFECTS = Collections.synchronizedList(new ArrayList<>());
  /** The MDC each attempt found when its method started, by "kind id". */
  public static final Map<String, Map<String, String>> MDC_AT_START = new ConcurrentHashMap<>();
  /** The MDC deque of key "stack" each attempt found, by "kind id". */
  public static final Map<String, String> DEQUE_AT_START = new ConcurrentHashMap<>();

  /** A payment; {@code action} says what the handler does with it. */
  public record Payment(@NotBlank String id, String action, String cardNumber) {}

  /** An error a handler's code throws; not an Exception. */
  public static final class PaymentError extends Error {
    private static final long serialVersionUID = 1L;

    public PaymentError(String message) {
      super(message);
    }
  }

  @SqsHandler(queue = "promised-standard")
  public void standard(@Valid Payment payment, RecordContext record) {
    act("standard", payment, record);
  }

  @SqsHandler(queue = "promised-orders.fifo", fifo = true)
  public void fifo(@Valid Payment payment, RecordContext record) {
    act("fifo", payment, record);
  }

  @SqsHandler(queue = "promised-parallel", parallel = true)
  public void parallel(@Valid Payment payment, RecordContext record) {
    act("parallel", payment, record);
  }

  @SqsHandler(queue = "promised-dead.fifo", fifo = true, maxReceiveCount = 3, deadLetterUnprocessable = true)
  public void fifoDead(@Valid Payment payment, RecordContext record) {
    act("fifoDead", payment, record);
  }

  @SqsHandler(queue = "promised-dead", deadLetterUnprocessable = true)
  public void standardDead(@Valid Payment payment, RecordContext record) {
    act("standardDead", payment, record);
  }

  @SqsHandler(queue = "promised-dead-parallel", parallel = true, deadLetterUnprocessable = true)
  public void parallelDead(@Valid Payment payment, RecordContext record) {
    act("parallelDead", payment, record);
  }

  @KinesisHandler(stream = "promised-clicks")
  public void kinesis(Payment payment, RecordContext record) {
    act("kinesis", payment, record);
  }

  @KinesisHandler(stream = "promised-text")
  public void kinesisText(String text, RecordContext record) {
    EFFECTS.add("kinesisText " + text);
  }

  @DynamoDbStreamHandler(table = "promised-orders")
  public void dynamo(Payment payment, RecordContext record) {
    act("dynamo", payment, record);
  }

  @DynamoDbStreamHandler(table = "promised-changes")
  public void changes(DynamoDbChange<Payment> change, RecordContext record) {
    EFFECTS.add("changes " + change.eventName() + " " + change.keys()
        + " old=" + (change.oldImage() == null ? null : change.oldImage().id())
        + " new=" + (change.newImage() == null ? null : change.newImage().id()));
  }

  @FunctionHandler
  public Payment function(Payment payment) {
    act("function", payment, null);
    return payment;
  }

  @HttpRoute(method = "POST", path = "/promised/payments")
  public Payment http(Payment payment) {
    act("http", payment, null);
    return payment;
  }

  private static void act(String kind, Payment payment, RecordContext record) {
    String name = kind + " " + payment.id();
    Map<String, String> mdc = MDC.getCopyOfContextMap();
    MDC_AT_START.put(name, mdc == null ? Map.of() : new LinkedHashMap<>(mdc));
    DEQUE_AT_START.put(name, String.valueOf(MDC.getMDCAdapter().getCopyOfDequeByKey("stack")));
    EFFECTS.add(name);
    // What a record's code may do to the MDC: add, change, remove, push.
    MDC.put("leaked_" + payment.id(), "from " + payment.id());
    MDC.put("init_key", "changed by " + payment.id());
    MDC.remove("init_removed");
    MDC.pushByKey("stack", "pushed by " + payment.id());
    if (payment.cardNumber() != null) {
      MDC.put("cardNumber", payment.cardNumber());
    }
    LOG.atInfo().addKeyValue("payment", payment).log("Handling {}", payment.id());
    String action = payment.action() == null ? "ok" : payment.action();
    if (action.startsWith("sleep-")) {
      // sleep-<ms>[-fail]: ignores interrupts, as JDBC or a CPU loop would.
      String[] parts = action.split("-");
      long until = System.currentTimeMillis() + Long.parseLong(parts[1]);
      while (System.currentTimeMillis() < until) {
        try {
          Thread.sleep(Math.max(1, until - System.currentTimeMillis()));
        } catch (InterruptedException e) {
          // ignored on purpose
        }
      }
      action = parts.length > 2 ? parts[2] : "ok";
    }
    switch (action) {
      case "ok" -> { }
      case "fail" -> throw new IllegalStateException("declined " + payment.id());
      case "failfirst" -> {
        if (record != null && record.approximateReceiveCount() == 1) {
          throw new IllegalStateException("provider down for " + payment.id());
        }
      }
      case "overflow" -> recurse(0);
      case "error" -> throw new PaymentError("payment error " + payment.id());
      default -> throw new IllegalArgumentException("unknown action " + action);
    }
    EFFECTS.add(name + " done");
  }

  private static int recurse(int depth) {
    return recurse(depth + 1) + 1;
  }
}
