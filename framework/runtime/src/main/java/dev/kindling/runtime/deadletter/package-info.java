/**
 * The service provider interface behind {@code @SqsHandler(deadLetterUnprocessable = true)}: a
 * {@link dev.kindling.runtime.deadletter.DeadLetterSender} bean moves a record to its queue's
 * dead-letter queue. {@code kindling-sqs-dead-letter} provides one on the AWS SDK; the runtime itself
 * does not depend on the SDK.
 */
package dev.kindling.runtime.deadletter;
