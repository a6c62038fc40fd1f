package dev.kindling.processor.model;

/**
 * One {@code @SqsHandler}, {@code @KinesisHandler} or {@code @DynamoDbStreamHandler} method with
 * its options; options a kind does not have keep their neutral value.
 *
 * @param source the queue, stream or table name
 * @param deadLetterUnprocessable SQS: Kindling moves records that can never succeed to the
 *     dead-letter queue itself
 */
public record BatchHandlerModel(
    HandlerMethod method,
    BatchKind kind,
    String source,
    boolean fifo,
    boolean parallel,
    int batchSize,
    int maxBatchingWindowSeconds,
    int maxReceiveCount,
    boolean deadLetterUnprocessable,
    String startingPosition,
    int maxRetryAttempts,
    boolean bisectOnError) {

  /** The payload parameter, or {@code null} when the signature has none. */
  public Param payload() {
    return method.bodies().isEmpty() ? null : method.bodies().get(0);
  }
}
