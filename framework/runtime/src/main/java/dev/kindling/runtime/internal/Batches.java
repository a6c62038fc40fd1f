package dev.kindling.runtime.internal;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.kindling.runtime.RecordContext;
import dev.kindling.runtime.deadletter.DeadLetter;
import dev.kindling.runtime.idempotency.IdempotencyException;
import dev.kindling.runtime.logging.KindlingLogging;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The per-record loops behind every queue and stream entry. Each returns the partial batch
 * response ({@code batchItemFailures}) that Lambda's {@code ReportBatchItemFailures} expects.
 *
 * <ul>
 *   <li>SQS standard: every record runs; failed ones are reported by messageId.
 *   <li>SQS FIFO: a failed record and every later record of its message group are reported,
 *       the later ones without running; other groups go on.
 *   <li>SQS with {@link DeadLetters}: a record that can never succeed (and, on a FIFO queue, one
 *       that fails on its last receive) is moved to the dead-letter queue instead of being
 *       reported, so its group goes on; if the move fails, it is reported as above.
 *   <li>Streams: stop at the first failure and report its sequence number; Lambda resumes
 *       there, so nothing after it runs twice.
 * </ul>
 */
public final class Batches {
  private static final Logger LOG = LoggerFactory.getLogger(Batches.class);
  /** The MDC and key-value name of a record's id on every line logged about it. */
  static final String RECORD_ID = "record_id";
  /** Per thread, whether it is running a record: a flag flipped in place, not a set and remove per record. */
  private static final ThreadLocal<boolean[]> RUNNING_RECORD = new ThreadLocal<>();
  private static final long MAX_WAIT_MILLIS = TimeUnit.MINUTES.toMillis(15);

  /** Why a record was reported without having failed itself. */
  private enum Skip { DEADLINE, AFTER_FAILURE }

  /**
   * How one record ended; one that can never succeed says why. SKIPPED (a DynamoDB record without
   * the image to bind) occurs in stream batches only; another loop would report it for retry.
   */
  private enum Result {
    SUCCEEDED(null),
    SKIPPED(null),
    /** Moved to the dead-letter queue by a parallel worker. */
    MOVED(null),
    FAILED(null),
    STORE_UNAVAILABLE(null),
    INVALID_INPUT(DeadLetter.Reason.INVALID_INPUT),
    KEY_MISSING(DeadLetter.Reason.IDEMPOTENCY_KEY_MISSING),
    PAYLOAD_MISMATCH(DeadLetter.Reason.IDEMPOTENCY_PAYLOAD_MISMATCH);

    /** Why a retry cannot succeed, or {@code null} when it may. */
    final DeadLetter.Reason unprocessable;

    Result(DeadLetter.Reason unprocessable) {
      this.unprocessable = unprocessable;
    }

    static Result of(IdempotencyException.Reason reason) {
      return switch (reason) {
        case STORE_UNAVAILABLE -> STORE_UNAVAILABLE;
        case KEY_MISSING -> KEY_MISSING;
        case PAYLOAD_MISMATCH -> PAYLOAD_MISMATCH;
        default -> FAILED;
      };
    }
  }

  private Batches() {}

  public static BatchOutcome sqs(
      InputStream input, OutputStream output, Context context, boolean fifo, RecordHandler handler)
      throws IOException {
    return sqs(input, output, context, fifo, null, handler);
  }

  /** With {@code deadLetters} ({@code deadLetterUnprocessable = true}), or {@code null} without. */
  public static BatchOutcome sqs(
      InputStream input, OutputStream output, Context context, boolean fifo, DeadLetters deadLetters,
      RecordHandler handler)
      throws IOException {
    LambdaInvocation.begin(context);
    List<BatchRecord> batch = BatchEvents.read(input, BatchEvents.Source.SQS);
    BatchOutcome outcome =
        fifo ? fifo(batch, context, deadLetters, handler) : sequential(batch, context, deadLetters, handler, false);
    write(output, outcome);
    return outcome;
  }

  public static BatchOutcome sqsParallel(
      InputStream input, OutputStream output, Context context, RecordHandler handler) throws IOException {
    return sqsParallel(input, output, context, null, handler);
  }

  /** With {@code deadLetters} ({@code deadLetterUnprocessable = true}), or {@code null} without. */
  public static BatchOutcome sqsParallel(
      InputStream input, OutputStream output, Context context, DeadLetters deadLetters, RecordHandler handler)
      throws IOException {
    LambdaInvocation.begin(context);
    List<BatchRecord> batch = BatchEvents.read(input, BatchEvents.Source.SQS);
    BatchOutcome outcome = parallel(batch, context, deadLetters, handler);
    write(output, outcome);
    return outcome;
  }

  public static BatchOutcome stream(
      InputStream input, OutputStream output, Context context, BatchEvents.Source source, RecordHandler handler)
      throws IOException {
    LambdaInvocation.begin(context);
    List<BatchRecord> batch = BatchEvents.read(input, source);
    BatchOutcome outcome = sequential(batch, context, null, handler, true);
    write(output, outcome);
    return outcome;
  }

  /** In order; with {@code stopAtFirstFailure}, the first failure is the only one reported. */
  static BatchOutcome sequential(
      List<BatchRecord> batch, Context context, DeadLetters deadLetters, RecordHandler handler,
      boolean stopAtFirstFailure) {
    Deadline deadline = new Deadline(context);
    Tally tally = new Tally(batch.size(), deadLetters, deadline);
    KindlingLogging.MdcSnapshot mdc = KindlingLogging.mdcSnapshot();
    for (int i = 0; i < batch.size(); i++) {
      BatchRecord record = batch.get(i);
      if (!deadline.allowsAnotherRecord()) {
        reportRest(batch, i, tally, Skip.DEADLINE, stopAtFirstFailure);
        break;
      }
      Result result = run(record, context, handler, mdc);
      if (result == Result.SKIPPED) {
        tally.skippedWithoutImage++;
      } else if (result != Result.SUCCEEDED) {
        tally.fail(record, result);
        if (stopAtFirstFailure) {
          tally.skipped(batch.size() - i - 1, Skip.AFTER_FAILURE);
          break;
        }
      } else {
        tally.succeeded++;
      }
    }
    return tally.outcome();
  }

  /**
   * Per message group. A record moved to the dead-letter queue does not hold its group back: SQS
   * would move it too (now, or after its last receive), and the records behind it, held back for
   * each of its receives, would follow it there unprocessed.
   */
  static BatchOutcome fifo(List<BatchRecord> batch, Context context, DeadLetters deadLetters, RecordHandler handler) {
    Deadline deadline = new Deadline(context);
    Tally tally = new Tally(batch.size(), deadLetters, deadline);
    Set<String> failedGroups = new HashSet<>();
    KindlingLogging.MdcSnapshot mdc = KindlingLogging.mdcSnapshot();
    for (int i = 0; i < batch.size(); i++) {
      BatchRecord record = batch.get(i);
      if (!deadline.allowsAnotherRecord()) {
        reportRest(batch, i, tally, Skip.DEADLINE, false);
        break;
      }
      if (failedGroups.contains(record.groupId())) {
        tally.report(record, Skip.AFTER_FAILURE);
      } else {
        Result result = run(record, context, handler, mdc);
        if (result == Result.SUCCEEDED) {
          tally.succeeded++;
        } else if (tally.fail(record, result, true)) {
          failedGroups.add(record.groupId());
        }
      }
    }
    return tally.outcome();
  }

  /**
   * Runs records on up to {@code KINDLING_PARALLELISM} workers of their own. When the deadline
   * margin is reached, records not started are reported; a record still running is reported too,
   * and its idempotency claims are kept alive past the invocation ({@link HeldClaims}), because it
   * goes on and may still complete. Its thread is not one of
   * the next invocation's workers: each invocation starts its own.
   */
  static BatchOutcome parallel(
      List<BatchRecord> batch, Context context, DeadLetters deadLetters, RecordHandler handler) {
    long startNanos = System.nanoTime();
    Deadline deadline = new Deadline(context);
    Slot[] slots = new Slot[batch.size()];
    for (int i = 0; i < slots.length; i++) {
      slots[i] = new Slot();
    }
    AtomicInteger next = new AtomicInteger();
    AtomicBoolean stopped = new AtomicBoolean();
    Map<String, Boolean> moves = new ConcurrentHashMap<>();
    int workers = Math.min(Workers.PARALLELISM, batch.size());
    CountDownLatch finished = new CountDownLatch(workers);
    for (int w = 0; w < workers; w++) {
      Workers.POOL.execute(
          KindlingLogging.carryingContext(
              () -> {
                try {
                  work(batch, slots, next, stopped, deadline, context, deadLetters, moves, handler);
                } finally {
                  finished.countDown();
                }
              }));
    }
    boolean allFinished = awaitWorkers(finished, deadline);
    stopped.set(true);
    for (Slot slot : slots) {
      if (slot.fatal != null) {
        throw slot.fatal;
      }
    }
    Tally tally = new Tally(batch.size(), startNanos, deadLetters, deadline);
    List<Slot> abandoned = new ArrayList<>();
    for (int i = 0; i < batch.size(); i++) {
      Slot slot = slots[i];
      BatchRecord record = batch.get(i);
      if (slot.state.compareAndSet(Slot.WAITING, Slot.SKIPPED)) {
        tally.report(record, Skip.DEADLINE);
      } else if (slot.state.compareAndSet(Slot.RUNNING, Slot.ABANDONED)) {
        LOG.atWarn()
            .addKeyValue(RECORD_ID, record.recordId())
            .log("Record {} was still running at the deadline margin; reported for retry, its claims kept alive", record.recordId());
        abandoned.add(slot);
        tally.report(record, Skip.DEADLINE);
      } else if (slot.result == Result.MOVED) {
        tally.moved();
      } else if (slot.result == Result.SUCCEEDED) {
        tally.succeeded++;
      } else {
        tally.fail(record, slot.result);
      }
    }
    keepAlive(abandoned, context);
    if (!allFinished) {
      LOG.warn("Deadline margin reached with {} of {} record(s) not finished", tally.skippedByDeadline, batch.size());
    }
    return tally.outcome();
  }

  /** One worker: takes the next record until none is left, the deadline margin is reached, or the batch has returned. */
  private static void work(
      List<BatchRecord> batch, Slot[] slots, AtomicInteger next, AtomicBoolean stopped, Deadline deadline,
      Context context, DeadLetters deadLetters, Map<String, Boolean> moves, RecordHandler handler) {
    KindlingLogging.MdcSnapshot mdc = KindlingLogging.mdcSnapshot();
    while (!stopped.get() && deadline.allowsAnotherRecord()) {
      int index = next.getAndIncrement();
      if (index >= slots.length) {
        return;
      }
      Slot slot = slots[index];
      slot.claims = HeldClaims.open(batch.get(index).recordId());
      if (!slot.state.compareAndSet(Slot.WAITING, Slot.RUNNING)) {
        slot.claims.close();
        return;
      }
      Result result;
      try {
        result = run(batch.get(index), context, handler, mdc);
      } catch (VirtualMachineError e) {
        // Out of memory or a broken JVM: the batch's thread fails the invocation with it.
        slot.fatal = e;
        stopped.set(true);
        result = Result.FAILED;
      } finally {
        slot.claims.close();
      }
      if (deadLetters != null && result.unprocessable != null) {
        result = moveNow(batch.get(index), result, deadline, deadLetters, moves);
      }
      slot.result = result;
      if (!slot.state.compareAndSet(Slot.RUNNING, Slot.DONE)) {
        LOG.atWarn()
            .addKeyValue(RECORD_ID, batch.get(index).recordId())
            .log("Record {} ended ({}) after it had been reported for retry", batch.get(index).recordId(), result);
        return;
      }
    }
  }

  /**
   * Moves a record that can never succeed to the dead-letter queue as soon as it has run, while the
   * invocation has time, rather than after every worker has finished. A message delivered twice in
   * the batch is moved once. A record whose move fails is reported.
   */
  private static Result moveNow(
      BatchRecord record, Result result, Deadline deadline, DeadLetters deadLetters, Map<String, Boolean> moves) {
    boolean moved =
        moves.computeIfAbsent(record.itemIdentifier(), id -> deadLetters.move(record, result.unprocessable, deadline));
    return moved ? Result.MOVED : Result.FAILED;
  }

  /**
   * Keeps the claims of records still running alive past the invocation, all at once and within
   * what the invocation has left: a slow store must not make the invocation time out, which would
   * retry the whole batch. Their threads are not interrupted: a method cut short after its side
   * effect would fail, release its key, and be run again by the redelivery; left alone, it
   * completes its key or fails as it would have anyway.
   */
  private static void keepAlive(List<Slot> abandoned, Context context) {
    if (abandoned.isEmpty()) {
      return;
    }
    Duration budget = IdempotencyGuard.storeBudget(context);
    CountDownLatch extended = new CountDownLatch(abandoned.size());
    for (Slot slot : abandoned) {
      Workers.POOL.execute(() -> {
        try {
          slot.claims.keepAlive(budget);
        } finally {
          extended.countDown();
        }
      });
    }
    try {
      if (!extended.await(Math.max(0, budget.toMillis()), TimeUnit.MILLISECONDS)) {
        LOG.error("The claims of {} record(s) still running could not all be extended in time", abandoned.size());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Waits for the workers until the deadline margin; {@code false} when some are still running. */
  private static boolean awaitWorkers(CountDownLatch finished, Deadline deadline) {
    long waitMillis = Math.min(deadline.millisBeforeMargin(), MAX_WAIT_MILLIS);
    try {
      return finished.await(waitMillis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Where one record of a parallel batch is; only the transitions below are allowed. */
  private static final class Slot {
    static final int WAITING = 0;
    static final int RUNNING = 1;
    static final int DONE = 2;
    /** Not started when the margin was reached: reported. */
    static final int SKIPPED = 3;
    /** Still running when the margin was reached: reported, its claims kept alive. */
    static final int ABANDONED = 4;

    final AtomicInteger state = new AtomicInteger(WAITING);
    volatile HeldClaims claims;
    volatile Result result;
    /** An error that fails the invocation, such as out of memory. */
    volatile VirtualMachineError fatal;
  }

  private static void reportRest(List<BatchRecord> batch, int from, Tally tally, Skip skip, boolean firstOnly) {
    LOG.warn(
        "Deadline margin reached; {} unprocessed record(s) reported for retry, starting at {}",
        batch.size() - from, batch.get(from).recordId());
    if (firstOnly) {
      tally.report(batch.get(from), skip);
      tally.skipped(batch.size() - from - 1, skip);
      return;
    }
    for (int i = from; i < batch.size(); i++) {
      tally.report(batch.get(i), skip);
    }
  }

  /**
   * Runs one record; any throwable is that record's failure, logged with its reason. Its id and
   * correlation id are in the MDC while it runs, and only then; afterwards the MDC is {@code mdc},
   * as it was before the loop's first record, whatever the handler put into it, changed or
   * removed. One snapshot serves the whole loop, since each record leaves the MDC as it found it.
   */
  private static Result run(BatchRecord record, Context context, RecordHandler handler, KindlingLogging.MdcSnapshot mdc) {
    boolean[] running = RUNNING_RECORD.get();
    if (running == null) {
      running = new boolean[1];
      RUNNING_RECORD.set(running);
    }
    boolean wasRunning = running[0];
    running[0] = true;
    MDC.put(RECORD_ID, record.recordId());
    String correlationId = record.messageAttribute(KindlingLogging.settings().correlationAttribute());
    if (correlationId != null) {
      MDC.put(LambdaInvocation.CORRELATION_ID, correlationId);
    }
    try {
      handler.handle(record, recordContext(record, context));
      return Result.SUCCEEDED;
    } catch (SkippedRecordException e) {
      LOG.info("Record {} {}", record.recordId(), e.getMessage());
      return Result.SKIPPED;
    } catch (InvalidInputException e) {
      LOG.warn("Record {} rejected: {}", record.recordId(), e.getMessage());
      return Result.INVALID_INPUT;
    } catch (Payloads.PayloadTypeException e) {
      LOG.error("Record {} failed: its payload type cannot be bound, a defect in the code", record.recordId(), e);
      return Result.FAILED;
    } catch (IdempotencyException e) {
      LOG.warn("Record {} not processed: {}", record.recordId(), e.getMessage());
      return Result.of(e.reason());
    } catch (Exception | Error e) {
      Fatal.rethrow(e);
      LOG.warn("Record {} failed", record.recordId(), e);
      return Result.FAILED;
    } finally {
      running[0] = wasRunning;
      KindlingLogging.restoreMdc(mdc);
    }
  }

  /** Whether this thread is running a queue or stream record (the idempotency guard may then wait). */
  static boolean isRunningRecord() {
    boolean[] running = RUNNING_RECORD.get();
    return running != null && running[0];
  }

  private static RecordContext recordContext(BatchRecord record, Context context) {
    return new RecordContext(
        record.recordId(), record.receiveCount(), record.groupId(), record.sequenceNumber(), record.attributes(), context);
  }

  static void write(OutputStream output, BatchOutcome outcome) throws IOException {
    try (JsonGenerator json = Json.factory().createGenerator(output)) {
      json.writeStartObject();
      json.writeArrayFieldStart("batchItemFailures");
      for (String itemIdentifier : outcome.failures()) {
        json.writeStartObject();
        json.writeStringField("itemIdentifier", itemIdentifier);
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeEndObject();
    }
  }

  /**
   * Counts for one batch, filled by one thread. Each item identifier is reported once, in the order
   * of its first failure: SQS may deliver one message twice in a batch.
   */
  private static final class Tally {
    final long startNanos;
    final int records;
    final Set<String> failures = new LinkedHashSet<>();
    final DeadLetters deadLetters;
    final Deadline deadline;
    final Set<String> movedToDeadLetterQueue = new HashSet<>();
    int succeeded;
    int skippedWithoutImage;
    int failed;
    int storeUnavailable;
    int skippedByDeadline;
    int skippedAfterFailure;
    int deadLettered;

    Tally(int records, DeadLetters deadLetters, Deadline deadline) {
      this(records, System.nanoTime(), deadLetters, deadline);
    }

    /**
     * Counts a batch whose processing began at {@code startNanos} ({@link System#nanoTime}).
     *
     * @param deadLetters moves records to the dead-letter queue, or {@code null}
     */
    Tally(int records, long startNanos, DeadLetters deadLetters, Deadline deadline) {
      this.records = records;
      this.startNanos = startNanos;
      this.deadLetters = deadLetters;
      this.deadline = deadline;
    }

    void fail(BatchRecord record, Result result) {
      fail(record, result, false);
    }

    /**
     * Reports a failed record for retry, unless it is moved to the dead-letter queue: one that can
     * never succeed, or, with {@code lastReceiveMoves}, one that failed on its last receive.
     *
     * @return whether the record was reported
     */
    boolean fail(BatchRecord record, Result result, boolean lastReceiveMoves) {
      DeadLetter.Reason reason = deadLetterReason(record, result, lastReceiveMoves);
      if (reason != null
          && (movedToDeadLetterQueue.contains(record.itemIdentifier()) || deadLetters.move(record, reason, deadline))) {
        movedToDeadLetterQueue.add(record.itemIdentifier());
        deadLettered++;
        return false;
      }
      failed++;
      if (result == Result.STORE_UNAVAILABLE) {
        storeUnavailable++;
      }
      failures.add(record.itemIdentifier());
      return true;
    }

    private DeadLetter.Reason deadLetterReason(BatchRecord record, Result result, boolean lastReceiveMoves) {
      if (deadLetters == null) {
        return null;
      }
      if (result.unprocessable != null) {
        return result.unprocessable;
      }
      return lastReceiveMoves && deadLetters.isLastReceive(record) ? DeadLetter.Reason.LAST_RECEIVE_FAILED : null;
    }

    /** A record a parallel worker moved to the dead-letter queue: done, not reported. */
    void moved() {
      deadLettered++;
    }

    void report(BatchRecord record, Skip skip) {
      failures.add(record.itemIdentifier());
      skipped(1, skip);
    }

    void skipped(int count, Skip skip) {
      if (skip == Skip.DEADLINE) {
        skippedByDeadline += count;
      } else {
        skippedAfterFailure += count;
      }
    }

    /**
     * Logs the summary line. When every record that ran failed only because the idempotency store
     * is down, the problem is not the records': fail the invocation so Lambda retries the batch as
     * a whole.
     */
    BatchOutcome outcome() {
      BatchOutcome outcome =
          new BatchOutcome(
              records, succeeded, skippedWithoutImage, failed, skippedByDeadline, skippedAfterFailure, deadLettered,
              List.copyOf(failures), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
      BatchSummary.log(outcome);
      if (storeUnavailable > 0 && storeUnavailable == failed && succeeded == 0 && deadLettered == 0) {
        throw new IdempotencyException(
            IdempotencyException.Reason.STORE_UNAVAILABLE,
            "The idempotency store is unavailable for every record of the batch; failing the invocation",
            null);
      }
      return outcome;
    }
  }

  /**
   * The threads of parallel SQS entries. Each invocation runs up to {@code KINDLING_PARALLELISM}
   * workers; a thread still busy with a record its invocation gave up on is not reused, so it never
   * takes a worker from a later invocation. Idle threads end after a minute.
   */
  private static final class Workers {
    static final int PARALLELISM = size();
    static final ExecutorService POOL = Executors.newCachedThreadPool(new DaemonThreads());

    private static int size() {
      String value = System.getenv("KINDLING_PARALLELISM");
      if (value != null && !value.isBlank()) {
        return Math.max(1, Integer.parseInt(value.trim()));
      }
      return Math.max(4, Runtime.getRuntime().availableProcessors() * 2);
    }
  }

  private static final class DaemonThreads implements ThreadFactory {
    private final AtomicInteger count = new AtomicInteger();

    @Override
    public Thread newThread(Runnable task) {
      Thread thread = new Thread(task, "kindling-batch-" + count.incrementAndGet());
      thread.setDaemon(true);
      thread.setUncaughtExceptionHandler((failed, e) -> LOG.error("Batch worker {} failed", failed.getName(), e));
      return thread;
    }
  }
}
