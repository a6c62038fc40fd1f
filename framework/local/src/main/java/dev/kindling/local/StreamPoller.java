package dev.kindling.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The stream event-source mapping shared by DynamoDB Streams and Kinesis: Lambda's contract with
 * {@code ReportBatchItemFailures} enabled.
 *
 * <p>One background thread reads every shard in order (a child shard only after its parent has been read to its
 * end), keeps the records it has read but not yet checkpointed, and invokes the function with up to
 * {@code batchSize} of them, one batch at a time per mapping, so a shard never has two batches in flight:
 * <ul>
 *   <li>success with no {@code batchItemFailures}: checkpoint past the batch;</li>
 *   <li>a reported sequence number: checkpoint before that record, so the next batch starts with it and nothing
 *       before it is delivered again (several reported: the lowest, i.e. the earliest in the batch);</li>
 *   <li>a function error, or a response that fails the whole batch (not JSON, an {@code itemIdentifier} missing,
 *       empty or not in the batch): deliver the same batch again, or, with {@code bisectBatchOnFunctionError}, its
 *       first half (splitting does not use up a retry; a batch of one record is retried).</li>
 * </ul>
 * Each failed delivery of the batch that starts at the checkpoint counts against {@code maxRetryAttempts}
 * ({@code -1}: retry until the record expires, i.e. forever here); progress resets the count. When the retries run
 * out the mapping sets the batch aside as a {@link DiscardedBatch} (Lambda's on-failure destination) and goes on
 * with the next record: for a function error the whole failed batch; for a reported failure, with bisection on only
 * the reported record (the record bisection would isolate), without it the whole batch delivered last.
 */
final class StreamPoller implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(StreamPoller.class.getName());
    private static final Duration SHARD_REFRESH_INTERVAL = Duration.ofSeconds(2);
    private static final Duration ERROR_BACKOFF = Duration.ofSeconds(1);
    private static final Duration IDLE_CHECK_INTERVAL = Duration.ofMillis(50);
    private static final long NOT_QUIET = Long.MIN_VALUE;

    private final StreamAccess stream;
    private final LocalFunction function;
    private final String description;
    private final int batchSize;
    private final StreamStartingPosition startingPosition;
    private final int maxRetryAttempts;
    private final boolean bisect;
    private final long batchingWindowNanos;
    private final Duration pollInterval;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, Shard> shards = new LinkedHashMap<>();
    private final List<DiscardedBatch> discarded = new CopyOnWriteArrayList<>();
    private final Thread poller;
    private volatile boolean running = true;
    private volatile boolean batchInFlight;
    private volatile long quietSince = NOT_QUIET;
    private long nextShardRefresh;

    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong recordsRead = new AtomicLong();
    private final AtomicLong recordsDelivered = new AtomicLong();
    private final AtomicLong recordsSucceeded = new AtomicLong();
    private final AtomicLong reportedFailures = new AtomicLong();
    private final AtomicLong failedBatches = new AtomicLong();
    private final AtomicLong bisections = new AtomicLong();
    private final AtomicLong recordsDiscarded = new AtomicLong();

    StreamPoller(StreamAccess stream, LocalFunction function, StreamSettings settings, String description) {
        settings.validate();
        this.stream = stream;
        this.function = function;
        this.description = description;
        this.batchSize = settings.batchSize;
        this.startingPosition = settings.startingPosition;
        this.maxRetryAttempts = settings.maxRetryAttempts;
        this.bisect = settings.bisectBatchOnFunctionError;
        this.batchingWindowNanos = settings.maximumBatchingWindow.toNanos();
        this.pollInterval = settings.pollInterval;
        this.poller = new Thread(this::pollUntilClosed, "kindling-stream-poller-" + function.config().functionName());
        this.poller.setDaemon(true);
    }

    /**
     * Takes the shards that exist now at the starting position (before returning, so {@code LATEST} means "written
     * after this call") and starts polling.
     */
    void start() {
        for (StreamShard shard : stream.shards()) {
            Shard state = new Shard(shard, startingPosition);
            if (startingPosition == StreamStartingPosition.LATEST) {
                // A closed shard takes no new records; an open one is read from its current end.
                state.iterator = shard.closed() ? null : stream.iterator(shard.shardId(), StreamStartingPosition.LATEST);
                state.started = true;
            }
            shards.put(shard.shardId(), state);
        }
        nextShardRefresh = System.nanoTime() + SHARD_REFRESH_INTERVAL.toNanos();
        poller.start();
    }

    StreamEventSourceStats stats() {
        return new StreamEventSourceStats(batches.get(), recordsRead.get(), recordsDelivered.get(),
                recordsSucceeded.get(), reportedFailures.get(), failedBatches.get(), bisections.get(),
                recordsDiscarded.get());
    }

    List<DiscardedBatch> discardedBatches() {
        return List.copyOf(discarded);
    }

    /**
     * Waits until no batch is in flight and a read of every shard that started after this call found nothing new
     * while no records were waiting.
     */
    boolean awaitIdle(Duration timeout) throws InterruptedException {
        long since = System.nanoTime();
        long deadline = since + timeout.toNanos();
        while (System.nanoTime() - deadline < 0) {
            long quiet = quietSince;
            if (!batchInFlight && quiet != NOT_QUIET && quiet - since >= 0) {
                return true;
            }
            if (!poller.isAlive()) {
                return false;
            }
            Thread.sleep(IDLE_CHECK_INTERVAL.toMillis());
        }
        return false;
    }

    private void pollUntilClosed() {
        while (running) {
            try {
                long passStart = System.nanoTime();
                if (passStart - nextShardRefresh >= 0) {
                    refreshShards();
                    nextShardRefresh = passStart + SHARD_REFRESH_INTERVAL.toNanos();
                }
                boolean worked = false;
                boolean quiet = true;
                for (Shard shard : List.copyOf(shards.values())) {
                    if (!running) {
                        break;
                    }
                    worked |= step(shard);
                    quiet &= isQuiet(shard, passStart);
                }
                quietSince = quiet ? passStart : NOT_QUIET;
                if (!worked) {
                    pause(pollInterval);
                }
            } catch (RuntimeException e) {
                // The stream service or the local machinery (SdkException, LocalFunctionException) failed, or a
                // bug: back off and go on, never let the poller die silently. Unacknowledged records stay buffered.
                backOff(e);
            }
        }
    }

    private void backOff(RuntimeException e) {
        quietSince = NOT_QUIET;
        if (running) {
            LOG.log(Level.WARNING, "Event source for " + description + " failed; retrying", e);
            pause(ERROR_BACKOFF);
        }
    }

    private void refreshShards() {
        for (StreamShard shard : stream.shards()) {
            // Shards that appear later (splits, merges, a new stream generation) are read from their beginning.
            shards.putIfAbsent(shard.shardId(), new Shard(shard, StreamStartingPosition.TRIM_HORIZON));
        }
    }

    /** Reads and delivers what this shard has ready; true if anything was read or delivered. */
    private boolean step(Shard shard) {
        if (shard.isDone() || waitsForParent(shard)) {
            return false;
        }
        boolean worked = false;
        if (shard.buffer.size() < batchSize && shard.canRead()) {
            worked = read(shard);
        }
        if (shard.buffer.isEmpty()) {
            return worked;
        }
        long now = System.nanoTime();
        if (now - shard.retryNotBefore < 0) {
            return worked;
        }
        boolean complete = shard.buffer.size() >= batchSize || !shard.canRead();
        if (!complete && now - shard.bufferedSince < batchingWindowNanos) {
            return worked;
        }
        deliver(shard);
        return true;
    }

    private boolean read(Shard shard) {
        long readStart = System.nanoTime();
        if (!shard.started) {
            shard.iterator = stream.iterator(shard.shardId, shard.startPosition);
            shard.started = true;
        }
        ShardPage page;
        try {
            page = stream.read(shard.shardId, shard.iterator, batchSize - shard.buffer.size());
        } catch (StreamAccess.IteratorExpiredException e) {
            shard.iterator = shard.lastReadSequenceNumber != null
                    ? stream.iteratorAfter(shard.shardId, shard.lastReadSequenceNumber)
                    : stream.iterator(shard.shardId, shard.startPosition);
            return true;
        }
        shard.iterator = page.nextIterator();
        if (page.records().isEmpty()) {
            if (!page.caughtUp()) {
                return true;
            }
            if (shard.buffer.isEmpty()) {
                shard.lastEmptyReadStart = readStart;
            }
            return false;
        }
        if (shard.buffer.isEmpty()) {
            shard.bufferedSince = System.nanoTime();
        }
        shard.buffer.addAll(page.records());
        shard.lastReadSequenceNumber = page.records().get(page.records().size() - 1).sequenceNumber();
        recordsRead.addAndGet(page.records().size());
        return true;
    }

    private void deliver(Shard shard) {
        List<ShardRecord> batch = shard.head(Math.min(shard.batchLimit, shard.buffer.size()));
        batchInFlight = true;
        try {
            InvocationResult result = function.invoke(eventOf(batch));
            batches.incrementAndGet();
            recordsDelivered.addAndGet(batch.size());
            if (!result.success()) {
                failedBatches.incrementAndGet();
                LOG.log(Level.INFO, "Function {0} failed a batch of {1} from {2} ({3}); retrying it",
                        function.config().functionName(), batch.size(), shard.shardId, result.errorType());
                wholeBatchFailed(shard, batch, result);
                return;
            }
            Set<String> sequenceNumbers = new LinkedHashSet<>();
            batch.forEach(record -> sequenceNumbers.add(record.sequenceNumber()));
            BatchItemFailures failures = BatchItemFailures.parse(json, result.payload(), sequenceNumbers);
            if (failures.wholeBatch()) {
                failedBatches.incrementAndGet();
                LOG.log(Level.WARNING, "Response of {0} fails the whole batch: {1}; retrying it",
                        function.config().functionName(), failures.reason());
                wholeBatchFailed(shard, batch, result);
                return;
            }
            if (failures.failedIds().isEmpty()) {
                checkpoint(shard, batch.size());
                return;
            }
            reportedFailures.incrementAndGet();
            int firstFailed = 0;
            while (!failures.failedIds().contains(batch.get(firstFailed).sequenceNumber())) {
                firstFailed++;
            }
            if (firstFailed > 0) {
                checkpoint(shard, firstFailed);
            }
            shard.failedDeliveries++;
            if (retriesExhausted(shard)) {
                discard(shard, bisect ? 1 : batch.size() - firstFailed, result);
            } else {
                shard.retryNotBefore = System.nanoTime() + pollInterval.toNanos();
            }
        } finally {
            batchInFlight = false;
        }
    }

    private void wholeBatchFailed(Shard shard, List<ShardRecord> batch, InvocationResult result) {
        if (bisect && batch.size() > 1) {
            shard.batchLimit = (batch.size() + 1) / 2;
            bisections.incrementAndGet();
        } else {
            shard.failedDeliveries++;
            if (retriesExhausted(shard)) {
                discard(shard, batch.size(), result);
                return;
            }
        }
        shard.retryNotBefore = System.nanoTime() + pollInterval.toNanos();
    }

    private boolean retriesExhausted(Shard shard) {
        return maxRetryAttempts >= 0 && shard.failedDeliveries > maxRetryAttempts;
    }

    private void checkpoint(Shard shard, int count) {
        shard.take(count);
        recordsSucceeded.addAndGet(count);
        shard.failedDeliveries = 0;
        shard.batchLimit = Integer.MAX_VALUE;
    }

    private void discard(Shard shard, int count, InvocationResult lastResult) {
        int invokeCount = shard.failedDeliveries;
        List<ShardRecord> records = shard.take(count);
        shard.failedDeliveries = 0;
        shard.batchLimit = Integer.MAX_VALUE;
        recordsDiscarded.addAndGet(records.size());
        ShardRecord first = records.get(0);
        ShardRecord last = records.get(records.size() - 1);
        List<String> recordJson = records.stream().map(record -> record.eventRecord().toString()).toList();
        discarded.add(new DiscardedBatch(shard.shardId, first.sequenceNumber(), last.sequenceNumber(), records.size(),
                invokeCount, lastResult.success() ? null : lastResult.errorType(), recordJson,
                onFailureRecord(shard, records, invokeCount, lastResult)));
        LOG.log(Level.WARNING, "Retries exhausted after {0} attempts: set aside {1} record(s) of {2} from {3} to {4}",
                invokeCount, records.size(), shard.shardId, first.sequenceNumber(), last.sequenceNumber());
    }

    private String onFailureRecord(Shard shard, List<ShardRecord> records, int invokeCount, InvocationResult result) {
        ObjectNode message = json.createObjectNode();
        ObjectNode requestContext = message.putObject("requestContext");
        requestContext.put("requestId", result.requestId());
        requestContext.put("functionArn", function.config().functionArn());
        requestContext.put("condition", "RetryAttemptsExhausted");
        requestContext.put("approximateInvokeCount", invokeCount);
        ObjectNode responseContext = message.putObject("responseContext");
        responseContext.put("statusCode", 200);
        responseContext.put("executedVersion", "$LATEST");
        if (!result.success()) {
            responseContext.put("functionError", "Unhandled");
        }
        message.put("version", "1.0");
        message.put("timestamp", Instant.now().toString());
        ObjectNode info = message.putObject(stream.batchInfoName());
        info.put("shardId", shard.shardId);
        info.put("startSequenceNumber", records.get(0).sequenceNumber());
        info.put("endSequenceNumber", records.get(records.size() - 1).sequenceNumber());
        info.put("approximateArrivalOfFirstRecord", records.get(0).approximateArrival().toString());
        info.put("approximateArrivalOfLastRecord", records.get(records.size() - 1).approximateArrival().toString());
        info.put("batchSize", records.size());
        info.put("streamArn", stream.streamArn());
        return message.toString();
    }

    private byte[] eventOf(List<ShardRecord> batch) {
        ObjectNode event = json.createObjectNode();
        ArrayNode records = event.putArray("Records");
        batch.forEach(record -> records.add(record.eventRecord()));
        try {
            return json.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise a stream event", e);
        }
    }

    private boolean waitsForParent(Shard shard) {
        Shard parent = shard.parentShardId == null ? null : shards.get(shard.parentShardId);
        return parent != null && !parent.isDone();
    }

    private boolean isQuiet(Shard shard, long passStart) {
        if (shard.isDone() || waitsForParent(shard)) {
            return true;
        }
        return shard.buffer.isEmpty() && shard.lastEmptyReadStart != NOT_QUIET && shard.lastEmptyReadStart - passStart >= 0;
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops polling; a batch already handed to the function may finish, for up to the function timeout. */
    @Override
    public void close() {
        running = false;
        try {
            poller.join(function.config().timeout().plus(pollInterval).plus(ERROR_BACKOFF).toMillis());
            if (poller.isAlive()) {
                poller.interrupt();
                poller.join();
            }
        } catch (InterruptedException e) {
            poller.interrupt();
            Thread.currentThread().interrupt();
        }
    }

    /** The poller thread's view of one shard. */
    private static final class Shard {

        final String shardId;
        final String parentShardId;
        final StreamStartingPosition startPosition;
        final Deque<ShardRecord> buffer = new ArrayDeque<>();
        boolean started;
        String iterator;
        String lastReadSequenceNumber;
        long bufferedSince;
        long lastEmptyReadStart = NOT_QUIET;
        long retryNotBefore;
        int failedDeliveries;
        int batchLimit = Integer.MAX_VALUE;

        Shard(StreamShard shard, StreamStartingPosition startPosition) {
            this.shardId = shard.shardId();
            this.parentShardId = shard.parentShardId();
            this.startPosition = startPosition;
            this.retryNotBefore = System.nanoTime();
        }

        boolean canRead() {
            return !started || iterator != null;
        }

        boolean isDone() {
            return started && iterator == null && buffer.isEmpty();
        }

        List<ShardRecord> head(int count) {
            List<ShardRecord> head = new ArrayList<>(count);
            for (ShardRecord record : buffer) {
                if (head.size() == count) {
                    break;
                }
                head.add(record);
            }
            return head;
        }

        List<ShardRecord> take(int count) {
            List<ShardRecord> taken = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                taken.add(buffer.removeFirst());
            }
            return taken;
        }
    }
}
