package dev.kindling.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Consumes a Kinesis stream one record at a time, in shard order. Processing stops at the first
 * failed record and its sequence number is reported, so Lambda resumes exactly there.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface KinesisHandler {
  /** Logical stream name. */
  String stream();

  /** Records per invocation, 1..10,000. */
  int batchSize() default 100;

  /** LATEST, TRIM_HORIZON or AT_TIMESTAMP. */
  String startingPosition() default "LATEST";

  /** Retries of a failing batch, -1 (infinite) or 0..10,000. */
  int maxRetryAttempts() default 3;

  /** Split a failing batch in two before retrying. */
  boolean bisectOnError() default true;
}
