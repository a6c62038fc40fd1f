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

  /** Receives before SQS moves a message to the dead-letter queue. */
  int maxReceiveCount() default 3;

  /** Process the records of one batch concurrently (standard queues only). */
  boolean parallel() default false;
}
