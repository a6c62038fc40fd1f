package dev.kindling.processor.model;

/** The three per-record event sources. */
public enum BatchKind {
  SQS(AnnotationNames.SQS_HANDLER, "SqsHandler", "queue"),
  KINESIS(AnnotationNames.KINESIS_HANDLER, "KinesisHandler", "stream"),
  DYNAMODB(AnnotationNames.DYNAMODB_STREAM_HANDLER, "DynamoDbStreamHandler", "table");

  private final String annotation;
  private final String suffix;
  private final String sourceMember;

  BatchKind(String annotation, String suffix, String sourceMember) {
    this.annotation = annotation;
    this.suffix = suffix;
    this.sourceMember = sourceMember;
  }

  public String annotation() {
    return annotation;
  }

  /** {@code SqsHandler}: the generated class name suffix and the annotation's simple name. */
  public String suffix() {
    return suffix;
  }

  /** The annotation member naming the queue, stream or table. */
  public String sourceMember() {
    return sourceMember;
  }
}
