package dev.kindling.sample.documented;

import dev.kindling.annotation.KinesisHandler;
import dev.kindling.annotation.SqsHandler;
import jakarta.inject.Singleton;

/** Consumers without @Idempotent: a record that blows up must fail only itself. */
@Singleton
public class DocumentedPlainQueue {
  public record Work(String orderId) {}

  @SqsHandler(queue = "documented-plain")
  public void handle(Work work) {
    if (work.orderId().startsWith("overflow")) {
      recurse(0);
    }
    DocumentedEffects.EFFECTS.add("plain " + work.orderId());
  }

  @KinesisHandler(stream = "documented-clicks")
  public void click(String data) {
    if (data.contains("overflow")) {
      recurse(0);
    }
    DocumentedEffects.EFFECTS.add("click " + data);
  }

  private static int recurse(int n) {
    return recurse(n + 1) + 1;
  }
}
