package dev.kindling.runtime.internal;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.kindling.runtime.RecordContext;
import dev.kindling.runtime.idempotency.IdempotencyException;
import dev.kindling.runtime.logging.KindlingLogging;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
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
 *   <li>Streams: stop at the first failure and report its sequence number; Lambda resumes
 *       there, so nothing after it runs twice.
 * </ul>
 */
public final class Batches {
  private static final Logger LOG = LoggerFactory.getLogger(Batches.class);
  private static final String RECORD_ID = "record_id";
  private static final long MAX_WAIT_MILLIS = TimeUnit.MINUTES.toMillis(15);

  /** Why a record was reported without having failed itself. */
  private enum Skip { DEADLINE, AFTER_FAILURE }

  /**
   * How one record ended. SKIPPED (a DynamoDB record without the image to bind) occurs in stream
   * batches only; another loop would report it for retry.
   */
  private enum Result { SUCCEEDED, SKIPPED, FAILED, STORE_UNAVAILABLE }

  private Batches() {}

  public static BatchOutcome sqs(
      InputStream input, OutputStream output, Context context, boolean fifo, RecordHandler handler)
      throws IOException {
    LambdaInvocation.begin(context);
    List<BatchRecord> batch = BatchEvents.read(input, BatchEvents.Source.SQS);
    BatchOutcome outcome = fifo ? fifo(batch, context, handler) : sequential(batch, context, handler, false);
    write(output, outcome);
    return outcome;
  }

  public static BatchOutcome sqsParallel(
      InputStream input, OutputStream output, Context context, RecordHandler handler) throws IOException {
    LambdaInvocation.begin(context);
    List<BatchRecord> batch = BatchEvents.read(input, BatchEvents.Source.SQS);
    BatchOutcome outcome = parallel(batch, context, handler);
    write(output, outcome);
    return outcome;
  }

  public static BatchOutcome stream(
      InputStream input, OutputStream output, Context context, BatchEvents.Source source, RecordHandler handler)
      throws IOException {
    LambdaInvocation.begin(context);
    List<BatchRecord> batch = BatchEvents.read(input, source);
    BatchOutcome outcome = sequential(batch, context, handler, true);
    write(output, outcome);
    return outcome;
  }

  /** In order; with {@code stopAtFirstFailure}, the first failure is the only one reported. */
  static BatchOutcome sequential(
      List<BatchRecord> batch, Context context, RecordHandler handler, boolean stopAtFirstFailure) {
    Deadline deadline = new Deadline(context);
    Tally tally = new Tally(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      BatchRecord record = batch.get(i);
      if (!deadline.allowsAnotherRecord()) {
        reportRest(batch, i, tally, Skip.DEADLINE, stopAtFirstFailure);
        break;
      }
      Result result = run(record, context, handler);
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

  static BatchOutcome fifo(List<BatchRecord> batch, Context context, RecordHandler handler) {
    Deadline deadline = new Deadline(context);
    Tally tally = new Tally(batch.size());
    Set<String> failedGroups = new HashSet<>();
    for (int i = 0; i < batch.size(); i++) {
      BatchRecord record = batch.get(i);
      if (!deadline.allowsAnotherRecord()) {
        reportRest(batch, i, tally, Skip.DEADLINE, false);
        break;
      }
      if (failedGroups.contains(record.groupId())) {
        tally.report(record, Skip.AFTER_FAILURE);
      } else {
        Result result = run(record, context, handler);
        if (result == Result.SUCCEEDED) {
          tally.succeeded++;
        } else {
          tally.fail(record, result);
          failedGroups.add(record.groupId());
        }
      }
    }
    return tally.outcome();
  }

  static BatchOutcome parallel(List<BatchRecord> batch, Context context, RecordHandler handler) {
    long startNanos = System.nanoTime();
    Deadline deadline = new Deadline(context);
    // null = not finished or skipped by the deadline
    AtomicReferenceArray<Result> states = new AtomicReferenceArray<>(batch.size());
    List<Future<?>> futures = new ArrayList<>(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      int index = i;
      futures.add(
          Workers.POOL.submit(
              KindlingLogging.carryingContext(
                  () -> {
                    if (deadline.allowsAnotherRecord()) {
                      states.set(index, run(batch.get(index), context, handler));
                    }
                  })));
    }
    long waitUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.min(deadline.millisBeforeMargin(), MAX_WAIT_MILLIS));
    for (Future<?> future : futures) {
      try {
        future.get(Math.max(0, waitUntil - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        future.cancel(true);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } catch (ExecutionException e) {
        // run() catches everything a record throws; an error here is the pool's own.
        LOG.error("A batch worker failed", e.getCause());
      }
    }
    Tally tally = new Tally(batch.size(), startNanos);
    for (int i = 0; i < batch.size(); i++) {
      Result state = states.get(i);
      BatchRecord record = batch.get(i);
      if (state == Result.SUCCEEDED) {
        tally.succeeded++;
      } else if (state != null) {
        tally.fail(record, state);
      } else {
        LOG.warn("Record {} did not finish before the deadline margin; reported for retry", record.recordId());
        tally.report(record, Skip.DEADLINE);
      }
    }
    return tally.outcome();
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
   * correlation id are in the MDC while it runs, and only then.
   */
  private static Result run(BatchRecord record, Context context, RecordHandler handler) {
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
      LOG.warn("Record {} rejected: {}{}", record.recordId(), e.getMessage(), describe(e));
      return Result.FAILED;
    } catch (Payloads.PayloadTypeException e) {
      LOG.error("Record {} failed: its payload type cannot be bound, a defect in the code", record.recordId(), e);
      return Result.FAILED;
    } catch (IdempotencyException e) {
      LOG.warn("Record {} not processed: {}", record.recordId(), e.getMessage());
      return e.reason() == IdempotencyException.Reason.STORE_UNAVAILABLE ? Result.STORE_UNAVAILABLE : Result.FAILED;
    } catch (Exception | LinkageError | AssertionError e) {
      LOG.warn("Record {} failed", record.recordId(), e);
      return Result.FAILED;
    } finally {
      MDC.remove(RECORD_ID);
      MDC.remove(LambdaInvocation.CORRELATION_ID);
    }
  }

  private static String describe(InvalidInputException e) {
    StringBuilder text = new StringBuilder();
    for (InvalidInputException.Violation violation : e.violations()) {
      text.append("; ").append(violation.field()).append(' ').append(violation.message());
    }
    return text.toString();
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

  /** Counts for one batch, filled by one thread. */
  private static final class Tally {
    final long startNanos;
    final int records;
    final List<String> failures = new ArrayList<>();
    int succeeded;
    int skippedWithoutImage;
    int failed;
    int skippedByDeadline;
    int skippedAfterFailure;

    Tally(int records) {
      this(records, System.nanoTime());
    }

    /** Counts a batch whose processing began at {@code startNanos} ({@link System#nanoTime}). */
    Tally(int records, long startNanos) {
      this.records = records;
      this.startNanos = startNanos;
    }

    int storeUnavailable;

    void fail(BatchRecord record, Result result) {
      failed++;
      if (result == Result.STORE_UNAVAILABLE) {
        storeUnavailable++;
      }
      failures.add(record.itemIdentifier());
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
              records, succeeded, skippedWithoutImage, failed, skippedByDeadline, skippedAfterFailure, List.copyOf(failures),
              TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
      BatchSummary.log(outcome);
      if (storeUnavailable > 0 && storeUnavailable == failed && succeeded == 0) {
        throw new IdempotencyException(
            IdempotencyException.Reason.STORE_UNAVAILABLE,
            "The idempotency store is unavailable for every record of the batch; failing the invocation",
            null);
      }
      return outcome;
    }
  }

  /** The bounded pool of parallel SQS entries, sized by {@code KINDLING_PARALLELISM}. */
  private static final class Workers {
    static final ExecutorService POOL = Executors.newFixedThreadPool(size(), new DaemonThreads());

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
      return thread;
    }
  }
}
