package dev.kindling.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Consumes an SQS queue one record at a time. Generates {@code <Class>_<Method>SqsHandler},
 * which reports failed records in {@code batchItemFailures} so that only they are retried.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface SqsHandler {
  /** Logical queue name, used for the deployment template and local runs. */
  String queue();

  /** FIFO queue: a failed record fails every later record of its message group. */
  boolean fifo() default false;

  /** Records per invocation: 1..10 for FIFO, 1..10,000 for standard queues. */
  int batchSize() default 10;

  /** Maximum batching window in seconds, 0..300. */
  int maxBatchingWindowSeconds() default 0;

  /**
   * Receives before SQS moves a message to the dead-letter queue: the queue's redrive policy
   * {@code maxReceiveCount}, which must say the same. 5 by default, as AWS recommends for Lambda; on
   * a FIFO queue without {@link #deadLetterUnprocessable}, at least 5, because a record held back
   * behind a failed record of its group uses up a receive too.
   */
  int maxReceiveCount() default 5;

  /** Process the records of one batch concurrently (standard queues only). */
  boolean parallel() default false;

  /**
   * Kindling moves a record that can never succeed (its body does not bind or fails {@code @Valid},
   * its idempotency key is missing or came with another payload) to the queue's dead-letter queue
   * itself, with its message group and attributes, and reports it as done. On a FIFO queue it does
   * the same with a record that fails on its last receive ({@link #maxReceiveCount}). Either way its
   * message group goes on instead of following it to the dead-letter queue unprocessed. A record
   * whose move fails is reported failed, as without this option. Needs
   * {@code kindling-sqs-dead-letter} and {@code sqs:SendMessage} on the dead-letter queue.
   */
  boolean deadLetterUnprocessable() default false;
}
