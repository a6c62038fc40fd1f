package dev.kindling.runtime.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Reads SQS, Kinesis and DynamoDB stream events into {@link BatchRecord}s. An event that is
 * not a batch of the expected source fails the whole invocation: it is a wiring mistake, and
 * Lambda's retry with redrive keeps the records safe. What one record carries (its body, data or
 * images) is read only when that record is bound, so a bad record fails alone.
 */
public final class BatchEvents {
  /** The event source an entry consumes. */
  public enum Source {
    SQS("aws:sqs"),
    KINESIS("aws:kinesis"),
    DYNAMODB("aws:dynamodb");

    private final String eventSource;

    Source(String eventSource) {
      this.eventSource = eventSource;
    }
  }

  private BatchEvents() {}

  public static List<BatchRecord> read(InputStream input, Source source) throws IOException {
    JsonNode event = EventLog.read(input, "The " + source.eventSource + " event is not valid JSON");
    JsonNode records = event == null ? null : event.get("Records");
    if (records == null || !records.isArray()) {
      throw new IllegalArgumentException(
          "Not a " + source.eventSource + " batch: the event has no Records array");
    }
    if (records.isEmpty()) {
      throw new IllegalArgumentException("The " + source.eventSource + " batch has no records");
    }
    List<BatchRecord> batch = new ArrayList<>(records.size());
    for (JsonNode record : records) {
      String eventSource = text(record, "eventSource", "EventSource");
      if (eventSource != null && !eventSource.equals(source.eventSource)) {
        throw new IllegalArgumentException(
            "Expected " + source.eventSource + " records but got " + eventSource);
      }
      batch.add(
          switch (source) {
            case SQS -> sqs(record);
            case KINESIS -> kinesis(record);
            case DYNAMODB -> dynamoDb(record);
          });
    }
    return batch;
  }

  private static BatchRecord sqs(JsonNode record) {
    String messageId = required(record, "messageId");
    JsonNode systemAttributes = record.path("attributes");
    JsonNode body = record.get("body");
    return BatchRecord.sqs(
        messageId,
        text(systemAttributes, "MessageGroupId"),
        text(systemAttributes, "SequenceNumber"),
        systemAttributes.path("ApproximateReceiveCount").asInt(1),
        body == null || body.isNull() ? "" : body.asText(),
        new RecordAttributes(systemAttributes, record.path("messageAttributes")),
        record);
  }

  private static BatchRecord kinesis(JsonNode record) {
    JsonNode kinesis = record.path("kinesis");
    String sequenceNumber = required(kinesis, "sequenceNumber");
    String data = kinesis.path("data").asText("");
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(data);
    } catch (IllegalArgumentException e) {
      bytes = null;
    }
    String partitionKey = text(kinesis, "partitionKey");
    Map<String, String> attributes = partitionKey == null ? Map.of() : Map.of("partitionKey", partitionKey);
    return BatchRecord.kinesis(eventId(record, sequenceNumber), sequenceNumber, bytes, attributes, record);
  }

  /** Images are converted when the record is bound, so a malformed one fails only its record. */
  private static BatchRecord dynamoDb(JsonNode record) {
    String sequenceNumber = required(record.path("dynamodb"), "SequenceNumber");
    String eventName = text(record, "eventName");
    Map<String, String> attributes = eventName == null ? Map.of() : Map.of("eventName", eventName);
    return BatchRecord.dynamoDb(eventId(record, sequenceNumber), sequenceNumber, attributes, record);
  }

  private static String eventId(JsonNode record, String sequenceNumber) {
    String eventId = text(record, "eventID");
    return eventId == null ? sequenceNumber : eventId;
  }

  private static String required(JsonNode node, String field) {
    String value = text(node, field);
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException("A record has no " + field + "; the event is not from Lambda");
    }
    return value;
  }

  private static String text(JsonNode node, String... fields) {
    for (String field : fields) {
      JsonNode value = node.get(field);
      if (value != null && !value.isNull()) {
        return value.asText();
      }
    }
    return null;
  }
}
