package dev.kindling.runtime.internal;

import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds the aws-lambda-java-events record types for handlers that take them, field by field
 * from the JSON AWS sent: no reflection and no serializer mixins. Loaded only by entries whose
 * method takes a raw record.
 */
public final class RawRecords {
  private RawRecords() {}

  public static SQSEvent.SQSMessage sqsMessage(BatchRecord record) {
    JsonNode json = record.raw();
    SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
    message.setMessageId(text(json, "messageId"));
    message.setReceiptHandle(text(json, "receiptHandle"));
    message.setBody(text(json, "body"));
    message.setMd5OfBody(text(json, "md5OfBody"));
    message.setMd5OfMessageAttributes(text(json, "md5OfMessageAttributes"));
    message.setEventSourceArn(text(json, "eventSourceARN"));
    message.setEventSource(text(json, "eventSource"));
    message.setAwsRegion(text(json, "awsRegion"));
    Map<String, String> attributes = new HashMap<>();
    json.path("attributes").fields().forEachRemaining(e -> attributes.put(e.getKey(), e.getValue().asText()));
    message.setAttributes(attributes);
    Map<String, SQSEvent.MessageAttribute> messageAttributes = new HashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = json.path("messageAttributes").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      JsonNode value = entry.getValue();
      SQSEvent.MessageAttribute attribute = new SQSEvent.MessageAttribute();
      attribute.setDataType(text(value, "dataType"));
      attribute.setStringValue(text(value, "stringValue"));
      String binary = text(value, "binaryValue");
      if (binary != null) {
        attribute.setBinaryValue(ByteBuffer.wrap(Base64.getDecoder().decode(binary)));
      }
      List<String> strings = new ArrayList<>();
      value.path("stringListValues").forEach(v -> strings.add(v.asText()));
      attribute.setStringListValues(strings);
      List<ByteBuffer> binaries = new ArrayList<>();
      value.path("binaryListValues").forEach(v -> binaries.add(ByteBuffer.wrap(Base64.getDecoder().decode(v.asText()))));
      attribute.setBinaryListValues(binaries);
      messageAttributes.put(entry.getKey(), attribute);
    }
    message.setMessageAttributes(messageAttributes);
    return message;
  }

  /**
   * What stays the same across deliveries of an SQS message, hashed for idempotency payload
   * validation of handlers that take the raw message: its body and message attributes. The
   * receipt handle and the receive count change with every delivery, so hashing the whole message
   * would make each redelivery of a processed message look like a different payload.
   */
  public static Map<String, Object> sqsContent(BatchRecord record) {
    Map<String, Object> content = new TreeMap<>();
    content.put("body", record.text());
    JsonNode attributes = record.raw().get("messageAttributes");
    if (attributes != null && attributes.isObject() && !attributes.isEmpty()) {
      // As a map, so the canonical form orders its entries.
      content.put("messageAttributes", Json.MAPPER.convertValue(attributes, Map.class));
    }
    return content;
  }

  public static KinesisEvent.KinesisEventRecord kinesisRecord(BatchRecord record) {
    JsonNode json = record.raw();
    JsonNode data = json.path("kinesis");
    KinesisEvent.Record kinesis = new KinesisEvent.Record();
    kinesis.setKinesisSchemaVersion(text(data, "kinesisSchemaVersion"));
    kinesis.setPartitionKey(text(data, "partitionKey"));
    kinesis.setSequenceNumber(text(data, "sequenceNumber"));
    kinesis.setData(ByteBuffer.wrap(record.payload()));
    kinesis.setEncryptionType(text(data, "encryptionType"));
    if (data.hasNonNull("approximateArrivalTimestamp")) {
      kinesis.setApproximateArrivalTimestamp(
          new Date((long) (data.get("approximateArrivalTimestamp").asDouble() * 1000)));
    }
    KinesisEvent.KinesisEventRecord eventRecord = new KinesisEvent.KinesisEventRecord();
    eventRecord.setKinesis(kinesis);
    eventRecord.setEventSource(text(json, "eventSource"));
    eventRecord.setEventID(text(json, "eventID"));
    eventRecord.setInvokeIdentityArn(text(json, "invokeIdentityArn"));
    eventRecord.setEventName(text(json, "eventName"));
    eventRecord.setEventVersion(text(json, "eventVersion"));
    eventRecord.setEventSourceARN(text(json, "eventSourceARN"));
    eventRecord.setAwsRegion(text(json, "awsRegion"));
    return eventRecord;
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }
}
