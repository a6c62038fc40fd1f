package dev.kindling.sample;

import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Stands in for a payment provider. Customer ids starting with {@code flaky-} time out on the
 * first attempt, the way a real provider sometimes does, so retries can be seen locally.
 */
@Singleton
public class PaymentGateway {
  private final List<String> charges = new CopyOnWriteArrayList<>();
  private final Map<String, Integer> attempts = new ConcurrentHashMap<>();

  public String charge(String orderId, String customerId, BigDecimal amount) {
    int attempt = attempts.merge(orderId, 1, Integer::sum);
    if (customerId.startsWith("flaky-") && attempt == 1) {
      throw new PaymentTimeoutException("payment provider timed out charging " + orderId);
    }
    charges.add(orderId);
    return "ch-" + orderId + "-" + amount.toPlainString();
  }

  /** Order ids charged so far, in order; an id appears once per successful charge. */
  public List<String> charges() {
    return List.copyOf(charges);
  }

  /** A transient failure: the message is retried. */
  public static final class PaymentTimeoutException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PaymentTimeoutException(String message) {
      super(message);
    }
  }
}
