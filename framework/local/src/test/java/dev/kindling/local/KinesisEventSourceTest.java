package dev.kindling.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kindling.local.handlers.StreamBatchHandler;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/** The stream event-source mapping contract against kinesalite (a node process) and a real handler in a child JVM. */
class KinesisEventSourceTest {

    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger STREAMS = new AtomicInteger();

    private static KinesisLocalServer kinesisLocal;
    private static KinesisClient kinesis;

    private final LogCapture logs = new LogCapture();
    private final Deque<AutoCloseable> resources = new ArrayDeque<>();

    private static String unavailable;

    @BeforeAll
    static void startKinesis() {
        try {
            kinesisLocal = KinesisLocalServer.start();
            kinesis = kinesisLocal.newClient();
        } catch (EmulatorUnavailableException e) {
            unavailable = "The Kinesis emulator cannot run here: " + e.getMessage();
            System.out.println("Skipping KinesisEventSourceTest. " + unavailable);
        }
    }

    @BeforeEach
    void requireKinesis() {
        // Per test, so that each one is reported as skipped with the reason.
        Assumptions.assumeTrue(unavailable == null, () -> unavailable);
    }

    @AfterAll
    static void stopKinesis() {
        if (kinesis != null) {
            kinesis.close();
        }
        if (kinesisLocal != null) {
            kinesisLocal.close();
        }
    }

    @AfterEach
    void closeResources() throws Exception {
        while (!resources.isEmpty()) {
            resources.pop().close();
        }
    }

    @Test
    void deliversRecordsInShardOrderAsLambdaShapesThem() throws Exception {
        String stream = newStream();
        String arn = KinesisStreams.arnOf(kinesis, stream);
        List<String> bodies = List.of("k1", "k2", "k3", "k4", "k5", "k6", "k7");
        bodies.forEach(body -> put(stream, body));
        KinesisEventSource source = start(stream, builder -> builder.batchSize(3));

        assertThat(source.awaitIdle(DRAIN_TIMEOUT)).isTrue();
        closeResources();

        assertThat(StreamLogs.processedBodies(logs)).containsExactlyElementsOf(bodies);
        List<JsonNode> records = StreamLogs.processedRecords(logs);
        assertThat(records).allSatisfy(record -> {
            assertThat(record.path("eventSource").asText()).isEqualTo("aws:kinesis");
            assertThat(record.path("eventVersion").asText()).isEqualTo("1.0");
            assertThat(record.path("eventName").asText()).isEqualTo("aws:kinesis:record");
            assertThat(record.path("awsRegion").asText()).isEqualTo("us-east-1");
            assertThat(record.path("eventSourceARN").asText()).isEqualTo(arn);
            assertThat(record.path("invokeIdentityArn").asText()).isEqualTo("arn:aws:iam::000000000000:role/StreamBatchHandler-role");
            JsonNode kinesisRecord = record.path("kinesis");
            assertThat(kinesisRecord.path("kinesisSchemaVersion").asText()).isEqualTo("1.0");
            assertThat(kinesisRecord.path("partitionKey").asText()).isEqualTo("user-1");
            assertThat(kinesisRecord.path("approximateArrivalTimestamp").isNumber()).isTrue();
            assertThat(record.path("eventID").asText())
                    .isEqualTo("shardId-000000000000:" + kinesisRecord.path("sequenceNumber").asText());
        });
        assertThat(logs.lines()).filteredOn(line -> line.startsWith("batch size="))
                .containsExactly("batch size=3 first=k1", "batch size=3 first=k4", "batch size=1 first=k7");
        assertThat(source.stats().recordsSucceeded()).isEqualTo(7);
    }

    @Test
    void aReportedSequenceNumberIsRetriedAndNothingBeforeItIsDeliveredAgain() throws Exception {
        String stream = newStream();
        List.of("a1", "a2", "flaky-a3", "a4").forEach(body -> put(stream, body));
        KinesisEventSource source = start(stream, builder -> builder.maxRetryAttempts(2));

        assertThat(source.awaitIdle(DRAIN_TIMEOUT)).isTrue();
        closeResources();

        assertThat(StreamLogs.processedBodies(logs)).containsExactly("a1", "a2", "flaky-a3", "a4");
        assertThat(logs.lines()).filteredOn(line -> line.startsWith("batch size="))
                .containsExactly("batch size=4 first=a1", "batch size=2 first=flaky-a3");
        assertThat(source.stats().reportedFailures()).isEqualTo(1);
        assertThat(source.discardedBatches()).isEmpty();
    }

    @Test
    void aPoisonRecordUsesUpItsRetriesIsSetAsideAndLaterRecordsGoOn() throws Exception {
        String stream = newStream();
        List.of("b1", "poison-b2", "b3", "b4").forEach(body -> put(stream, body));
        KinesisEventSource source = start(stream, builder -> builder.maxRetryAttempts(2).bisectBatchOnFunctionError(true));

        assertThat(source.awaitIdle(DRAIN_TIMEOUT)).isTrue();
        closeResources();

        assertThat(StreamLogs.processedBodies(logs)).containsExactly("b1", "b3", "b4");
        assertThat(logs.lines()).filteredOn(line -> line.startsWith("failed body=")).hasSize(3)
                .allMatch("failed body=poison-b2"::equals);
        assertThat(source.discardedBatches()).singleElement().satisfies(discarded -> {
            assertThat(discarded.shardId()).isEqualTo("shardId-000000000000");
            assertThat(discarded.batchSize()).isEqualTo(1);
            assertThat(discarded.approximateInvokeCount()).isEqualTo(3);
            JsonNode record = JSON.readTree(discarded.records().get(0));
            assertThat(record.at("/kinesis/sequenceNumber").asText()).isEqualTo(discarded.startSequenceNumber());
            JsonNode onFailure = JSON.readTree(discarded.onFailureRecord());
            assertThat(onFailure.at("/KinesisBatchInfo/shardId").asText()).isEqualTo("shardId-000000000000");
            assertThat(onFailure.at("/KinesisBatchInfo/batchSize").asInt()).isEqualTo(1);
        });
        assertThat(source.stats().recordsDiscarded()).isEqualTo(1);
    }

    private String newStream() {
        String name = "stream-" + STREAMS.incrementAndGet();
        KinesisStreams.create(kinesis, name, 1);
        return name;
    }

    private void put(String stream, String body) {
        kinesis.putRecord(request -> request.streamName(stream).partitionKey("user-1").data(SdkBytes.fromUtf8String(body)));
    }

    private KinesisEventSource start(String stream, UnaryOperator<KinesisEventSource.Builder> settings) {
        LocalFunction function = LocalFunction.builder(TestHandlers.handler(StreamBatchHandler.class))
                .classpath(TestHandlers.classpath())
                .logSink(logs)
                .build();
        resources.push(function);
        KinesisEventSource source = settings.apply(KinesisEventSource.builder(kinesis, stream, function)
                        .startingPosition(StreamStartingPosition.TRIM_HORIZON)
                        .pollInterval(Duration.ofMillis(100)))
                .start();
        resources.push(source);
        return source;
    }
}
