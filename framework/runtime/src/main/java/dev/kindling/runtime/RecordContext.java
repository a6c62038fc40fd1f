package dev.kindling.runtime;

import com.amazonaws.services.lambda.runtime.Context;
import dev.kindling.runtime.internal.RecordAttributes;
import java.time.Duration;
import java.util.Map;

/**
 * What a batch handler may know about the record it is processing. Pass it as the second
 * parameter: {@code void charge(ChargeOrder order, RecordContext record)}.
 */
public final class RecordContext {
  private final String recordId;
  private final int approximateReceiveCount;
  private final String messageGroupId;
  private final String sequenceNumber;
  private final Map<String, String> attributes;
  private final Context lambdaContext;

  public RecordContext(
      String recordId,
      int approximateReceiveCount,
      String messageGroupId,
      String sequenceNumber,
      Map<String, String> attributes,
      Context lambdaContext) {
    this.recordId = recordId;
    this.approximateReceiveCount = approximateReceiveCount;
    this.messageGroupId = messageGroupId;
    this.sequenceNumber = sequenceNumber;
    // Kindling's own attribute maps are immutable and read on first use; copying would read them now.
    this.attributes = attributes instanceof RecordAttributes ? attributes : Map.copyOf(attributes);
    this.lambdaContext = lambdaContext;
  }

  /** SQS messageId, or the stream record's eventID. */
  public String recordId() {
    return recordId;
  }

  /** How many times SQS has delivered this message, 1 on the first delivery; 0 for streams. */
  public int approximateReceiveCount() {
    return approximateReceiveCount;
  }

  /** The FIFO message group, or {@code null}. */
  public String messageGroupId() {
    return messageGroupId;
  }

  /** The FIFO or stream sequence number, or {@code null}. */
  public String sequenceNumber() {
    return sequenceNumber;
  }

  /**
   * SQS system attributes and string message attributes (message attributes win on a name
   * clash); Kinesis adds {@code partitionKey}; DynamoDB adds {@code eventName}.
   */
  public Map<String, String> attributes() {
    return attributes;
  }

  /** The Lambda context of the invocation, or {@code null} outside Lambda. */
  public Context lambdaContext() {
    return lambdaContext;
  }

  /** Time left before the invocation's deadline; very long outside Lambda. */
  public Duration remainingTime() {
    return lambdaContext == null
        ? Duration.ofDays(1)
        : Duration.ofMillis(lambdaContext.getRemainingTimeInMillis());
  }
}
