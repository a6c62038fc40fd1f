package dev.kindling.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs the handler at most once per idempotency key; a repeated key returns the stored result.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Idempotent {
  /** Property paths on the payload forming the key; empty = record id / Idempotency-Key header. */
  String[] key() default {};

  /** How long a completed result is kept, as an ISO-8601 duration. */
  String expiry() default "PT1H";

  /** Reject a repeated key whose payload differs from the first one. */
  boolean payloadValidation() default true;

  /**
   * HTTP only: when the {@code Idempotency-Key} header is absent, run the method unguarded
   * instead of answering 400.
   */
  boolean keyOptional() default false;
}
