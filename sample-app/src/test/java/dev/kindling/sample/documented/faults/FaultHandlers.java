package dev.kindling.sample.documented.faults;

import dev.kindling.annotation.DynamoDbStreamHandler;
import dev.kindling.annotation.Idempotent;
import dev.kindling.annotation.KinesisHandler;
import dev.kindling.annotation.SqsHandler;
import dev.kindling.runtime.RecordContext;
import jakarta.inject.Singleton;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.PositiveOrZero;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Fault scenarios: handlers run end to end in a child JVM (kindling-local). Every attempt and every side effect is
 * appended (synced) to files named by {@code FAULT_LEDGER}, so what ran survives a process the test kills.
 *
 * <p>Actions: {@code ok}; {@code hang1} (first attempt hangs before its effect, ignoring interrupts);
 * {@code fail1} (first attempt throws); {@code fail} (every attempt throws); {@code crash1} (first attempt halts
 * the JVM, as Lambda does when the memory limit is exceeded); {@code slow<ms>} (sleeps ignoring interrupts, then
 * the effect); {@code effectThenWait<ms>} (the effect, then an interruptible wait that propagates).
 */
@Singleton
public class FaultHandlers {
  private static final Logger LOG = LoggerFactory.getLogger(FaultHandlers.class);

  /** One step of an order; {@code amountsByCard} may only hold amounts of zero or more. */
  public record Step(
      @NotBlank String orderId,
      int step,
      @NotBlank String action,
      String cardNumber,
      Map<String, @PositiveOrZero BigDecimal> amountsByCard) {}

  @SqsHandler(queue = "fault-pay.fifo", fifo = true, maxReceiveCount = 3, deadLetterUnprocessable = true)
  @Idempotent(key = {"orderId", "step"})
  public void fifoPay(@Valid Step step, RecordContext record) {
    act("fifo", step, record);
  }

  @SqsHandler(queue = "fault-charge", parallel = true, maxReceiveCount = 3)
  @Idempotent(key = {"orderId", "step"})
  public void charge(@Valid Step step, RecordContext record) {
    act("charge", step, record);
  }

  @KinesisHandler(stream = "fault-clicks", maxRetryAttempts = 2, bisectOnError = true)
  @Idempotent
  public void click(@Valid Step step, RecordContext record) {
    act("click", step, record);
  }

  @DynamoDbStreamHandler(table = "fault-orders", maxRetryAttempts = 2, bisectOnError = true)
  @Idempotent
  public void orderChanged(@Valid Step step, RecordContext record) {
    act("ddb", step, record);
  }

  /** A stock change; {@code quantity} is a whole number. */
  public record Quantity(String id, int quantity) {}

  /** What {@link #quantity} received, in the test JVM. */
  public static final java.util.List<String> QUANTITIES = java.util.Collections.synchronizedList(new java.util.ArrayList<>());

  @DynamoDbStreamHandler(table = "fault-quantities")
  public void quantity(Quantity quantity) {
    QUANTITIES.add(quantity.id() + "=" + quantity.quantity());
  }

  @KinesisHandler(stream = "fault-quantities")
  public void quantityFromKinesis(Quantity quantity) {
    QUANTITIES.add("kinesis " + quantity.id() + "=" + quantity.quantity());
  }

  @dev.kindling.annotation.HttpRoute(method = "POST", path = "/faults/steps")
  public String postStep(@Valid Step step) {
    return step.orderId();
  }

  static void act(String kind, Step step, RecordContext record) {
    String key = step.orderId() + "/" + step.step();
    int attempt = attempt(kind + " " + key);
    if (step.cardNumber() != null) {
      MDC.put("cardNumber", step.cardNumber());
    }
    LOG.atInfo().addKeyValue("step", step)
        .log("Attempt {} of {} {} (receive #{})", attempt, kind, key, record.approximateReceiveCount());
    String action = step.action();
    switch (action) {
      case "ok" -> effect(kind, key, record, attempt);
      case "hang1" -> {
        if (attempt == 1) {
          sleepIgnoringInterrupts(Long.MAX_VALUE / 4);
        }
        effect(kind, key, record, attempt);
      }
      case "fail1" -> {
        if (attempt == 1) {
          throw new IllegalStateException("transient failure of " + key);
        }
        effect(kind, key, record, attempt);
      }
      case "fail" -> throw new IllegalStateException("permanent failure of " + key);
      case "crash1" -> {
        if (attempt == 1) {
          LOG.warn("Halting the runtime while processing {}", key);
          Runtime.getRuntime().halt(137);
        }
        effect(kind, key, record, attempt);
      }
      default -> {
        if (action.startsWith("slow")) {
          sleepIgnoringInterrupts(Long.parseLong(action.substring(4)));
          effect(kind, key, record, attempt);
        } else if (action.startsWith("effectThenWait")) {
          effect(kind, key, record, attempt);
          try {
            Thread.sleep(Long.parseLong(action.substring("effectThenWait".length())));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted after the effect of " + key, e);
          }
        } else {
          throw new IllegalArgumentException("unknown action " + action);
        }
      }
    }
  }

  private static void effect(String kind, String key, RecordContext record, int attempt) {
    append("effects.txt", kind + " " + key + " " + record.recordId() + " " + record.approximateReceiveCount() + " "
        + ProcessHandle.current().pid() + " " + attempt);
    LOG.info("Effect of {} {}", kind, key);
  }

  private static synchronized int attempt(String name) {
    append("attempts.txt", name);
    try {
      return (int) Files.readAllLines(dir().resolve("attempts.txt")).stream().filter(name::equals).count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static synchronized void append(String file, String line) {
    try {
      Files.writeString(dir().resolve(file), line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
          StandardOpenOption.APPEND, StandardOpenOption.WRITE, StandardOpenOption.SYNC);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path dir() {
    String dir = System.getenv("FAULT_LEDGER");
    if (dir == null) {
      throw new IllegalStateException("FAULT_LEDGER is not set");
    }
    return Path.of(dir);
  }

  private static void sleepIgnoringInterrupts(long millis) {
    long until = System.currentTimeMillis() + Math.min(millis, 3_600_000L);
    while (System.currentTimeMillis() < until) {
      try {
        Thread.sleep(Math.max(1, until - System.currentTimeMillis()));
      } catch (InterruptedException e) {
        // ignored on purpose, as JDBC, blocking I/O or a CPU loop would
      }
    }
  }
}
