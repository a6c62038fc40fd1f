package dev.kindling.local;

/**
 * A source queue and the dead-letter queue its redrive policy points at.
 *
 * @param queueUrl           the source queue's URL
 * @param queueArn           the source queue's ARN, the {@code eventSourceARN} of its events
 * @param deadLetterQueueUrl the dead-letter queue's URL
 * @param deadLetterQueueArn the dead-letter queue's ARN
 */
public record QueueWithDeadLetterQueue(String queueUrl, String queueArn, String deadLetterQueueUrl, String deadLetterQueueArn) {
}
