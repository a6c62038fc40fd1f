package dev.kindling.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * A local Kinesis event-source mapping with the same contract as Lambda's, {@code ReportBatchItemFailures} enabled:
 * a background thread reads every shard of the stream in order, invokes the {@link LocalFunction} with Lambda's
 * Kinesis event ({@code {"Records":[...]}}, data in base64) and checkpoints by the function's
 * {@code batchItemFailures}.
 *
 * <ul>
 *   <li>No failures: the next batch starts after this one.</li>
 *   <li>A reported {@code sequenceNumber}: the next batch starts with that record; nothing before it is delivered
 *       again.</li>
 *   <li>A function error (or a response that fails the whole batch): the batch is delivered again, or its first half
 *       with {@link Builder#bisectBatchOnFunctionError(boolean)}.</li>
 *   <li>After {@link Builder#maxRetryAttempts(int)} failed retries the records are set aside as a
 *       {@link DiscardedBatch} ({@link #discardedBatches()}, Lambda's on-failure destination) and later records go
 *       on.</li>
 * </ul>
 *
 * <pre>{@code
 * try (KinesisLocalServer kinesisLocal = KinesisLocalServer.start();
 *      KinesisClient kinesis = kinesisLocal.newClient();
 *      LocalFunction function = LocalFunction.builder("com.acme.Clicks_CountKinesisHandler::handleRequest")
 *              .classpath(classpath).build()) {
 *     KinesisStreams.create(kinesis, "clicks", 1);
 *     try (KinesisEventSource source = KinesisEventSource.builder(kinesis, "clicks", function)
 *             .startingPosition(StreamStartingPosition.TRIM_HORIZON)
 *             .maxRetryAttempts(2)
 *             .bisectBatchOnFunctionError(true)
 *             .start()) {
 *         kinesis.putRecord(...);
 *         source.awaitIdle(Duration.ofSeconds(30));
 *     }
 * }
 * }</pre>
 */
public final class KinesisEventSource implements AutoCloseable {

    private final StreamPoller poller;

    private KinesisEventSource(StreamPoller poller) {
        this.poller = poller;
    }

    /** Starts configuring a mapping from the stream named {@code streamName} to {@code function}. */
    public static Builder builder(KinesisClient kinesis, String streamName, LocalFunction function) {
        return new Builder(kinesis, streamName, function);
    }

    public StreamEventSourceStats stats() {
        return poller.stats();
    }

    /** The batches set aside after their retries ran out, oldest first: what Lambda sends to an on-failure destination. */
    public List<DiscardedBatch> discardedBatches() {
        return poller.discardedBatches();
    }

    /**
     * Waits until no batch is in flight and a read of every shard, started after this call, found nothing new while
     * no record was waiting to be delivered or retried.
     *
     * @return {@code true} once idle, {@code false} if {@code timeout} passed first
     */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        return poller.awaitIdle(timeout);
    }

    /** Stops polling; a batch already handed to the function may finish, for up to the function timeout. */
    @Override
    public void close() {
        poller.close();
    }

    /** Configures a {@link KinesisEventSource}; defaults are Lambda's unless noted. */
    public static final class Builder {

        private final KinesisClient kinesis;
        private final String streamName;
        private final LocalFunction function;
        private final StreamSettings settings = new StreamSettings(Duration.ofSeconds(1));
        private String invokeIdentityArn;

        private Builder(KinesisClient kinesis, String streamName, LocalFunction function) {
            this.kinesis = Objects.requireNonNull(kinesis, "kinesis");
            this.streamName = Objects.requireNonNull(streamName, "streamName");
            this.function = Objects.requireNonNull(function, "function");
        }

        /** 1..10000; defaults to 100. */
        public Builder batchSize(int size) {
            settings.batchSize = size;
            return this;
        }

        /** Where to start in the shards that exist when the mapping starts; defaults to {@code LATEST}. */
        public Builder startingPosition(StreamStartingPosition position) {
            settings.startingPosition = Objects.requireNonNull(position, "position");
            return this;
        }

        /** -1 (retry until the record expires, which here means forever)..10000; defaults to -1. */
        public Builder maxRetryAttempts(int attempts) {
            settings.maxRetryAttempts = attempts;
            return this;
        }

        /** Whether a failed batch is split in two before it is retried; defaults to false. */
        public Builder bisectBatchOnFunctionError(boolean bisect) {
            settings.bisectBatchOnFunctionError = bisect;
            return this;
        }

        /** How long to keep gathering records before invoking with fewer than {@code batchSize}, 0..300 s; defaults to 0. */
        public Builder maximumBatchingWindow(Duration window) {
            settings.maximumBatchingWindow = Objects.requireNonNull(window, "window");
            return this;
        }

        /** How often an idle shard is read; defaults to 1 s (Lambda reads each Kinesis shard once a second). */
        public Builder pollInterval(Duration interval) {
            settings.pollInterval = Objects.requireNonNull(interval, "interval");
            return this;
        }

        /** The {@code awsRegion} of each record; defaults to {@value ElasticMqServer#REGION}. */
        public Builder region(String awsRegion) {
            settings.region = Objects.requireNonNull(awsRegion, "awsRegion");
            return this;
        }

        /** The {@code invokeIdentityArn} of each record (the mapping's execution role); defaults to
         * {@code arn:aws:iam::000000000000:role/<function name>-role}. */
        public Builder invokeIdentityArn(String roleArn) {
            this.invokeIdentityArn = Objects.requireNonNull(roleArn, "roleArn");
            return this;
        }

        /** Validates the settings against Lambda's limits, takes the starting position of each shard and starts polling. */
        public KinesisEventSource start() {
            settings.validate();
            String role = invokeIdentityArn != null
                    ? invokeIdentityArn
                    : "arn:aws:iam::" + FunctionConfig.ACCOUNT_ID + ":role/" + function.config().functionName() + "-role";
            KinesisStreamAccess access = new KinesisStreamAccess(kinesis, streamName, settings.region, role, new ObjectMapper());
            StreamPoller poller = new StreamPoller(access, function, settings, "Kinesis stream " + streamName);
            poller.start();
            return new KinesisEventSource(poller);
        }
    }
}
