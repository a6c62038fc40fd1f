package dev.kindling.runtime.internal;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import dev.kindling.runtime.idempotency.IdempotencyException;
import dev.kindling.runtime.idempotency.IdempotencyException.Reason;
import dev.kindling.runtime.idempotency.IdempotencyRecord;
import dev.kindling.runtime.idempotency.IdempotencyRecord.Status;
import dev.kindling.runtime.idempotency.IdempotencyStore;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one {@code @Idempotent} method at most once per key. One guard per method, created in
 * the generated entry's static initializer; the store is resolved while the entry initializes.
 *
 * <ol>
 *   <li>A completed key found in the local cache or the store returns the stored result
 *       without running the method.
 *   <li>Otherwise the key is claimed with a conditional write (INPROGRESS, expiring with the
 *       invocation's remaining time so a crashed invocation does not lock it for long). The claim
 *       carries a token unique to this call; completing or releasing it is conditional on that
 *       token, so a call whose claim expired cannot overwrite or delete a newer one.
 *   <li>A method that throws releases its claim so a retry can run. Once the method has returned,
 *       the key is completed whatever happens next: a result that cannot be written or stored is
 *       completed without data, and its replays fail instead of running the method again.
 *   <li>A store that cannot answer, or too little time to ask it, fails closed: the method does
 *       not run. Every store call is bounded by the invocation's remaining time.
 * </ol>
 */
public final class IdempotencyGuard {
  private static final Logger LOG = LoggerFactory.getLogger(IdempotencyGuard.class);
  private static final long DEFAULT_IN_PROGRESS_MILLIS = 60_000;
  /** What a store call leaves of the invocation: time to write the response. */
  private static final long RESERVE_MILLIS = 200;
  /** The least a store call gets once the method has run: completing is worth the attempt. */
  private static final Duration MIN_AFTER_RUN = Duration.ofMillis(100);
  /** Bound of store calls made outside an invocation (tests, local tools). */
  private static final Duration NO_INVOCATION = Duration.ofSeconds(30);
  /** One digest per thread: looking the algorithm up costs more than hashing a key. */
  private static final ThreadLocal<MessageDigest> MD5 = ThreadLocal.withInitial(IdempotencyGuard::newMd5);
  private static final HexFormat HEX = HexFormat.of();
  /**
   * What keys and payloads are hashed as: every field of the object as received (annotations off,
   * so a serializer that masks a card number or a write-only property cannot make two requests
   * look alike), properties and map entries sorted, JSON trees sorted, decimals without trailing
   * zeros ({@code 10.0} and {@code 10.00} are one amount).
   */
  private static final ObjectMapper CANONICAL =
      sorted()
          .disable(MapperFeature.USE_ANNOTATIONS)
          .visibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
          .visibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
          .build();
  /** With the request id, makes claim tokens unique; random per process, so restored snapshots differ by request id. */
  private static final String PROCESS_NONCE = Long.toHexString(ThreadLocalRandom.current().nextLong());
  private static final AtomicLong CLAIMS = new AtomicLong();

  private final String prefix;
  private final String scope;
  private final String[] keyParts;
  private final long expiryMillis;
  private final boolean payloadValidation;
  private final Map<String, IdempotencyRecord> completed;
  private final StoreResolver stores;
  private volatile IdempotencyStore store;

  /**
   * Generated entries create their guard during init, when the store bean is looked up (with the
   * bean context, in the background); the entry's constructor then calls {@link #resolveStore}.
   *
   * @param target {@code Class.method(PayloadType)}; the key prefix is {@code <function name>.<target>}
   *     unless {@code KINDLING_IDEMPOTENCY_KEY_PREFIX} sets it
   * @param scope what the key is scoped to besides the method, hashed with it: an HTTP route
   *     ({@code "POST /accounts/{id}/charges"}), or {@code null}
   * @param expiry ISO-8601 duration a completed result is kept
   * @param keyParts the names of the key's parts, for the message when one is missing
   */
  public IdempotencyGuard(String target, String scope, String expiry, boolean payloadValidation, String... keyParts) {
    String configured = System.getenv("KINDLING_IDEMPOTENCY_KEY_PREFIX");
    String function = System.getenv("AWS_LAMBDA_FUNCTION_NAME");
    this.prefix =
        configured != null && !configured.isBlank()
            ? configured + "." + target
            : (function == null ? "local" : function) + "." + target;
    this.scope = scope;
    this.keyParts = keyParts.clone();
    this.expiryMillis = Duration.parse(expiry).toMillis();
    this.payloadValidation = payloadValidation;
    this.stores = new StoreResolver(System::getenv);
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
   * Waits for the store during init: a store bean that cannot be created, or no store in a Lambda
   * environment without {@code KINDLING_IDEMPOTENCY_STORE=memory}, fails the function's init with
   * the reason.
   */
  public void resolveStore() {
    if (store == null) {
      store = stores.resolve();
    }
  }

  /**
   * The key made of {@code parts}, the values of the annotation's key paths: one part is the key
   * itself, several are a list. A part that is {@code null} (or whose path crosses a
   * {@code null}) or blank makes the key missing: never a key shared by unrelated requests.
   */
  public Object key(Object... parts) {
    for (int i = 0; i < parts.length; i++) {
      Object part = parts[i];
      if (part == null || (part instanceof String text && text.isBlank())) {
        String name = i < keyParts.length ? keyParts[i] : "part " + (i + 1);
        throw new IdempotencyException(
            Reason.KEY_MISSING, "The idempotency key is missing: '" + name + "' has no value", null);
      }
    }
    return parts.length == 1 ? parts[0] : Arrays.asList(parts);
  }

  /**
   * Runs {@code method} unless {@code key} was already handled.
   *
   * @param key the key: a record id, a header, or {@link #key} of the payload's properties
   * @param bound what the method binds (its payload, or an HTTP route's parameters), hashed for
   *     payload validation; may be {@code null}
   */
  public <V, R> R call(Object key, Object bound, Context context, Callable<V> method, ResultCodec<V, R> codec)
      throws Exception {
    if (key == null || (key instanceof String text && text.isBlank())) {
      throw new IdempotencyException(Reason.KEY_MISSING, "The idempotency key is missing", null);
    }
    String id = prefix + "#" + md5(json(scope == null ? key : Arrays.asList(scope, key)));
    String validation = payloadValidation && bound != null ? md5(canonical(bound)) : null;
    long now = System.currentTimeMillis();

    IdempotencyRecord cached = cached(id, now);
    if (cached != null) {
      return replay(cached, validation, codec);
    }
    Duration timeout = storeBudget(context);
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IdempotencyException(
          Reason.DEADLINE, "Too little of the invocation remains to claim the idempotency key", null);
    }
    long inProgressUntil = now + (context == null ? DEFAULT_IN_PROGRESS_MILLIS : context.getRemainingTimeInMillis());
    // The item must not expire while it is in progress, even with an expiry shorter than the method.
    long expiresAt = Math.max(now + expiryMillis, inProgressUntil);
    IdempotencyRecord claim =
        new IdempotencyRecord(
            id, Status.INPROGRESS, Math.floorDiv(expiresAt + 999, 1000), inProgressUntil, null, validation,
            claimToken(context));
    IdempotencyStore target = store();
    Optional<IdempotencyRecord> existing = claim(target, claim, now, timeout);
    if (existing.isPresent() && waitedForOrphan(existing.get(), context)) {
      long later = System.currentTimeMillis();
      existing = claim(target, claim, later, storeBudget(context));
    }
    if (existing.isPresent() && !claim.isHeldIn(existing.get())) {
      IdempotencyRecord found = existing.get();
      if (found.status() == Status.INPROGRESS) {
        checkPayload(found, validation);
        throw new IdempotencyException(
            Reason.IN_PROGRESS, "Another invocation is processing the same idempotency key", null);
      }
      remember(found);
      return replay(found, validation, codec);
    }
    return run(target, claim, context, method, codec);
  }

  private static Optional<IdempotencyRecord> claim(
      IdempotencyStore target, IdempotencyRecord claim, long now, Duration timeout) {
    try {
      return target.claim(claim, now, timeout);
    } catch (RuntimeException e) {
      throw unavailable("claim", e);
    }
  }

  /**
   * A queue or stream record that finds its key in progress, with that claim ending well inside
   * this invocation, waits for it to end, once: it is most often the claim of an invocation that
   * crashed (a timeout, out of memory) and was retried at once, as stream event sources do. Failing
   * instead would spend one of the record's few retries on each attempt until the claim expired,
   * and then set it aside unprocessed. HTTP requests and direct invocations answer at once.
   */
  private static boolean waitedForOrphan(IdempotencyRecord found, Context context) {
    if (found.status() != Status.INPROGRESS || context == null || !Batches.isRunningRecord()) {
      return false;
    }
    long wait = found.inProgressExpiry() - System.currentTimeMillis() + 50;
    // Room left afterwards for the method: the deadline margin once more.
    if (wait <= 0 || wait > context.getRemainingTimeInMillis() - 2 * Deadline.marginMillis()) {
      return false;
    }
    LOG.info("Idempotency key {} is in progress until {} ms from now; waiting for that claim to end", found.id(), wait);
    try {
      Thread.sleep(wait);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private <V, R> R run(IdempotencyStore target, IdempotencyRecord claim, Context context, Callable<V> method, ResultCodec<V, R> codec)
      throws Exception {
    HeldClaims held = HeldClaims.current();
    if (held != null) {
      held.add(target, claim);
    }
    try {
      V value;
      try {
        value = method.call();
      } catch (Exception | Error e) {
        release(target, claim, context);
        throw e;
      }
      // The side effect has happened: from here on, the key is completed whatever fails.
      R response = null;
      String data = null;
      Throwable unwritable = null;
      try {
        response = codec.respond(value);
        data = codec.store(response);
      } catch (Exception | Error e) {
        unwritable = e;
      }
      IdempotencyRecord done =
          new IdempotencyRecord(
              claim.id(), Status.COMPLETED, Math.floorDiv(System.currentTimeMillis() + expiryMillis + 999, 1000), 0, data,
              claim.validation(), claim.claimToken());
      complete(target, done, context);
      if (unwritable instanceof Error error) {
        throw error;
      }
      if (unwritable != null) {
        LOG.error("The result for {} could not be written; the key is completed without it and is not run again", claim.id());
        throw (Exception) unwritable;
      }
      return response;
    } finally {
      if (held != null) {
        held.remove(claim);
      }
    }
  }

  private void complete(IdempotencyStore target, IdempotencyRecord done, Context context) {
    boolean interrupted = Thread.interrupted();
    try {
      if (target.complete(done, afterRunBudget(context))) {
        remember(done);
      } else {
        LOG.error(
            "The claim on {} expired while the method ran and another invocation has claimed the key since:"
                + " this call's result is not stored, and the other invocation may run the method too",
            done.id());
      }
    } catch (RuntimeException e) {
      // The work is done: the caller gets its result. A result the store refuses (too large for an
      // item, say) is completed without it, so no duplicate runs the method again.
      remember(done);
      if (done.data() != null && completeWithoutResult(target, done, context)) {
        LOG.error(
            "Could not store the result for {}; the key is completed without it, and its replays fail"
                + " instead of running the method again",
            done.id(), e);
      } else {
        LOG.error(
            "Could not store the completed result for {}; a duplicate that reaches another execution environment"
                + " after the in-progress expiry runs again",
            done.id(), e);
      }
    } finally {
      restoreInterrupt(interrupted);
    }
  }

  private static boolean completeWithoutResult(IdempotencyStore target, IdempotencyRecord done, Context context) {
    IdempotencyRecord withoutResult =
        new IdempotencyRecord(
            done.id(), done.status(), done.expiration(), done.inProgressExpiry(), null, done.validation(), done.claimToken());
    try {
      return target.complete(withoutResult, afterRunBudget(context));
    } catch (RuntimeException e) {
      return false;
    }
  }

  /**
   * Once the method has run, its claim must be completed or released even if the thread was
   * interrupted meanwhile (by the user's own code or executor): store clients abort a call on an
   * interrupted thread, which would leave the claim in progress. The interrupt is set
   * again afterwards.
   */
  private static void restoreInterrupt(boolean interrupted) {
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private <V, R> R replay(IdempotencyRecord found, String validation, ResultCodec<V, R> codec) throws Exception {
    checkPayload(found, validation);
    LOG.info("Idempotency key {} already completed; returning the stored result", found.id());
    return codec.replay(found.data());
  }

  private static void checkPayload(IdempotencyRecord found, String validation) {
    if (validation != null && found.validation() != null && !validation.equals(found.validation())) {
      throw new IdempotencyException(
          Reason.PAYLOAD_MISMATCH, "The idempotency key was used before with a different request", null);
    }
  }

  private static void release(IdempotencyStore target, IdempotencyRecord claim, Context context) {
    boolean interrupted = Thread.interrupted();
    try {
      if (!target.release(claim, afterRunBudget(context))) {
        LOG.warn("The claim on {} had already expired and been taken by another invocation; left as it is", claim.id());
      }
    } catch (RuntimeException e) {
      LOG.error("Could not release the claim on {}; a retry waits for the in-progress expiry", claim.id(), e);
    } finally {
      restoreInterrupt(interrupted);
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
      try {
        resolved = stores.resolve();
      } catch (RuntimeException e) {
        throw unavailable("start", e);
      }
      store = resolved;
    }
    return resolved;
  }

  /** How long a store call may take: what remains of the invocation, less the time to write the response. */
  static Duration storeBudget(Context context) {
    return context == null ? NO_INVOCATION : Duration.ofMillis(context.getRemainingTimeInMillis() - RESERVE_MILLIS);
  }

  /** How long a store call may take after the method ran: at least {@link #MIN_AFTER_RUN}. */
  static Duration afterRunBudget(Context context) {
    Duration budget = storeBudget(context);
    return budget.compareTo(MIN_AFTER_RUN) < 0 ? MIN_AFTER_RUN : budget;
  }

  /** Unique to this call: the Lambda request id, this process and a counter. */
  private static String claimToken(Context context) {
    String requestId = context == null ? null : context.getAwsRequestId();
    String call = PROCESS_NONCE + "-" + Long.toHexString(CLAIMS.incrementAndGet());
    return requestId == null ? call : requestId + "/" + call;
  }

  private static IdempotencyException unavailable(String operation, RuntimeException e) {
    LOG.error("Idempotency store failed to {}; the method does not run", operation, e);
    return new IdempotencyException(
        Reason.STORE_UNAVAILABLE, "The idempotency store is unavailable", e);
  }

  /** The key as text; an object key in canonical form, so the order of its properties does not matter. */
  private static String json(Object value) {
    return value instanceof String text ? text : canonical(value);
  }

  private static String canonical(Object payload) {
    try {
      return CANONICAL.writeValueAsString(payload);
    } catch (JsonProcessingException | RuntimeException e) {
      try {
        return CanonicalProperties.MAPPER.writeValueAsString(payload);
      } catch (JsonProcessingException second) {
        throw new IllegalStateException("Cannot write the payload as JSON to hash it", second);
      }
    }
  }

  /** Sorted properties, map entries and trees, and decimals without trailing zeros: what both canonical forms share. */
  private static JsonMapper.Builder sorted() {
    return Json.builder()
        .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
        .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
        .enable(JsonNodeFeature.WRITE_PROPERTIES_SORTED)
        .addModule(new SimpleModule("kindling-canonical").addSerializer(BigDecimal.class, new PlainDecimal()));
  }

  /**
   * The fallback for a type whose fields cannot be read (a JDK class without a serializer of its
   * own), by its properties; built the first time one is hashed.
   */
  private static final class CanonicalProperties {
    static final ObjectMapper MAPPER = sorted().build();
  }

  /** A decimal as its plain value without trailing zeros: {@code 10.00}, {@code 10.0} and {@code 1E+1} are {@code 10}. */
  private static final class PlainDecimal extends StdSerializer<BigDecimal> {
    private static final long serialVersionUID = 1L;

    PlainDecimal() {
      super(BigDecimal.class);
    }

    @Override
    public void serialize(BigDecimal value, JsonGenerator generator, SerializerProvider provider) throws IOException {
      generator.writeNumber(value.stripTrailingZeros().toPlainString());
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
}
