package dev.kindling.local;

import java.util.List;

/** What a {@link StreamPoller} needs from a stream service: DynamoDB Streams or Kinesis. */
interface StreamAccess {

    /** The {@code eventSourceARN} of the events, and the {@code streamArn} of on-failure records. */
    String streamArn();

    /** The name of the batch description in an on-failure record, e.g. {@code KinesisBatchInfo}. */
    String batchInfoName();

    /** Every shard the stream currently lists, parents before children. */
    List<StreamShard> shards();

    String iterator(String shardId, StreamStartingPosition position);

    String iteratorAfter(String shardId, String sequenceNumber);

    /**
     * Reads up to {@code limit} records.
     *
     * @throws IteratorExpiredException if the iterator has expired and must be obtained again
     */
    ShardPage read(String shardId, String iterator, int limit);

    /** The service no longer accepts a shard iterator (they expire after a few minutes). */
    final class IteratorExpiredException extends RuntimeException {

        IteratorExpiredException(Throwable cause) {
            super(cause.getMessage(), cause);
        }
    }
}
