package dev.kindling.local;

/**
 * Counters of a stream event-source mapping ({@link DynamoDbStreamEventSource}, {@link KinesisEventSource}) since
 * it started.
 *
 * @param batches           batches handed to the function (one invocation each)
 * @param recordsRead       records read from the stream, each counted once
 * @param recordsDelivered  records sent to the function, counting every retry of a record
 * @param recordsSucceeded  records the mapping checkpointed past as processed
 * @param reportedFailures  invocations whose response reported a failed record in {@code batchItemFailures}
 * @param failedBatches     invocations that failed the whole batch: a function error, or a response that fails
 *                          the whole batch
 * @param bisections        failed batches split in two ({@code bisectBatchOnFunctionError})
 * @param recordsDiscarded  records set aside after their retries ran out (see {@link DiscardedBatch})
 */
public record StreamEventSourceStats(long batches, long recordsRead, long recordsDelivered, long recordsSucceeded,
                                     long reportedFailures, long failedBatches, long bisections,
                                     long recordsDiscarded) {
}
