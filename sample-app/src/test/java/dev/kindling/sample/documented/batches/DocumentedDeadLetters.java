package dev.kindling.sample.documented.batches;

import dev.kindling.runtime.deadletter.DeadLetter;
import dev.kindling.runtime.deadletter.DeadLetterSender;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The application's own DeadLetterSender (the README: "an application that declares its own
 * DeadLetterSender bean wins"): records every letter it accepts; tests make it fail, or forward
 * to a real sender on ElasticMQ.
 */
@Singleton
public class DocumentedDeadLetters implements DeadLetterSender {
  public static final List<DeadLetter> SENT = Collections.synchronizedList(new ArrayList<>());
  /** When set, every send throws it. */
  public static volatile RuntimeException failWith;
  /** When set, letters are forwarded to it. */
  public static volatile DeadLetterSender forwardTo;

  public static void reset() {
    SENT.clear();
    failWith = null;
    forwardTo = null;
  }

  @Override
  public void send(DeadLetter letter, Duration timeout) {
    RuntimeException failure = failWith;
    if (failure != null) {
      throw failure;
    }
    DeadLetterSender forward = forwardTo;
    if (forward != null) {
      forward.send(letter, timeout);
    }
    SENT.add(letter);
  }
}
