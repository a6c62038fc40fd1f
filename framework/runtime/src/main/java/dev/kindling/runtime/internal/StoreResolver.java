package dev.kindling.runtime.internal;

import dev.kindling.runtime.idempotency.IdempotencyStore;
import dev.kindling.runtime.idempotency.InMemoryIdempotencyStore;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the idempotency store: the application's {@link IdempotencyStore} bean when it has one
 * (adding kindling-idempotency-dynamodb provides one). Without a bean, a process-local in-memory
 * store is right for tests and local runs but not for Lambda, where duplicates reach other
 * execution environments: there the function fails to initialize unless
 * {@code KINDLING_IDEMPOTENCY_STORE=memory} chooses it knowingly.
 */
final class StoreResolver {
  static final String STORE_ENV = "KINDLING_IDEMPOTENCY_STORE";
  /** Set by kindling-local on the functions it runs. */
  static final String LOCAL_ENV = "KINDLING_LOCAL";

  private static final Logger LOG = LoggerFactory.getLogger(StoreResolver.class);

  private final Function<String, String> environment;
  private final Beans.Lookup<Optional<IdempotencyStore>> bean;

  StoreResolver(Function<String, String> environment) {
    this.environment = environment;
    this.bean = Beans.lookupOptional(IdempotencyStore.class);
  }

  IdempotencyStore resolve() {
    Optional<IdempotencyStore> found;
    try {
      found = bean.get();
    } catch (RuntimeException e) {
      // Creating the bean failed during init: ask once more, so a passing cause does not stick.
      found = Beans.find(IdempotencyStore.class);
    }
    return found.orElseGet(this::withoutBean);
  }

  private IdempotencyStore withoutBean() {
    String chosen = environment.apply(STORE_ENV);
    boolean memoryChosen = chosen != null && chosen.trim().equalsIgnoreCase("memory");
    if (chosen != null && !chosen.isBlank() && !memoryChosen) {
      throw new IllegalStateException(
          STORE_ENV + "=" + chosen.trim() + " is not a store Kindling knows: use 'memory', or leave it unset and"
              + " provide an IdempotencyStore bean (kindling-idempotency-dynamodb provides one)");
    }
    if (!memoryChosen && isLambda(environment)) {
      throw new IllegalStateException(
          "@Idempotent needs an IdempotencyStore in Lambda: without one, a duplicate that reaches another"
              + " execution environment runs again. Add kindling-idempotency-dynamodb (DynamoDB, Powertools-compatible"
              + " table) or provide an IdempotencyStore bean; set " + STORE_ENV + "=memory only to accept"
              + " idempotency within one execution environment.");
    }
    return LocalStore.get(memoryChosen);
  }

  /** A real Lambda environment: not kindling-local, not {@code sam local}. */
  static boolean isLambda(Function<String, String> environment) {
    return environment.apply("AWS_LAMBDA_FUNCTION_NAME") != null
        && !"true".equalsIgnoreCase(environment.apply(LOCAL_ENV))
        && !"true".equalsIgnoreCase(environment.apply("AWS_SAM_LOCAL"));
  }

  /** The process-local store, created only when no store bean exists. */
  private static final class LocalStore {
    private static final InMemoryIdempotencyStore INSTANCE = new InMemoryIdempotencyStore(capacity());
    private static volatile boolean announced;

    /** {@code KINDLING_IDEMPOTENCY_MEMORY_CAPACITY}: how many live keys it holds (default 10,000). */
    private static int capacity() {
      String value = System.getenv("KINDLING_IDEMPOTENCY_MEMORY_CAPACITY");
      try {
        return value == null || value.isBlank() ? InMemoryIdempotencyStore.DEFAULT_CAPACITY : Math.max(1, Integer.parseInt(value.trim()));
      } catch (NumberFormatException e) {
        throw new IllegalStateException("KINDLING_IDEMPOTENCY_MEMORY_CAPACITY must be a whole number, not " + value, e);
      }
    }

    static InMemoryIdempotencyStore get(boolean chosen) {
      if (!announced) {
        announced = true;
        if (chosen) {
          LOG.info("{}=memory: idempotency holds within this execution environment only", STORE_ENV);
        } else {
          LOG.warn(
              "No IdempotencyStore bean: using an in-memory store (tests and local runs). Duplicates delivered to"
                  + " other execution environments are not detected; add kindling-idempotency-dynamodb for production.");
        }
      }
      return INSTANCE;
    }
  }
}
