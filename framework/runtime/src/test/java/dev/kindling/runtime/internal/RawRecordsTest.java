package dev.kindling.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Raw aws-lambda-java-events records built from the JSON AWS sends, with its field casing. */
class RawRecordsTest {
  private static List<BatchRecord> read(String fixture, BatchEvents.Source source) throws IOException {
    return BatchEvents.read(
        new ByteArrayInputStream(Json.MAPPER.writeValueAsBytes(Fixtures.event(fixture))), source);
  }

  @Test
  void sqsMessageKeepsEveryField() throws IOException {
    SQSEvent.SQSMessage message = RawRecords.sqsMessage(read("sqs-event.json", BatchEvents.Source.SQS).get(4));
    assertThat(message.getMessageId()).isEqualTo("059f36b4-87a3-44ab-83d2-661975900005");
    assertThat(message.getEventSourceArn()).isEqualTo("arn:aws:sqs:us-east-1:123456789012:orders");
    assertThat(message.getAttributes()).containsEntry("ApproximateReceiveCount", "2");
    assertThat(message.getMessageAttributes().get("correlation_id").getStringValue()).isEqualTo("corr-5");
    assertThat(message.getMessageAttributes().get("correlation_id").getDataType()).isEqualTo("String");
    assertThat(message.getBody()).contains("ord-5");
  }

  @Test
  void kinesisRecordCarriesDecodedData() throws IOException {
    KinesisEvent.KinesisEventRecord record = RawRecords.kinesisRecord(read("kinesis-event.json", BatchEvents.Source.KINESIS).get(0));
    assertThat(record.getEventSourceARN()).isEqualTo("arn:aws:kinesis:us-east-1:123456789012:stream/clicks");
    assertThat(record.getKinesis().getPartitionKey()).isEqualTo("user-1");
    assertThat(StandardCharsets.UTF_8.decode(record.getKinesis().getData()).toString()).contains("/home");
    assertThat(record.getKinesis().getApproximateArrivalTimestamp().getTime()).isEqualTo(1773100000123L);
  }
}
