package dev.kindling.local;

import java.util.List;

/**
 * Records a stream event-source mapping set aside after their retries ran out: what Lambda sends to the mapping's
 * on-failure destination, plus the records themselves (Lambda sends only their position).
 *
 * @param shardId                the shard the records came from
 * @param startSequenceNumber    the first record's sequence number
 * @param endSequenceNumber      the last record's sequence number
 * @param batchSize              how many records were set aside
 * @param approximateInvokeCount how many times the batch was delivered and failed
 * @param functionError          the last invocation's {@code errorType} when the function failed, or
 *                               {@code null} when its response reported the first record failed
 * @param records                the event records (the elements of {@code Records}) as JSON, as the function got them
 * @param onFailureRecord        the on-failure destination message in Lambda's shape: {@code requestContext}
 *                               (condition {@code RetryAttemptsExhausted}), {@code responseContext}, {@code version},
 *                               {@code timestamp} and {@code KinesisBatchInfo} or {@code DDBStreamBatchInfo}
 */
public record DiscardedBatch(String shardId, String startSequenceNumber, String endSequenceNumber, int batchSize,
                             int approximateInvokeCount, String functionError, List<String> records,
                             String onFailureRecord) {

    public DiscardedBatch {
        records = List.copyOf(records);
    }
}
