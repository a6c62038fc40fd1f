package dev.kindling.runtime.internal;

import dev.kindling.runtime.idempotency.IdempotencyRecord;
import dev.kindling.runtime.idempotency.IdempotencyStore;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The idempotency claims one batch record holds while it runs on a parallel worker. When the
 * invocation has to return before the record has finished (the deadline margin), the record is
 * reported for retry, but its thread goes on (it is not interrupted). Its claims must
 * then outlive the invocation, or the redelivery would claim the key and run the method a second
 * time while the first may still complete. {@link #keepAlive} extends them by the straggler lease
 * ({@code KINDLING_IDEMPOTENCY_STRAGGLER_LEASE}, ISO-8601, default 15 minutes) and renews them on a
 * daemon thread while the process runs, until the record ends and completes or releases them.
 * While the environment is frozen between invocations nothing renews them, so a straggler frozen
 * for longer than the lease can still complete after a redelivery has run the method.
 */
final class HeldClaims {
  private static final Logger LOG = LoggerFactory.getLogger(HeldClaims.class);
  private static final ThreadLocal<HeldClaims> CURRENT = new ThreadLocal<>();
  static final Duration LEASE = lease(System.getenv("KINDLING_IDEMPOTENCY_STRAGGLER_LEASE"));
  /** What a renewal outside any invocation may take. */
  private static final Duration RENEWAL_BUDGET = Duration.ofSeconds(10);

  private final String recordId;
  private final List<Held> claims = new ArrayList<>(1);
  private boolean straggling;
  private boolean closed;

  private record Held(IdempotencyStore store, IdempotencyRecord claim) {}

  /** The claims of the record running on this thread, or {@code null} outside a parallel worker. */
  static HeldClaims current() {
    return CURRENT.get();
  }

  private HeldClaims(String recordId) {
    this.recordId = recordId;
  }

  /** Collects the claims the guard takes on this thread, for record {@code recordId}, until {@link #close}. */
  static HeldClaims open(String recordId) {
    HeldClaims held = new HeldClaims(recordId);
    CURRENT.set(held);
    return held;
  }

  /** The record has ended: its claims are completed or released, and no longer renewed. */
  void close() {
    CURRENT.remove();
    synchronized (this) {
      claims.clear();
      straggling = false;
      closed = true;
    }
    Renewer.STRAGGLERS.remove(this);
  }

  synchronized void add(IdempotencyStore store, IdempotencyRecord claim) {
    claims.add(new Held(store, claim));
    if (straggling) {
      extend(new Held(store, claim), RENEWAL_BUDGET);
    }
  }

  synchronized void remove(IdempotencyRecord claim) {
    claims.removeIf(held -> held.claim() == claim);
  }

  /**
   * The record is reported for retry but still running: its claims outlive the invocation. The
   * first extension is bounded by {@code budget}, what the invocation has left; the renewer takes
   * over from there.
   */
  void keepAlive(Duration budget) {
    synchronized (this) {
      if (closed) {
        return;
      }
      straggling = true;
      renew(budget);
    }
    Renewer.STRAGGLERS.add(this);
    Renewer.ensureStarted();
  }

  private synchronized void renew(Duration budget) {
    for (Held held : claims) {
      extend(held, budget);
    }
  }

  private void extend(Held held, Duration budget) {
    IdempotencyRecord claim = held.claim();
    IdempotencyRecord extended = claim.withInProgressExpiry(System.currentTimeMillis() + LEASE.toMillis());
    try {
      if (held.store().extend(extended, budget)) {
        LOG.atWarn()
            .addKeyValue(Batches.RECORD_ID, recordId)
            .log("Record {} still running past the deadline margin: its claim on {} is kept for {}", recordId, claim.id(), LEASE);
      }
    } catch (RuntimeException e) {
      LOG.atError()
          .addKeyValue(Batches.RECORD_ID, recordId)
          .setCause(e)
          .log("Could not extend the claim on {} of record {}, still running; a redelivery after its expiry may run it again",
              claim.id(), recordId);
    }
  }

  static Duration lease(String value) {
    if (value == null || value.isBlank()) {
      return Duration.ofMinutes(15);
    }
    try {
      Duration lease = Duration.parse(value.trim());
      if (lease.isNegative() || lease.isZero()) {
        throw new IllegalStateException("KINDLING_IDEMPOTENCY_STRAGGLER_LEASE must be positive, not " + value);
      }
      return lease;
    } catch (DateTimeParseException e) {
      throw new IllegalStateException(
          "KINDLING_IDEMPOTENCY_STRAGGLER_LEASE must be an ISO-8601 duration such as PT15M, not " + value, e);
    }
  }

  /** Renews the claims of records still running after their invocation, a third of the lease apart. */
  private static final class Renewer {
    static final Set<HeldClaims> STRAGGLERS = ConcurrentHashMap.newKeySet();
    private static volatile Thread thread;

    static void ensureStarted() {
      if (thread == null) {
        synchronized (Renewer.class) {
          if (thread == null) {
            Thread started = new Thread(Renewer::run, "kindling-claim-renewer");
            started.setDaemon(true);
            started.start();
            thread = started;
          }
        }
      }
    }

    private static void run() {
      long period = Math.max(1, LEASE.toMillis() / 3);
      while (true) {
        try {
          TimeUnit.MILLISECONDS.sleep(period);
        } catch (InterruptedException e) {
          return;
        }
        for (HeldClaims held : STRAGGLERS) {
          held.renew(RENEWAL_BUDGET);
        }
      }
    }
  }
}
