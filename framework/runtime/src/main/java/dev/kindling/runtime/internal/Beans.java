package dev.kindling.runtime.internal;

import io.micronaut.context.BeanContext;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.LoggerFactory;

/**
 * The one bean context of this process. It starts during Lambda init, on a background thread, as
 * soon as the first generated entry class initializes: the entry's own preparation (JSON readers
 * and writers, the router, the validator) runs on the init thread meanwhile, and the entry's
 * constructor waits for its bean. Every invocation after that uses the same context.
 */
public final class Beans {
  private static final String THREAD_NAME = "kindling-init";

  private static volatile CompletableFuture<BeanContext> context;
  private static volatile Thread starter;

  private Beans() {}

  /**
   * The singleton bean of {@code type}, looked up as soon as the context has started (on the
   * context's thread when that is still starting); {@link Lookup#get} waits for it. Generated entries call this from their first static
   * field, so the context starts before anything else the entry prepares.
   */
  public static <T> Lookup<T> lookup(Class<T> type) {
    return new Lookup<>(started().thenApply(beans -> beans.getBean(type)));
  }

  /** As {@link #lookup}, for a bean the application may not have. */
  public static <T> Lookup<Optional<T>> lookupOptional(Class<T> type) {
    return new Lookup<>(started().thenApply(beans -> beans.findBean(type)));
  }

  /** The singleton bean of {@code type}, starting the context on first use and waiting for it. */
  public static <T> T get(Class<T> type) {
    return lookup(type).get();
  }

  /** The bean of {@code type} if the context has one. */
  public static <T> Optional<T> find(Class<T> type) {
    return lookupOptional(type).get();
  }

  private static CompletableFuture<BeanContext> started() {
    CompletableFuture<BeanContext> starting = context;
    if (starting == null) {
      synchronized (Beans.class) {
        starting = context;
        if (starting == null) {
          // SLF4J starts here, on one thread: started concurrently by the init thread and the
          // context's, it can hand out loggers that never log.
          LoggerFactory.getILoggerFactory();
          starting = new CompletableFuture<>();
          Thread thread = new Thread(start(starting), THREAD_NAME);
          thread.setDaemon(true);
          starter = thread;
          try {
            thread.start();
          } catch (RuntimeException | OutOfMemoryError e) {
            starting.completeExceptionally(e);
          }
          context = starting;
        }
      }
    }
    return starting;
  }

  private static Runnable start(CompletableFuture<BeanContext> starting) {
    return () -> {
      try {
        starting.complete(BeanContext.run());
      } catch (Throwable e) {
        starting.completeExceptionally(e);
      }
    };
  }

  /**
   * A bean being looked up during init. {@link #get} returns it, or throws what creating it threw
   * (the exception itself, not a wrapper, so the runtime reports the real init error).
   */
  public static final class Lookup<T> {
    private final CompletableFuture<T> bean;

    private Lookup(CompletableFuture<T> bean) {
      this.bean = bean;
    }

    /**
     * Waits for the bean. Asked for on the context's own thread while the context is still
     * starting (by a bean's constructor, say), it fails instead of waiting for itself.
     */
    public T get() {
      if (!bean.isDone() && Thread.currentThread() == starter) {
        throw new IllegalStateException(
            "A Kindling bean lookup was made while the bean context was starting, from the thread that starts it;"
                + " inject the bean instead");
      }
      boolean interrupted = false;
      try {
        while (true) {
          try {
            return bean.get();
          } catch (InterruptedException e) {
            interrupted = true;
          } catch (ExecutionException e) {
            throw rethrow(e.getCause());
          }
        }
      } finally {
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
    }

    private static RuntimeException rethrow(Throwable cause) {
      Throwable failure = cause instanceof CompletionException && cause.getCause() != null ? cause.getCause() : cause;
      if (failure instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (failure instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException("The bean context failed to start", failure);
    }
  }
}
