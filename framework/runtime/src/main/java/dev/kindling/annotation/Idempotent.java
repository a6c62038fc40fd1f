package dev.kindling.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs the handler at most once per idempotency key; a repeated key returns the stored result.
 * Keys are scoped to the method (and, for HTTP, to its route); a repeated key whose request
 * differs (the payload, or for HTTP every bound path, query, header and body value) is rejected.
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

  /**
   * HTTP only: scope the key to the authenticated caller as well (the authorizer's principal: a
   * JWT or Cognito {@code sub}, a Lambda authorizer's {@code principalId}, or the IAM caller), so
   * one caller's key never replays another caller's response. A request without an authenticated
   * caller is answered 401.
   */
  boolean perCaller() default false;
}
