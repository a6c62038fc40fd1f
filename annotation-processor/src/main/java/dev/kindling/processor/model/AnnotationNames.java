package dev.kindling.processor.model;

import java.util.List;

/** The annotations the processor reads, by name: the processor never loads the runtime jar. */
public final class AnnotationNames {
  public static final String PACKAGE = "dev.kindling.annotation.";
  public static final String HTTP_ROUTE = PACKAGE + "HttpRoute";
  public static final String FUNCTION_HANDLER = PACKAGE + "FunctionHandler";
  public static final String SQS_HANDLER = PACKAGE + "SqsHandler";
  public static final String KINESIS_HANDLER = PACKAGE + "KinesisHandler";
  public static final String DYNAMODB_STREAM_HANDLER = PACKAGE + "DynamoDbStreamHandler";
  public static final String IDEMPOTENT = PACKAGE + "Idempotent";
  public static final String PATH_PARAM = PACKAGE + "PathParam";
  public static final String QUERY_PARAM = PACKAGE + "QueryParam";
  public static final String HEADER_PARAM = PACKAGE + "HeaderParam";

  /** Annotations that make a method an entry; at most one per method. */
  public static final List<String> HANDLERS =
      List.of(HTTP_ROUTE, FUNCTION_HANDLER, SQS_HANDLER, KINESIS_HANDLER, DYNAMODB_STREAM_HANDLER);

  public static final String LAMBDA_CONTEXT = "com.amazonaws.services.lambda.runtime.Context";
  public static final String RECORD_CONTEXT = "dev.kindling.runtime.RecordContext";
  public static final String DYNAMODB_CHANGE = "dev.kindling.runtime.DynamoDbChange";
  public static final String SQS_MESSAGE = "com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage";
  public static final String KINESIS_RECORD =
      "com.amazonaws.services.lambda.runtime.events.KinesisEvent.KinesisEventRecord";
  public static final String DYNAMODB_RECORD =
      "com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord";
  public static final String VALID = "jakarta.validation.Valid";
  public static final String SINGLETON = "jakarta.inject.Singleton";
  public static final String MICRONAUT_BEAN = "io.micronaut.context.annotation.Bean";
  public static final String MICRONAUT_CONTEXT = "io.micronaut.context.annotation.Context";
  public static final String MICRONAUT_PROTOTYPE = "io.micronaut.context.annotation.Prototype";
  public static final String JAKARTA_SCOPE = "jakarta.inject.Scope";
  /** In {@code kindling-sqs-dead-letter}: its presence says the module is on the class path. */
  public static final String SQS_DEAD_LETTER_SENDER = "dev.kindling.sqs.deadletter.SqsDeadLetterSender";

  private AnnotationNames() {}
}
