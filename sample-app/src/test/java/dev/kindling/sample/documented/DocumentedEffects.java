package dev.kindling.sample.documented;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

/** What the fixtures of the documented behaviour did, so a test can tell what ran and how often. */
public final class DocumentedEffects {
  public static final List<String> EFFECTS = Collections.synchronizedList(new ArrayList<>());
  /** Keys whose next run throws once. */
  public static final Set<String> FAIL_ONCE = ConcurrentHashMap.newKeySet();
  /** Keys whose run waits on a latch before its side effect. */
  public static final Map<String, CountDownLatch> GATES = new ConcurrentHashMap<>();
  /** Signalled when a gated run has started. */
  public static final Map<String, CountDownLatch> STARTED = new ConcurrentHashMap<>();

  private DocumentedEffects() {}

  public static void reset() {
    EFFECTS.clear();
    FAIL_ONCE.clear();
    GATES.clear();
    STARTED.clear();
  }

  static void gate(String key) {
    CountDownLatch started = STARTED.get(key);
    if (started != null) {
      started.countDown();
    }
    CountDownLatch gate = GATES.get(key);
    if (gate != null) {
      try {
        gate.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  static void maybeFail(String key) {
    if (FAIL_ONCE.remove(key)) {
      throw new IllegalStateException("provider down for " + key);
    }
  }

  /** Sleeps ignoring interrupts, as JDBC or blocking I/O would. */
  static void sleepUninterruptibly(long millis) {
    long end = System.currentTimeMillis() + millis;
    boolean interrupted = false;
    while (System.currentTimeMillis() < end) {
      try {
        Thread.sleep(Math.max(1, end - System.currentTimeMillis()));
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
