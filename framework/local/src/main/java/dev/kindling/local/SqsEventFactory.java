package dev.kindling.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * Builds the event Lambda's SQS event-source mapping sends: {@code {"Records":[...]}} with, per message,
 * {@code messageId, receiptHandle, body, attributes, messageAttributes, md5OfBody, eventSource,
 * eventSourceARN, awsRegion}. System attributes are passed through as SQS returned them (FIFO queues add
 * {@code MessageGroupId, MessageDeduplicationId, SequenceNumber}); message attributes take Lambda's shape
 * {@code {stringValue | binaryValue, stringListValues, binaryListValues, dataType}}.
 */
final class SqsEventFactory {

    /** The order Lambda writes the common system attributes in; any others follow as SQS returned them. */
    private static final List<String> ATTRIBUTE_ORDER = List.of(
            "ApproximateReceiveCount", "SentTimestamp", "SequenceNumber", "MessageGroupId", "SenderId",
            "MessageDeduplicationId", "ApproximateFirstReceiveTimestamp");

    private final ObjectMapper json;
    private final String queueArn;
    private final String region;

    SqsEventFactory(ObjectMapper json, String queueArn, String region) {
        this.json = json;
        this.queueArn = queueArn;
        this.region = region;
    }

    byte[] toEvent(List<Message> messages) {
        ObjectNode event = json.createObjectNode();
        ArrayNode records = event.putArray("Records");
        messages.forEach(message -> records.add(record(message)));
        try {
            return json.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise an SQS event", e);
        }
    }

    private ObjectNode record(Message message) {
        ObjectNode record = json.createObjectNode();
        record.put("messageId", message.messageId());
        record.put("receiptHandle", message.receiptHandle());
        record.put("body", message.body());
        ObjectNode attributes = record.putObject("attributes");
        orderedAttributes(message.attributesAsStrings()).forEach(attributes::put);
        ObjectNode messageAttributes = record.putObject("messageAttributes");
        message.messageAttributes().forEach((name, value) -> messageAttributes.set(name, messageAttribute(value)));
        record.put("md5OfBody", message.md5OfBody());
        if (message.md5OfMessageAttributes() != null) {
            record.put("md5OfMessageAttributes", message.md5OfMessageAttributes());
        }
        record.put("eventSource", "aws:sqs");
        record.put("eventSourceARN", queueArn);
        record.put("awsRegion", region);
        return record;
    }

    private static Map<String, String> orderedAttributes(Map<String, String> attributes) {
        Map<String, String> ordered = new LinkedHashMap<>();
        ATTRIBUTE_ORDER.stream()
                .filter(attributes::containsKey)
                .forEach(name -> ordered.put(name, attributes.get(name)));
        attributes.forEach(ordered::putIfAbsent);
        return ordered;
    }

    private ObjectNode messageAttribute(MessageAttributeValue value) {
        ObjectNode attribute = json.createObjectNode();
        if (value.stringValue() != null) {
            attribute.put("stringValue", value.stringValue());
        }
        if (value.binaryValue() != null) {
            attribute.put("binaryValue", base64(value.binaryValue()));
        }
        ArrayNode strings = attribute.putArray("stringListValues");
        value.stringListValues().forEach(strings::add);
        ArrayNode binaries = attribute.putArray("binaryListValues");
        value.binaryListValues().forEach(binary -> binaries.add(base64(binary)));
        attribute.put("dataType", value.dataType());
        return attribute;
    }

    private static String base64(SdkBytes bytes) {
        return Base64.getEncoder().encodeToString(bytes.asByteArray());
    }
}
