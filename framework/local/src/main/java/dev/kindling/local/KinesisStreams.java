package dev.kindling.local;

import java.time.Duration;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.StreamDescriptionSummary;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/** Creates Kinesis streams for local runs. */
public final class KinesisStreams {

    private static final Duration ACTIVE_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STATUS_POLL_INTERVAL = Duration.ofMillis(50);

    private KinesisStreams() {
    }

    /**
     * Creates a provisioned stream with {@code shardCount} shards and waits until it is active.
     *
     * @return the stream's ARN, the {@code eventSourceARN} of its events
     */
    public static String create(KinesisClient kinesis, String streamName, int shardCount) {
        kinesis.createStream(request -> request.streamName(streamName).shardCount(shardCount));
        long deadline = System.nanoTime() + ACTIVE_TIMEOUT.toNanos();
        while (true) {
            StreamDescriptionSummary summary = kinesis.describeStreamSummary(request -> request.streamName(streamName))
                    .streamDescriptionSummary();
            if (summary.streamStatus() == StreamStatus.ACTIVE) {
                return summary.streamARN();
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("Stream " + streamName + " is still " + summary.streamStatus()
                        + " after " + ACTIVE_TIMEOUT);
            }
            try {
                Thread.sleep(STATUS_POLL_INTERVAL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for stream " + streamName, e);
            }
        }
    }

    /** The stream's ARN. */
    public static String arnOf(KinesisClient kinesis, String streamName) {
        return kinesis.describeStreamSummary(request -> request.streamName(streamName)).streamDescriptionSummary().streamARN();
    }
}
