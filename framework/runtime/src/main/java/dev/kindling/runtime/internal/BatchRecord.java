package dev.kindling.runtime.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.kindling.runtime.DynamoDbChange;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One record of a queue or stream batch, read from the event.
 *
 * @param recordId SQS messageId or stream eventID, for logs and idempotency
 * @param itemIdentifier what {@code batchItemFailures} reports: messageId, or the sequence number
 * @param groupId FIFO message group, or {@code null}
 * @param receiveCount SQS ApproximateReceiveCount, 0 for streams
 * @param data the payload bytes: SQS body as UTF-8, Kinesis data decoded from base64, or the
 *     DynamoDB image (new, or old for REMOVE) as plain JSON
 * @param attributes system and string message attributes (SQS), partitionKey (Kinesis), eventName (DynamoDB)
 * @param raw the record's JSON as AWS sent it
 */
public record BatchRecord(
    String recordId,
    String itemIdentifier,
    String groupId,
    String sequenceNumber,
    int receiveCount,
    byte[] data,
    Map<String, String> attributes,
    JsonNode raw) {

  /** The payload as text. */
  public String text() {
    return new String(payload(), StandardCharsets.UTF_8);
  }

  /** The payload bound with {@code reader}; bad JSON is this record's failure. */
  public <T> T bind(ObjectReader reader) {
    T value = Payloads.read(reader, payload());
    if (value == null) {
      throw new InvalidInputException("The record has an empty payload");
    }
    return value;
  }

  /** The payload bytes; undecodable Kinesis data is this record's failure. */
  public byte[] payload() {
    if (data == null) {
      throw new InvalidInputException("The record's data is not valid base64");
    }
    return data;
  }

  /** The DynamoDB change with its images bound with {@code reader}. */
  public <T> DynamoDbChange<T> change(ObjectReader reader) {
    return DynamoDbImages.change(this, reader);
  }
}
