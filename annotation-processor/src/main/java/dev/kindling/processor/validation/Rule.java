package dev.kindling.processor.validation;

import javax.tools.Diagnostic;

/**
 * Every diagnostic the processor can print. The constant name is the tag:
 * {@code [Kindling/<Rule>] <what>: <how to fix>}. Each template's arguments are filled with
 * {@link String#format}.
 */
public enum Rule {
  TargetModifiers(
      "%s is %s: a handler method must be a non-private instance method of a concrete class;"
          + " remove the '%s' modifier"),
  TargetClass(
      "%s cannot hold handlers: %s; make it a concrete, non-private class, top-level or static nested"),
  NotABean(
      "%s is not a bean: annotate the class with @jakarta.inject.Singleton so Kindling can obtain"
          + " it from the bean context"),
  MultipleHandlers(
      "%s carries %s: one method serves one event source; move each annotation to its own method"),
  FunctionSignature(
      "%s: a @FunctionHandler method takes at most one payload and optionally a Lambda Context;"
          + " remove parameter '%s'"),
  HttpMethod(
      "'%s' is not an HTTP method: use one of GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS"),
  HttpPath(
      "'%s' is not a route path: %s"),
  HttpStatus(
      "status %d is not a valid HTTP status: use 100..599 (for example 200, 201, 204)"),
  DuplicateRoute(
      "%s %s is also routed to %s: each method and path pair maps to one method; change the path"
          + " or the method"),
  PathVariableUnbound(
      "path variable {%s} of %s has no parameter: add a parameter annotated @PathParam(\"%s\")"),
  PathParamUnknown(
      "@PathParam(\"%s\") names no variable of %s: use one of %s, or add {%s} to the path"),
  HttpParamType(
      "parameter '%s' has type %s, which a %s cannot be converted to: use String, int, long,"
          + " double, boolean, their boxes, UUID or an enum"),
  HttpBody(
      "%s has more than one body parameter ('%s' and '%s'): bind one to the JSON body and"
          + " annotate the other with @PathParam, @QueryParam or @HeaderParam"),
  RecordContextParam(
      "parameter '%s': RecordContext exists only for @SqsHandler, @KinesisHandler and"
          + " @DynamoDbStreamHandler methods; take com.amazonaws.services.lambda.runtime.Context instead"),
  SqsSignature(
      "%s: a @SqsHandler method takes the payload and optionally RecordContext or Context, and"
          + " returns void; %s"),
  KinesisSignature(
      "%s: a @KinesisHandler method takes the payload and optionally RecordContext or Context, and"
          + " returns void; %s"),
  DynamoDbSignature(
      "%s: a @DynamoDbStreamHandler method takes the payload (an item type or DynamoDbChange<T>)"
          + " and optionally RecordContext or Context, and returns void; %s"),
  ParallelFifo(
      "parallel = true with fifo = true would break per-group ordering: remove parallel, or use a"
          + " standard queue"),
  BatchSize(
      "batchSize %d is out of range for %s: use %s"),
  BatchingWindow(
      "%s: use maxBatchingWindowSeconds %s"),
  MaxReceiveCount(
      "maxReceiveCount %d is out of range: SQS redrive allows 1..1000"),
  FifoMaxReceiveCount(
      "maxReceiveCount %d is too low for a FIFO queue: the records held back behind a failed record of"
          + " their message group use up a receive each time too, and reach the dead-letter queue"
          + " unprocessed; use %d or more, or set deadLetterUnprocessable = true"),
  DeadLetterModule(
      "deadLetterUnprocessable = true sends records to the dead-letter queue with"
          + " kindling-sqs-dead-letter, which is not on the class path: add the dependency"
          + " dev.kindling:kindling-sqs-dead-letter"),
  MaxRetryAttempts(
      "maxRetryAttempts %d is out of range: use -1 (retry until the record expires) or 0..10000"),
  StartingPosition(
      "startingPosition '%s' is not valid for %s: use one of %s"),
  SourceName(
      "%s '%s' is not a valid name: %s"),
  IdempotencyKey(
      "'%s' is not a property of %s: %s"),
  IdempotencyExpiry(
      "expiry '%s' is not a positive ISO-8601 duration: write it like PT15M, PT1H or P7D"),
  IdempotentTarget(
      "%s: %s"),
  PayloadType(
      "%s cannot be bound from JSON: %s"),
  GeneratedNameClash(
      "%s would generate %s, which %s: rename the method or the class%s"),
  Deferred(
      "%s refers to types that never resolved: check the imports of %s"),
  Internal(
      "the processor failed on %s: %s; please report this with the stack trace");

  private final String template;
  private final Diagnostic.Kind kind;

  Rule(String template) {
    this.template = template;
    this.kind = Diagnostic.Kind.ERROR;
  }

  public Diagnostic.Kind kind() {
    return kind;
  }

  /** The full message with its tag. */
  public String format(Object... args) {
    return "[Kindling/" + name() + "] " + String.format(template, args);
  }
}
