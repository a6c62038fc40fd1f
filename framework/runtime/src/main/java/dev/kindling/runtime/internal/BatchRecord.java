package dev.kindling.runtime.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.kindling.runtime.DynamoDbChange;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One record of a queue or stream batch, read from the event. Its payload is the SQS body as
 * text, Kinesis data decoded from base64 ({@code null} when it is not valid base64), or the
 * DynamoDB image (new, or old for REMOVE), converted to plain JSON when the handler asks for it.
 * A payload that cannot be made is this record's failure, never the batch's.
 */
public final class BatchRecord {
  private final BatchEvents.Source source;
  private final String recordId;
  private final String itemIdentifier;
  private final String groupId;
  private final String sequenceNumber;
  private final int receiveCount;
  private final String body;
  private final byte[] data;
  private final Map<String, String> attributes;
  private final JsonNode raw;

  private BatchRecord(
      BatchEvents.Source source,
      String recordId,
      String itemIdentifier,
      String groupId,
      String sequenceNumber,
      int receiveCount,
      String body,
      byte[] data,
      Map<String, String> attributes,
      JsonNode raw) {
    this.source = source;
    this.recordId = recordId;
    this.itemIdentifier = itemIdentifier;
    this.groupId = groupId;
    this.sequenceNumber = sequenceNumber;
    this.receiveCount = receiveCount;
    this.body = body;
    this.data = data;
    this.attributes = attributes;
    this.raw = raw;
  }

  /** An SQS message: its body stays text, which is what Jackson binds it from. */
  static BatchRecord sqs(
      String messageId, String groupId, String sequenceNumber, int receiveCount, String body,
      Map<String, String> attributes, JsonNode raw) {
    return new BatchRecord(
        BatchEvents.Source.SQS, messageId, messageId, groupId, sequenceNumber, receiveCount, body, null, attributes, raw);
  }

  /** A Kinesis record, reported by {@code sequenceNumber}; {@code data} is {@code null} when it could not be decoded. */
  static BatchRecord kinesis(
      String recordId, String sequenceNumber, byte[] data, Map<String, String> attributes, JsonNode raw) {
    return new BatchRecord(
        BatchEvents.Source.KINESIS, recordId, sequenceNumber, null, sequenceNumber, 0, null, data, attributes, raw);
  }

  /** A DynamoDB stream record, reported by {@code sequenceNumber}; its images stay in {@code raw} until bound. */
  static BatchRecord dynamoDb(String recordId, String sequenceNumber, Map<String, String> attributes, JsonNode raw) {
    return new BatchRecord(
        BatchEvents.Source.DYNAMODB, recordId, sequenceNumber, null, sequenceNumber, 0, null, null, attributes, raw);
  }

  /** SQS messageId or stream eventID, for logs and idempotency. */
  public String recordId() {
    return recordId;
  }

  /** What {@code batchItemFailures} reports: the messageId, or the sequence number. */
  public String itemIdentifier() {
    return itemIdentifier;
  }

  /** The FIFO message group, or {@code null}. */
  public String groupId() {
    return groupId;
  }

  /** The FIFO or stream sequence number, or {@code null}. */
  public String sequenceNumber() {
    return sequenceNumber;
  }

  /** SQS ApproximateReceiveCount; 0 for streams. */
  public int receiveCount() {
    return receiveCount;
  }

  /** System and string message attributes (SQS), partitionKey (Kinesis), eventName (DynamoDB). */
  public Map<String, String> attributes() {
    return attributes;
  }

  /** The record's JSON as AWS sent it. */
  public JsonNode raw() {
    return raw;
  }

  /**
   * The string value of the SQS message attribute {@code name}, or {@code null}; read from the
   * record's JSON, without building {@link #attributes}.
   */
  public String messageAttribute(String name) {
    JsonNode value = raw == null ? null : raw.path("messageAttributes").path(name).get("stringValue");
    return value == null || value.isNull() ? null : value.asText();
  }

  /** The payload as text. */
  public String text() {
    return body != null ? body : new String(payload(), StandardCharsets.UTF_8);
  }

  /**
   * The payload bound with {@code reader}; bad JSON is this record's failure. A DynamoDB record
   * without the image to bind is skipped ({@link SkippedRecordException}).
   */
  public <T> T bind(ObjectReader reader) {
    T value =
        switch (source) {
          case SQS -> Payloads.read(reader, body);
          case KINESIS -> Payloads.read(reader, payload());
          case DYNAMODB -> DynamoDbImages.payload(this, reader);
        };
    if (value == null) {
      throw new InvalidInputException("The record has an empty payload");
    }
    return value;
  }

  /** The payload bytes; undecodable Kinesis data or a malformed DynamoDB image is this record's failure. */
  public byte[] payload() {
    return switch (source) {
      case SQS -> body.getBytes(StandardCharsets.UTF_8);
      case KINESIS -> {
        if (data == null) {
          throw new InvalidInputException("The record's data is not valid base64");
        }
        yield data;
      }
      case DYNAMODB -> DynamoDbImages.payloadBytes(this);
    };
  }

  /** The DynamoDB change with its images bound with {@code reader}. */
  public <T> DynamoDbChange<T> change(ObjectReader reader) {
    return DynamoDbImages.change(this, reader);
  }
}
