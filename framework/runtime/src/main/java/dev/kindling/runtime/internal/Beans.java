package dev.kindling.runtime.internal;

import io.micronaut.context.BeanContext;

/**
 * The one bean context of this process. It starts during Lambda init, when the runtime
 * constructs the first generated entry, and serves every invocation after that.
 */
public final class Beans {
  private static volatile BeanContext context;

  private Beans() {}

  /** Returns the singleton bean of {@code type}, starting the context on first use. */
  public static <T> T get(Class<T> type) {
    return context().getBean(type);
  }

  /** The bean of {@code type} if the context has one. */
  public static <T> java.util.Optional<T> find(Class<T> type) {
    return context().findBean(type);
  }

  private static BeanContext context() {
    BeanContext started = context;
    if (started == null) {
      synchronized (Beans.class) {
        started = context;
        if (started == null) {
          started = BeanContext.run();
          context = started;
        }
      }
    }
    return started;
  }
}
