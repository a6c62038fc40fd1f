package dev.kindling.runtime.internal;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.kindling.runtime.idempotency.IdempotencyException;
import dev.kindling.runtime.idempotency.IdempotencyException.Reason;
import dev.kindling.runtime.idempotency.IdempotencyRecord;
import dev.kindling.runtime.idempotency.IdempotencyRecord.Status;
import dev.kindling.runtime.idempotency.IdempotencyStore;
import dev.kindling.runtime.idempotency.InMemoryIdempotencyStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one {@code @Idempotent} method at most once per key. One guard per method, created in
 * the generated entry's static initializer; the store is looked up on first use.
 *
 * <ol>
 *   <li>A completed key found in the local cache or the store returns the stored result
 *       without running the method.
 *   <li>Otherwise the key is claimed with a conditional write (INPROGRESS, expiring with the
 *       invocation's remaining time so a crashed invocation does not lock it for long).
 *   <li>A method that throws releases its claim so a retry can run; one that returns stores its
 *       result (COMPLETED, kept for {@code expiry}).
 *   <li>A store that cannot answer fails closed: the method does not run.
 * </ol>
 */
public final class IdempotencyGuard {
  private static final Logger LOG = LoggerFactory.getLogger(IdempotencyGuard.class);
  private static final long DEFAULT_IN_PROGRESS_MILLIS = 60_000;
  /** One digest per thread: looking the algorithm up costs more than hashing a key. */
  private static final ThreadLocal<MessageDigest> MD5 = ThreadLocal.withInitial(IdempotencyGuard::newMd5);
  private static final HexFormat HEX = HexFormat.of();
  private static final ObjectMapper CANONICAL =
      Json.builder()
          .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .build();

  private final String prefix;
  private final long expiryMillis;
  private final boolean payloadValidation;
  private final Map<String, IdempotencyRecord> completed;
  private final Beans.Lookup<Optional<IdempotencyStore>> storeBean;
  private volatile IdempotencyStore store;

  /**
   * Generated entries create their guard during init, which is when the store bean is looked up
   * (with the bean context, in the background), so the first invocation does not pay for it.
   *
   * @param target {@code Class.method}; the key prefix is {@code <function name>.<target>} unless
   *     {@code KINDLING_IDEMPOTENCY_KEY_PREFIX} sets it
   * @param expiry ISO-8601 duration a completed result is kept
   */
  public IdempotencyGuard(String target, String expiry, boolean payloadValidation) {
    String configured = System.getenv("KINDLING_IDEMPOTENCY_KEY_PREFIX");
    String function = System.getenv("AWS_LAMBDA_FUNCTION_NAME");
    this.prefix =
        configured != null && !configured.isBlank()
            ? configured + "." + target
            : (function == null ? "local" : function) + "." + target;
    this.expiryMillis = Duration.parse(expiry).toMillis();
    this.payloadValidation = payloadValidation;
    this.storeBean = Beans.lookupOptional(IdempotencyStore.class);
    int cacheSize = cacheSize();
    this.completed =
        new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<String, IdempotencyRecord> eldest) {
            return size() > cacheSize;
          }
        };
  }

  /** Uses {@code store} instead of the bean context's; for tests. */
  public IdempotencyGuard withStore(IdempotencyStore store) {
    this.store = store;
    return this;
  }

  /**
   * Runs {@code action} unless {@code key} was already handled.
   *
   * @param key the key value: a record id, a header, or the key properties of the payload
   * @param payload hashed for payload validation; may be {@code null}
   */
  public <T> T call(Object key, Object payload, Context context, Callable<T> action, ResultCodec<T> codec)
      throws Exception {
    if (key == null || (key instanceof String text && text.isBlank())) {
      throw new IdempotencyException(Reason.KEY_MISSING, "The idempotency key is missing", null);
    }
    String id = prefix + "#" + md5(json(key));
    String validation = payloadValidation && payload != null ? md5(canonical(payload)) : null;
    long now = System.currentTimeMillis();

    IdempotencyRecord cached = cached(id, now);
    if (cached != null) {
      return replay(cached, validation, codec);
    }
    long inProgressUntil = now + (context == null ? DEFAULT_IN_PROGRESS_MILLIS : context.getRemainingTimeInMillis());
    IdempotencyRecord claim =
        new IdempotencyRecord(id, Status.INPROGRESS, (now + expiryMillis) / 1000, inProgressUntil, null, validation);
    Optional<IdempotencyRecord> existing;
    try {
      existing = store().claim(claim, now);
    } catch (RuntimeException e) {
      throw unavailable("claim", e);
    }
    if (existing.isPresent()) {
      IdempotencyRecord found = existing.get();
      if (found.status() == Status.INPROGRESS) {
        checkPayload(found, validation);
        throw new IdempotencyException(
            Reason.IN_PROGRESS, "Another invocation is processing the same idempotency key", null);
      }
      remember(found);
      return replay(found, validation, codec);
    }

    T result;
    try {
      result = action.call();
    } catch (Exception | Error e) {
      release(id);
      throw e;
    }
    IdempotencyRecord done =
        new IdempotencyRecord(
            id, Status.COMPLETED, (System.currentTimeMillis() + expiryMillis) / 1000, 0, codec.encode(result), validation);
    try {
      store().complete(done);
      remember(done);
    } catch (RuntimeException e) {
      // The work is done; failing now would make every retry see INPROGRESS until it expires.
      LOG.error("Could not store the completed result for {}; a duplicate after the in-progress expiry runs again", id, e);
    }
    return result;
  }

  private <T> T replay(IdempotencyRecord found, String validation, ResultCodec<T> codec) throws Exception {
    checkPayload(found, validation);
    LOG.info("Idempotency key {} already completed; returning the stored result", found.id());
    return codec.decode(found.data());
  }

  private static void checkPayload(IdempotencyRecord found, String validation) {
    if (validation != null && found.validation() != null && !validation.equals(found.validation())) {
      throw new IdempotencyException(
          Reason.PAYLOAD_MISMATCH, "The idempotency key was used before with a different payload", null);
    }
  }

  private void release(String id) {
    try {
      store().release(id);
    } catch (RuntimeException e) {
      LOG.error("Could not release the claim on {}; a retry waits for the in-progress expiry", id, e);
    }
  }

  private IdempotencyRecord cached(String id, long now) {
    synchronized (completed) {
      IdempotencyRecord record = completed.get(id);
      if (record != null && record.isExpired(now)) {
        completed.remove(id);
        return null;
      }
      return record;
    }
  }

  private void remember(IdempotencyRecord record) {
    if (record.status() == Status.COMPLETED) {
      synchronized (completed) {
        completed.put(record.id(), record);
      }
    }
  }

  private IdempotencyStore store() {
    IdempotencyStore resolved = store;
    if (resolved == null) {
      Optional<IdempotencyStore> bean;
      try {
        bean = storeBean.get();
      } catch (RuntimeException e) {
        // Creating the store bean during init failed: try again, so a passing cause does not stick.
        bean = Beans.find(IdempotencyStore.class);
      }
      resolved = bean.orElseGet(LocalStore::get);
      store = resolved;
    }
    return resolved;
  }

  private static IdempotencyException unavailable(String operation, RuntimeException e) {
    LOG.error("Idempotency store failed to {}; the method does not run", operation, e);
    return new IdempotencyException(
        Reason.STORE_UNAVAILABLE, "The idempotency store is unavailable", e);
  }

  private static String json(Object value) {
    if (value instanceof String text) {
      return text;
    }
    try {
      return Json.MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write the idempotency key as JSON", e);
    }
  }

  private static String canonical(Object payload) {
    try {
      return CANONICAL.writeValueAsString(payload);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write the payload as JSON to hash it", e);
    }
  }

  static String md5(String text) {
    return HEX.formatHex(MD5.get().digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  private static MessageDigest newMd5() {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static int cacheSize() {
    String value = System.getenv("KINDLING_IDEMPOTENCY_CACHE_SIZE");
    return value == null || value.isBlank() ? 256 : Math.max(0, Integer.parseInt(value.trim()));
  }

  /** The process-local fallback store, created only when no store bean exists. */
  private static final class LocalStore {
    private static final InMemoryIdempotencyStore INSTANCE = create();

    static InMemoryIdempotencyStore get() {
      return INSTANCE;
    }

    private static InMemoryIdempotencyStore create() {
      LOG.warn(
          "No IdempotencyStore bean: using an in-memory store. Duplicates delivered to other"
              + " execution environments are not detected; add kindling-idempotency-dynamodb for production.");
      return new InMemoryIdempotencyStore();
    }
  }
}
