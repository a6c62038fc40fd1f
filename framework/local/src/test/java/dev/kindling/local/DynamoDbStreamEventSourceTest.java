package dev.kindling.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kindling.local.handlers.StreamBatchHandler;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/** The stream event-source mapping contract against DynamoDB Local and a real stream handler in a child JVM. */
class DynamoDbStreamEventSourceTest {

    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger TABLES = new AtomicInteger();

    private static DynamoDbLocalServer dynamoDbLocal;
    private static DynamoDbClient dynamoDb;
    private static DynamoDbStreamsClient streams;

    private final LogCapture logs = new LogCapture();
    private final Deque<AutoCloseable> resources = new ArrayDeque<>();

    @BeforeAll
    static void startDynamoDb() {
        dynamoDbLocal = DynamoDbLocalServer.start();
        dynamoDb = dynamoDbLocal.newClient();
        streams = dynamoDbLocal.newStreamsClient();
    }

    @AfterAll
    static void stopDynamoDb() {
        streams.close();
        dynamoDb.close();
        dynamoDbLocal.close();
    }

    @AfterEach
    void closeResources() throws Exception {
        while (!resources.isEmpty()) {
            resources.pop().close();
        }
    }

    @Test
    void deliversInsertsModificationsAndRemovalsInOrderAsLambdaShapesThem() throws Exception {
        TableWithStream table = newTable();
        put(table, "k1", "first");
        put(table, "k2", "second");
        put(table, "k1", "first-changed");
        delete(table, "k2");
        DynamoDbStreamEventSource source = start(table, builder -> builder.batchSize(2));

        assertThat(source.awaitIdle(DRAIN_TIMEOUT)).isTrue();
        closeResources();

        assertThat(StreamLogs.processedBodies(logs)).containsExactly("first", "second", "first-changed", "second");
        List<JsonNode> records = StreamLogs.processedRecords(logs);
        assertThat(records).extracting(record -> record.path("eventName").asText())
                .containsExactly("INSERT", "INSERT", "MODIFY", "REMOVE");
        assertThat(records).allSatisfy(record -> {
            assertThat(record.path("eventVersion").asText()).isEqualTo("1.1");
            assertThat(record.path("eventSource").asText()).isEqualTo("aws:dynamodb");
            assertThat(record.path("awsRegion").asText()).isEqualTo("us-east-1");
            assertThat(record.path("eventSourceARN").asText()).isEqualTo(table.streamArn());
            assertThat(record.path("eventID").asText()).isNotBlank();
            JsonNode change = record.path("dynamodb");
            assertThat(change.path("StreamViewType").asText()).isEqualTo("NEW_AND_OLD_IMAGES");
            assertThat(change.path("SequenceNumber").asText()).isNotBlank();
            assertThat(change.path("SizeBytes").asLong()).isPositive();
            assertThat(change.path("ApproximateCreationDateTime").isIntegralNumber()).isTrue();
            assertThat(change.path("Keys").path("id").has("S")).isTrue();
        });
        JsonNode modify = records.get(2).path("dynamodb");
        assertThat(modify.path("OldImage").path("body").path("S").asText()).isEqualTo("first");
        assertThat(modify.path("NewImage").path("body").path("S").asText()).isEqualTo("first-changed");
        assertThat(modify.path("NewImage").path("count").path("N").asText()).isEqualTo("3");
        JsonNode remove = records.get(3).path("dynamodb");
        assertThat(remove.has("NewImage")).isFalse();
        assertThat(remove.path("OldImage").path("body").path("S").asText()).isEqualTo("second");
        assertThat(logs.lines()).filteredOn(line -> line.startsWith("batch size="))
                .extracting(line -> Integer.parseInt(line.substring("batch size=".length(), line.indexOf(' ', 11))))
                .allMatch(size -> size <= 2);
        assertThat(source.stats().recordsSucceeded()).isEqualTo(4);
        assertThat(source.discardedBatches()).isEmpty();
    }

    @Test
    void aReportedSequenceNumberIsRetriedAndNothingBeforeItIsDeliveredAgain() throws Exception {
        TableWithStream table = newTable();
        for (String body : List.of("a1", "a2", "flaky-a3", "a4", "a5")) {
            put(table, body, body);
        }
        DynamoDbStreamEventSource source = start(table, builder -> builder.maxRetryAttempts(2));

        assertThat(source.awaitIdle(DRAIN_TIMEOUT)).isTrue();
        closeResources();

        assertThat(StreamLogs.processedBodies(logs)).containsExactly("a1", "a2", "flaky-a3", "a4", "a5");
        assertThat(logs.lines()).filteredOn(line -> line.startsWith("failed body=")).containsExactly("failed body=flaky-a3");
        assertThat(logs.lines()).filteredOn(line -> line.startsWith("batch size="))
                .containsExactly("batch size=5 first=a1", "batch size=3 first=flaky-a3");
        StreamEventSourceStats stats = source.stats();
        assertThat(stats.reportedFailures()).isEqualTo(1);
        assertThat(stats.recordsSucceeded()).isEqualTo(5);
        assertThat(stats.recordsDelivered()).isEqualTo(8);
        assertThat(source.discardedBatches()).isEmpty();
    }

    @Test
    void aPoisonRecordUsesUpItsRetriesIsSetAsideAndLaterRecordsGoOn() throws Exception {
        TableWithStream table = newTable();
        for (String body : List.of("b1", "poison-b2", "b3", "b4")) {
            put(table, body, body);
        }
        DynamoDbStreamEventSource source = start(table, builder -> builder.maxRetryAttempts(2).bisectBatchOnFunctionError(true));

        assertThat(source.awaitIdle(DRAIN_TIMEOUT)).isTrue();
        closeResources();

        assertThat(StreamLogs.processedBodies(logs)).containsExactly("b1", "b3", "b4");
        assertThat(logs.lines()).filteredOn(line -> line.startsWith("failed body="))
                .containsExactly("failed body=poison-b2", "failed body=poison-b2", "failed body=poison-b2");
        assertThat(source.discardedBatches()).singleElement().satisfies(discarded -> {
            assertThat(discarded.batchSize()).isEqualTo(1);
            assertThat(discarded.approximateInvokeCount()).isEqualTo(3);
            assertThat(discarded.functionError()).isNull();
            assertThat(discarded.startSequenceNumber()).isEqualTo(discarded.endSequenceNumber());
            JsonNode record = JSON.readTree(discarded.records().get(0));
            assertThat(record.at("/dynamodb/NewImage/body/S").asText()).isEqualTo("poison-b2");
            assertThat(record.at("/dynamodb/SequenceNumber").asText()).isEqualTo(discarded.startSequenceNumber());
            JsonNode onFailure = JSON.readTree(discarded.onFailureRecord());
            assertThat(onFailure.at("/requestContext/condition").asText()).isEqualTo("RetryAttemptsExhausted");
            assertThat(onFailure.at("/requestContext/approximateInvokeCount").asInt()).isEqualTo(3);
            assertThat(onFailure.at("/DDBStreamBatchInfo/startSequenceNumber").asText()).isEqualTo(discarded.startSequenceNumber());
            assertThat(onFailure.at("/DDBStreamBatchInfo/batchSize").asInt()).isEqualTo(1);
            assertThat(onFailure.at("/DDBStreamBatchInfo/streamArn").asText()).isEqualTo(table.streamArn());
        });
        assertThat(source.stats().recordsDiscarded()).isEqualTo(1);
        assertThat(source.stats().recordsSucceeded()).isEqualTo(3);
    }

    @Test
    void withoutBisectionExhaustedRetriesSetTheWholeFailedBatchAside() throws Exception {
        TableWithStream table = newTable();
        for (String body : List.of("c1", "poison-c2", "c3")) {
            put(table, body, body);
        }
        DynamoDbStreamEventSource source = start(table, builder -> builder.maxRetryAttempts(1));

        assertThat(source.awaitIdle(DRAIN_TIMEOUT)).isTrue();
        put(table, "c4", "c4");
        assertThat(source.awaitIdle(DRAIN_TIMEOUT)).isTrue();
        closeResources();

        assertThat(StreamLogs.processedBodies(logs)).containsExactly("c1", "c4");
        assertThat(source.discardedBatches()).singleElement().satisfies(discarded -> {
            assertThat(discarded.batchSize()).isEqualTo(2);
            assertThat(discarded.approximateInvokeCount()).isEqualTo(2);
            assertThat(discarded.records()).extracting(record -> JSON.readTree(record).at("/dynamodb/NewImage/body/S").asText())
                    .containsExactly("poison-c2", "c3");
        });
    }

    @Test
    void aFunctionErrorRetriesTheWholeBatch() throws Exception {
        TableWithStream table = newTable();
        for (String body : List.of("d1", "crash-once-d2", "d3")) {
            put(table, body, body);
        }
        DynamoDbStreamEventSource source = start(table, builder -> builder.maxRetryAttempts(3));

        assertThat(source.awaitIdle(DRAIN_TIMEOUT)).isTrue();
        closeResources();

        // Lambda cannot know how far a failed invocation got: the records before the crash run again.
        assertThat(StreamLogs.processedBodies(logs)).containsExactly("d1", "d1", "crash-once-d2", "d3");
        assertThat(source.stats().failedBatches()).isEqualTo(1);
        assertThat(source.stats().recordsSucceeded()).isEqualTo(3);
        assertThat(source.discardedBatches()).isEmpty();
    }

    @Test
    void bisectionIsolatesARecordThatCrashesTheFunction() throws Exception {
        TableWithStream table = newTable();
        for (String body : List.of("e1", "e2", "crash-e3", "e4")) {
            put(table, body, body);
        }
        DynamoDbStreamEventSource source = start(table, builder -> builder.maxRetryAttempts(1).bisectBatchOnFunctionError(true));

        assertThat(source.awaitIdle(DRAIN_TIMEOUT)).isTrue();
        closeResources();

        assertThat(source.discardedBatches()).singleElement().satisfies(discarded -> {
            assertThat(discarded.records()).extracting(record -> JSON.readTree(record).at("/dynamodb/NewImage/body/S").asText())
                    .containsExactly("crash-e3");
            assertThat(discarded.functionError()).isEqualTo("java.lang.IllegalStateException");
            assertThat(JSON.readTree(discarded.onFailureRecord()).at("/responseContext/functionError").asText())
                    .isEqualTo("Unhandled");
        });
        assertThat(StreamLogs.processedBodies(logs)).endsWith("e4").contains("e1", "e2");
        assertThat(source.stats().bisections()).isPositive();
        assertThat(source.stats().recordsSucceeded()).isEqualTo(3);
    }

    @Test
    void latestSkipsWhatTheStreamHeldBeforeTheMappingStarted() throws Exception {
        TableWithStream table = newTable();
        put(table, "old", "before");
        DynamoDbStreamEventSource source = start(table, builder -> builder.startingPosition(StreamStartingPosition.LATEST));
        put(table, "new", "after");

        assertThat(source.awaitIdle(DRAIN_TIMEOUT)).isTrue();
        closeResources();

        assertThat(StreamLogs.processedBodies(logs)).containsExactly("after");
    }

    @Test
    void settingsOutsideLambdasLimitsAreRejected() {
        LocalFunction function = streamHandler();
        assertThatThrownBy(() -> DynamoDbStreamEventSource.builder(streams, "arn", function).batchSize(10_001).start())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("batchSize");
        assertThatThrownBy(() -> DynamoDbStreamEventSource.builder(streams, "arn", function).maxRetryAttempts(-2).start())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxRetryAttempts");
    }

    private TableWithStream newTable() {
        return DynamoDbTables.createWithStream(dynamoDb, "table-" + TABLES.incrementAndGet(), "id");
    }

    private void put(TableWithStream table, String id, String body) {
        dynamoDb.putItem(request -> request.tableName(table.tableName()).item(Map.of(
                "id", AttributeValue.fromS(id),
                "body", AttributeValue.fromS(body),
                "count", AttributeValue.fromN(Integer.toString(body.length() > 5 ? 3 : 1)))));
    }

    private void delete(TableWithStream table, String id) {
        dynamoDb.deleteItem(request -> request.tableName(table.tableName()).key(Map.of("id", AttributeValue.fromS(id))));
    }

    private LocalFunction streamHandler() {
        LocalFunction function = LocalFunction.builder(TestHandlers.handler(StreamBatchHandler.class))
                .classpath(TestHandlers.classpath())
                .logSink(logs)
                .build();
        resources.push(function);
        return function;
    }

    private DynamoDbStreamEventSource start(TableWithStream table,
                                            java.util.function.UnaryOperator<DynamoDbStreamEventSource.Builder> settings) {
        DynamoDbStreamEventSource source = settings.apply(DynamoDbStreamEventSource.builder(streams, table.streamArn(), streamHandler())
                        .startingPosition(StreamStartingPosition.TRIM_HORIZON)
                        .pollInterval(Duration.ofMillis(100)))
                .start();
        resources.push(source);
        return source;
    }
}
