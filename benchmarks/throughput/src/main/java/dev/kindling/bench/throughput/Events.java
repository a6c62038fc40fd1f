package dev.kindling.bench.throughput;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Batches in the shape AWS sends, with distinct record ids per batch. */
final class Events {
  private Events() {}

  static byte[] sqs(int batch, int records) {
    StringBuilder json = new StringBuilder("{\"Records\":[");
    for (int i = 0; i < records; i++) {
      if (i > 0) {
        json.append(',');
      }
      String id = String.format("%08d-87a3-44ab-83d2-%012d", batch, i);
      String body = "{\"orderId\":\"o-" + batch + "-" + i + "\",\"customerId\":\"c-" + (i % 7) + "\",\"amount\":" + (i + 1) + ".50}";
      json.append("{\"messageId\":\"").append(id)
          .append("\",\"receiptHandle\":\"AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a").append(i)
          .append("\",\"body\":").append(quote(body))
          .append(",\"attributes\":{\"ApproximateReceiveCount\":\"1\",\"SentTimestamp\":\"1773100000000\",")
          .append("\"SenderId\":\"AIDAIENQZJOLO23YVJ4VO\",\"ApproximateFirstReceiveTimestamp\":\"1773100000050\"},")
          .append("\"messageAttributes\":{},\"md5OfBody\":\"e4e68fb7bd0e697a0ae8f1bb342846b3\",")
          .append("\"eventSource\":\"aws:sqs\",\"eventSourceARN\":\"arn:aws:sqs:us-east-1:123456789012:charges\",")
          .append("\"awsRegion\":\"us-east-1\"}");
    }
    return json.append("]}").toString().getBytes(StandardCharsets.UTF_8);
  }

  static byte[] kinesis(int batch, int records) {
    StringBuilder json = new StringBuilder("{\"Records\":[");
    for (int i = 0; i < records; i++) {
      if (i > 0) {
        json.append(',');
      }
      String data = Base64.getEncoder().encodeToString(
          ("{\"userId\":\"u-" + i + "\",\"page\":\"/products/" + (batch + i) % 97 + "\"}").getBytes(StandardCharsets.UTF_8));
      String sequence = String.format("49590338271490256608559692538361571095921575989136588%03d", i);
      json.append("{\"kinesis\":{\"kinesisSchemaVersion\":\"1.0\",\"partitionKey\":\"u-").append(i)
          .append("\",\"sequenceNumber\":\"").append(sequence)
          .append("\",\"data\":\"").append(data).append("\",\"approximateArrivalTimestamp\":1773100000.123},")
          .append("\"eventSource\":\"aws:kinesis\",\"eventVersion\":\"1.0\",\"eventID\":\"shardId-000000000006:").append(sequence)
          .append("\",\"eventName\":\"aws:kinesis:record\",\"invokeIdentityArn\":\"arn:aws:iam::123456789012:role/lambda\",")
          .append("\"awsRegion\":\"us-east-1\",\"eventSourceARN\":\"arn:aws:kinesis:us-east-1:123456789012:stream/clicks\"}");
    }
    return json.append("]}").toString().getBytes(StandardCharsets.UTF_8);
  }

  private static String quote(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
