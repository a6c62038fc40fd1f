package dev.kindling.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * A local DynamoDB Streams event-source mapping with the same contract as Lambda's, {@code ReportBatchItemFailures}
 * enabled: a background thread reads every shard of the table's stream in order, invokes the {@link LocalFunction}
 * with Lambda's DynamoDB event ({@code {"Records":[...]}}, images in DynamoDB JSON) and checkpoints by the
 * function's {@code batchItemFailures}.
 *
 * <ul>
 *   <li>No failures: the next batch starts after this one.</li>
 *   <li>A reported {@code SequenceNumber}: the next batch starts with that record; nothing before it is delivered
 *       again.</li>
 *   <li>A function error (or a response that fails the whole batch): the batch is delivered again, or its first half
 *       with {@link Builder#bisectBatchOnFunctionError(boolean)}.</li>
 *   <li>After {@link Builder#maxRetryAttempts(int)} failed retries the records are set aside as a
 *       {@link DiscardedBatch} ({@link #discardedBatches()}, Lambda's on-failure destination) and later records go
 *       on.</li>
 * </ul>
 *
 * <pre>{@code
 * try (DynamoDbLocalServer dynamoDb = DynamoDbLocalServer.start();
 *      DynamoDbClient client = dynamoDb.newClient();
 *      DynamoDbStreamsClient streams = dynamoDb.newStreamsClient();
 *      LocalFunction function = LocalFunction.builder("com.acme.Orders_ChangedDynamoDbStreamHandler::handleRequest")
 *              .classpath(classpath).build()) {
 *     TableWithStream orders = DynamoDbTables.createWithStream(client, "orders", "id");
 *     try (DynamoDbStreamEventSource source = DynamoDbStreamEventSource.builder(streams, orders.streamArn(), function)
 *             .startingPosition(StreamStartingPosition.TRIM_HORIZON)
 *             .maxRetryAttempts(2)
 *             .start()) {
 *         client.putItem(...);
 *         source.awaitIdle(Duration.ofSeconds(30));
 *     }
 * }
 * }</pre>
 */
public final class DynamoDbStreamEventSource implements AutoCloseable {

    private final StreamPoller poller;

    private DynamoDbStreamEventSource(StreamPoller poller) {
        this.poller = poller;
    }

    /** Starts configuring a mapping from the stream {@code streamArn} to {@code function}. */
    public static Builder builder(DynamoDbStreamsClient streams, String streamArn, LocalFunction function) {
        return new Builder(streams, streamArn, function);
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

    /** Configures a {@link DynamoDbStreamEventSource}; defaults are Lambda's unless noted. */
    public static final class Builder {

        private final DynamoDbStreamsClient streams;
        private final String streamArn;
        private final LocalFunction function;
        private final StreamSettings settings = new StreamSettings(Duration.ofMillis(250));

        private Builder(DynamoDbStreamsClient streams, String streamArn, LocalFunction function) {
            this.streams = Objects.requireNonNull(streams, "streams");
            this.streamArn = Objects.requireNonNull(streamArn, "streamArn");
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

        /** How often an idle shard is read; defaults to 250 ms (Lambda reads DynamoDB streams four times a second). */
        public Builder pollInterval(Duration interval) {
            settings.pollInterval = Objects.requireNonNull(interval, "interval");
            return this;
        }

        /** The {@code awsRegion} of each record; defaults to {@value ElasticMqServer#REGION}. */
        public Builder region(String awsRegion) {
            settings.region = Objects.requireNonNull(awsRegion, "awsRegion");
            return this;
        }

        /** Validates the settings against Lambda's limits, takes the starting position of each shard and starts polling. */
        public DynamoDbStreamEventSource start() {
            settings.validate();
            DynamoDbStreamAccess access = new DynamoDbStreamAccess(streams, streamArn, settings.region, new ObjectMapper());
            StreamPoller poller = new StreamPoller(access, function, settings, "DynamoDB stream " + streamArn);
            poller.start();
            return new DynamoDbStreamEventSource(poller);
        }
    }
}
