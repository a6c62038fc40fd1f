package dev.kindling.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Binds an {@link HttpRoute} method parameter to a request header (case-insensitive). */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.PARAMETER)
public @interface HeaderParam {
  /** The name; defaults to the parameter name. */
  String value() default "";
}
