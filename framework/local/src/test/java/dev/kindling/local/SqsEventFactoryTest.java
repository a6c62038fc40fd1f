package dev.kindling.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/** Messages received from a real (embedded) queue, turned into the SQS event Lambda sends. */
class SqsEventFactoryTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static ElasticMqServer elasticMq;
    private static SqsClient sqs;

    @BeforeAll
    static void start() {
        elasticMq = ElasticMqServer.start();
        sqs = elasticMq.newClient();
    }

    @AfterAll
    static void stop() {
        sqs.close();
        elasticMq.close();
    }

    @Test
    void standardQueueRecordHasLambdasShape() throws Exception {
        QueueWithDeadLetterQueue queue = SqsQueues.createWithDeadLetterQueue(sqs, "shape", 3, Duration.ofSeconds(30));
        sqs.sendMessage(request -> request.queueUrl(queue.queueUrl()).messageBody("{\"orderId\":\"42\"}")
                .messageAttributes(Map.of(
                        "tenant", MessageAttributeValue.builder().dataType("String").stringValue("acme").build(),
                        "amount", MessageAttributeValue.builder().dataType("Number").stringValue("12.5").build(),
                        "blob", MessageAttributeValue.builder().dataType("Binary")
                                .binaryValue(SdkBytes.fromByteArray(new byte[] {1, 2, (byte) 0xff})).build())));
        List<Message> received = SqsTestSupport.receiveAll(sqs, queue.queueUrl());

        JsonNode event = JSON.readTree(new SqsEventFactory(JSON, queue.queueArn(), "us-east-1").toEvent(received));

        assertThat(event.path("Records")).hasSize(1);
        JsonNode record = event.path("Records").get(0);
        assertThat(record.path("messageId").asText()).isEqualTo(received.get(0).messageId());
        assertThat(record.path("receiptHandle").asText()).isEqualTo(received.get(0).receiptHandle());
        assertThat(record.path("body").asText()).isEqualTo("{\"orderId\":\"42\"}");
        JsonNode attributes = record.path("attributes");
        assertThat(attributes.path("ApproximateReceiveCount").asText()).isEqualTo("1");
        assertThat(attributes.path("SentTimestamp").asText()).matches("\\d{13}");
        assertThat(attributes.path("ApproximateFirstReceiveTimestamp").asText()).matches("\\d{13}");
        assertThat(attributes.path("SenderId").asText()).isNotEmpty();
        attributes.properties().forEach(attribute -> assertThat(attribute.getValue().isTextual()).isTrue());
        assertThat(record.path("messageAttributes")).isEqualTo(JSON.readTree("""
                {"tenant": {"stringValue": "acme", "stringListValues": [], "binaryListValues": [], "dataType": "String"},
                 "amount": {"stringValue": "12.5", "stringListValues": [], "binaryListValues": [], "dataType": "Number"},
                 "blob": {"binaryValue": "AQL/", "stringListValues": [], "binaryListValues": [], "dataType": "Binary"}}
                """));
        assertThat(record.path("md5OfBody").asText()).isEqualTo(md5Hex("{\"orderId\":\"42\"}"));
        assertThat(record.path("eventSource").asText()).isEqualTo("aws:sqs");
        assertThat(record.path("eventSourceARN").asText()).isEqualTo("arn:aws:sqs:us-east-1:000000000000:shape");
        assertThat(record.path("awsRegion").asText()).isEqualTo("us-east-1");
    }

    @Test
    void fifoQueueRecordCarriesGroupDeduplicationAndSequence() throws Exception {
        QueueWithDeadLetterQueue queue = SqsQueues.createWithDeadLetterQueue(sqs, "shape.fifo", 3, Duration.ofSeconds(30));
        sqs.sendMessage(request -> request.queueUrl(queue.queueUrl()).messageBody("first")
                .messageGroupId("order-7").messageDeduplicationId("dedup-1"));
        List<Message> received = SqsTestSupport.receiveAll(sqs, queue.queueUrl());

        JsonNode record = JSON.readTree(new SqsEventFactory(JSON, queue.queueArn(), "us-east-1").toEvent(received))
                .path("Records").get(0);

        JsonNode attributes = record.path("attributes");
        assertThat(attributes.path("MessageGroupId").asText()).isEqualTo("order-7");
        assertThat(attributes.path("MessageDeduplicationId").asText()).isEqualTo("dedup-1");
        assertThat(attributes.path("SequenceNumber").asText()).matches("\\d+");
        assertThat(record.path("eventSourceARN").asText()).isEqualTo("arn:aws:sqs:us-east-1:000000000000:shape.fifo");
        assertThat(queue.deadLetterQueueArn()).isEqualTo("arn:aws:sqs:us-east-1:000000000000:shape-dlq.fifo");
    }

    private static String md5Hex(String text) throws Exception {
        byte[] digest = MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8));
        return String.format("%032x", new BigInteger(1, digest));
    }
}
