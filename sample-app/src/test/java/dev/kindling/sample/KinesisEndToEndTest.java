package dev.kindling.sample;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kindling.local.DiscardedBatch;
import dev.kindling.local.EmulatorUnavailableException;
import dev.kindling.local.KinesisEventSource;
import dev.kindling.local.KinesisLocalServer;
import dev.kindling.local.KinesisStreams;
import dev.kindling.local.LocalFunction;
import dev.kindling.local.StreamStartingPosition;
import dev.kindling.sample.EndToEndSupport.CapturedLog;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * The clicks stream end to end: a Kinesis emulator (kinesalite, a node process), the local Kinesis event-source
 * mapping, and the generated {@code ClickCounter_CountKinesisHandler} in a child JVM started like Lambda's java17
 * runtime with the function's deployed class path. A malformed record stops the shard, is retried, is set aside
 * once its retries run out, and the records after it are then counted.
 */
class KinesisEndToEndTest {
  private static final String HANDLER = "dev.kindling.sample.ClickCounter_CountKinesisHandler::handleRequest";
  private static final Pattern COUNTED = Pattern.compile("Counted (\\S+) for (\\S+)");
  private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(60);
  private static final int MAX_RETRY_ATTEMPTS = 2;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final CapturedLog logs = new CapturedLog("click-counter");

  @Test
  void aMalformedClickIsRetriedThenSetAsideAndLaterClicksAreCounted() throws Exception {
    KinesisLocalServer kinesisLocal;
    try {
      kinesisLocal = KinesisLocalServer.start();
    } catch (EmulatorUnavailableException e) {
      System.out.println("Skipping KinesisEndToEndTest: " + e.getMessage());
      Assumptions.abort("The Kinesis emulator cannot run here: " + e.getMessage());
      return;
    }
    String malformed = "{\"userId\":\"u-3\",\"page\":";
    List<DiscardedBatch> discarded;
    try (kinesisLocal;
        KinesisClient kinesis = kinesisLocal.newClient();
        LocalFunction function =
            LocalFunction.builder(HANDLER)
                .classpath(LambdaClasspath.entries())
                .functionName("click-counter")
                .logSink(logs)
                .build()) {
      KinesisStreams.create(kinesis, "clicks", 1);
      put(kinesis, "u-1", "{\"userId\":\"u-1\",\"page\":\"/home\"}");
      put(kinesis, "u-2", "{\"userId\":\"u-2\",\"page\":\"/cart\"}");
      put(kinesis, "u-3", malformed);
      put(kinesis, "u-4", "{\"userId\":\"u-4\",\"page\":\"/pay\"}");
      put(kinesis, "u-5", "{\"userId\":\"u-5\",\"page\":\"/done\"}");

      try (KinesisEventSource source =
          KinesisEventSource.builder(kinesis, "clicks", function)
              .startingPosition(StreamStartingPosition.TRIM_HORIZON)
              .batchSize(100)
              .maxRetryAttempts(MAX_RETRY_ATTEMPTS)
              .bisectBatchOnFunctionError(true)
              .pollInterval(Duration.ofMillis(100))
              .start()) {
        assertThat(source.awaitIdle(DRAIN_TIMEOUT)).isTrue();
        discarded = source.discardedBatches();

        // First delivery: u-1, u-2 counted, stop at u-3. Then u-3 is delivered MAX_RETRY_ATTEMPTS more times, each
        // time first in its batch (nothing before it again), then set aside; u-4, u-5 follow in one more batch.
        assertThat(source.stats().batches()).isEqualTo(1 + MAX_RETRY_ATTEMPTS + 1);
        assertThat(source.stats().reportedFailures()).isEqualTo(1 + MAX_RETRY_ATTEMPTS);
        assertThat(source.stats().recordsDelivered()).isEqualTo(5 + 3L * MAX_RETRY_ATTEMPTS + 2);
        assertThat(source.stats().recordsSucceeded()).isEqualTo(4);
        assertThat(source.stats().recordsDiscarded()).isEqualTo(1);
      }
    }
    assertThat(counted()).containsExactly("/home for u-1", "/cart for u-2", "/pay for u-4", "/done for u-5");
    assertThat(discarded)
        .singleElement()
        .satisfies(
            batch -> {
              assertThat(batch.batchSize()).isEqualTo(1);
              assertThat(batch.approximateInvokeCount()).isEqualTo(1 + MAX_RETRY_ATTEMPTS);
              assertThat(batch.functionError()).isNull();
              JsonNode record = JSON.readTree(batch.records().get(0));
              assertThat(record.at("/kinesis/partitionKey").asText()).isEqualTo("u-3");
              assertThat(decode(record.at("/kinesis/data").asText())).isEqualTo(malformed);
              assertThat(record.at("/kinesis/sequenceNumber").asText()).isEqualTo(batch.startSequenceNumber());
              // The function logged its reason on every delivery: the first and each retry.
              String eventId = record.path("eventID").asText();
              assertThat(logs.matches(Pattern.compile("Record " + Pattern.quote(eventId) + " rejected: ")))
                  .hasSize(1 + MAX_RETRY_ATTEMPTS);
              assertThat(JSON.readTree(batch.onFailureRecord()).at("/requestContext/condition").asText())
                  .isEqualTo("RetryAttemptsExhausted");
            });
  }

  private List<String> counted() {
    return logs.matches(COUNTED).stream().map(matcher -> matcher.group(1) + " for " + matcher.group(2)).toList();
  }

  private static void put(KinesisClient kinesis, String partitionKey, String data) {
    kinesis.putRecord(
        request ->
            request.streamName("clicks").partitionKey(partitionKey).data(SdkBytes.fromUtf8String(data)));
  }

  private static String decode(String base64) {
    return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
  }
}
