package dev.kindling.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Exposes this method as a directly invoked Lambda function: the event JSON is bound to the
 * payload parameter and the return value is written back as JSON ({@code null} for
 * {@code void}). Generates {@code <Class>_<Method>FunctionHandler}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface FunctionHandler {}
