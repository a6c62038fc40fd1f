package dev.kindling.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Routes an HTTP request to this method. All routes of one class are compiled into a single
 * {@code <Class>_HttpHandler} entry that accepts API Gateway REST (v1), HTTP API (v2) and
 * Function URL events.
 *
 * <p>Path variables are written {@code {name}} and bound with {@link PathParam}. The one
 * parameter without a binding annotation (and that is not a Lambda {@code Context}) is the
 * JSON request body.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface HttpRoute {
  /** HTTP method: GET, POST, PUT, PATCH, DELETE, HEAD or OPTIONS. */
  String method() default "GET";

  /** Path template starting with {@code /}, for example {@code /orders/{id}}. */
  String path();

  /** Status code of a normal response. */
  int status() default 200;
}
