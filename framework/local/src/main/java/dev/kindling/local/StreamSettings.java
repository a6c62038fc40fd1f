package dev.kindling.local;

import java.time.Duration;
import java.util.Objects;

/** The settings a stream event-source mapping shares between DynamoDB Streams and Kinesis, with Lambda's limits. */
final class StreamSettings {

    static final int MAX_BATCH_SIZE = 10_000;
    static final int MAX_RETRY_ATTEMPTS = 10_000;

    int batchSize = 100;
    StreamStartingPosition startingPosition = StreamStartingPosition.LATEST;
    int maxRetryAttempts = -1;
    boolean bisectBatchOnFunctionError;
    Duration maximumBatchingWindow = Duration.ZERO;
    Duration pollInterval;
    String region = ElasticMqServer.REGION;

    StreamSettings(Duration pollInterval) {
        this.pollInterval = pollInterval;
    }

    void validate() {
        if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
            throw new IllegalArgumentException("batchSize must be 1.." + MAX_BATCH_SIZE + ": " + batchSize);
        }
        if (maxRetryAttempts < -1 || maxRetryAttempts > MAX_RETRY_ATTEMPTS) {
            throw new IllegalArgumentException("maxRetryAttempts must be -1 (retry until the record expires).."
                    + MAX_RETRY_ATTEMPTS + ": " + maxRetryAttempts);
        }
        Objects.requireNonNull(startingPosition, "startingPosition");
        if (maximumBatchingWindow.isNegative() || maximumBatchingWindow.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalArgumentException("maximumBatchingWindow must be 0..300 seconds: " + maximumBatchingWindow);
        }
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("pollInterval must be positive: " + pollInterval);
        }
    }
}
