package dev.kindling.local;

/**
 * Counters of an {@link SqsEventSource} since it started.
 *
 * @param batches          batches handed to the function (one invocation each)
 * @param messagesReceived messages received from the queue, counting each receive of a retried message
 * @param messagesDeleted  messages deleted after the function processed them
 * @param reportedFailures records the function reported in {@code batchItemFailures}
 * @param failedBatches    batches of which nothing was deleted: the function failed, or its response failed
 *                         the whole batch
 */
public record SqsEventSourceStats(long batches, long messagesReceived, long messagesDeleted, long reportedFailures,
                                  long failedBatches) {
}
