package dev.kindling.aws;

import java.util.Objects;
import java.util.function.Supplier;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * An SDK client built on first use, once, or one the application built and owns. Building a
 * client costs a cold start hundreds of classes; a function that never needs it never pays.
 *
 * @param <C> the client type
 */
public final class LazyClient<C extends SdkAutoCloseable> {
  private final Supplier<C> factory;
  private final boolean owned;
  private volatile C client;

  private LazyClient(Supplier<C> factory, C client, boolean owned) {
    this.factory = factory;
    this.client = client;
    this.owned = owned;
  }

  /** A client {@code factory} builds on first use; {@link #close} closes it. */
  public static <C extends SdkAutoCloseable> LazyClient<C> built(Supplier<C> factory) {
    return new LazyClient<>(Objects.requireNonNull(factory, "factory"), null, true);
  }

  /** A client the caller built and owns: {@link #close} leaves it open. */
  public static <C extends SdkAutoCloseable> LazyClient<C> given(C client) {
    return new LazyClient<>(null, Objects.requireNonNull(client, "client"), false);
  }

  public C get() {
    C built = client;
    if (built == null) {
      synchronized (this) {
        built = client;
        if (built == null) {
          built = factory.get();
          client = built;
        }
      }
    }
    return built;
  }

  /** Closes the client if it was built here. */
  public void close() {
    C built = client;
    if (owned && built != null) {
      built.close();
    }
  }
}
