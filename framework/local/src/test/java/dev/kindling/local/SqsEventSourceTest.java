package dev.kindling.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kindling.local.handlers.SqsBatchHandler;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/** The event-source mapping contract against embedded ElasticMQ and a real batch handler in a child JVM. */
class SqsEventSourceTest {

    private static final Duration VISIBILITY_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern PROCESSED = Pattern.compile("processed body=(\\S+) receiveCount=(\\d+) group=(\\S+).*");

    private static ElasticMqServer elasticMq;
    private static SqsClient sqs;

    private final LogCapture logs = new LogCapture();
    private final Deque<AutoCloseable> resources = new ArrayDeque<>();

    @BeforeAll
    static void startQueues() {
        elasticMq = ElasticMqServer.start();
        sqs = elasticMq.newClient();
    }

    @AfterAll
    static void stopQueues() {
        sqs.close();
        elasticMq.close();
    }

    @AfterEach
    void closeResources() throws Exception {
        while (!resources.isEmpty()) {
            resources.pop().close();
        }
    }

    @Test
    void deletesSuccessesRetriesFlakyMessagesAndRedrivesPoisonToTheDlq() throws Exception {
        QueueWithDeadLetterQueue queue = SqsQueues.createWithDeadLetterQueue(sqs, "orders", 3, VISIBILITY_TIMEOUT);
        List<String> good = IntStream.rangeClosed(1, 6).mapToObj(i -> "good-" + i).toList();
        send(queue.queueUrl(), good);
        send(queue.queueUrl(), List.of("flaky-1", "flaky-2", "poison-1", "poison-2"));
        SqsEventSource source = start(queue, batchHandler(false), 10, Duration.ZERO);

        assertThat(source.awaitIdle(DRAIN_TIMEOUT)).isTrue();
        closeResources();

        assertThat(SqsTestSupport.bodies(SqsTestSupport.receiveAll(sqs, queue.deadLetterQueueUrl())))
                .containsExactlyInAnyOrder("poison-1", "poison-2");
        List<String> processed = processedBodies();
        assertThat(processed).containsExactlyInAnyOrder(
                "good-1", "good-2", "good-3", "good-4", "good-5", "good-6", "flaky-1", "flaky-2");
        assertThat(logs.lines()).filteredOn(line -> line.startsWith("processed body=flaky"))
                .allMatch(line -> line.contains("receiveCount=2"));
        for (String poison : List.of("poison-1", "poison-2")) {
            assertThat(logs.lines()).filteredOn(line -> line.startsWith("failed body=" + poison + " "))
                    .extracting(line -> line.substring(line.indexOf("receiveCount=")))
                    .containsExactly("receiveCount=1", "receiveCount=2", "receiveCount=3");
        }
        SqsEventSourceStats stats = source.stats();
        assertThat(stats.messagesDeleted()).isEqualTo(8);
        assertThat(stats.reportedFailures()).isEqualTo(2 + 2 * 3);
        assertThat(stats.failedBatches()).isZero();
        assertThat(stats.messagesDeleted() + 2).as("deleted + dead-lettered = sent").isEqualTo(10);
    }

    @Test
    void functionErrorDeletesNothing() throws Exception {
        QueueWithDeadLetterQueue queue = SqsQueues.createWithDeadLetterQueue(sqs, "crashing", 2, VISIBILITY_TIMEOUT);
        send(queue.queueUrl(), List.of("a", "b", "c"));
        SqsEventSource source = start(queue, batchHandler(true), 10, Duration.ZERO);

        assertThat(source.awaitIdle(DRAIN_TIMEOUT)).isTrue();
        closeResources();

        assertThat(SqsTestSupport.bodies(SqsTestSupport.receiveAll(sqs, queue.deadLetterQueueUrl())))
                .containsExactlyInAnyOrder("a", "b", "c");
        assertThat(source.stats().messagesDeleted()).isZero();
        assertThat(source.stats().failedBatches()).isEqualTo(source.stats().batches()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void responseNamingAMessageOutsideTheBatchFailsTheWholeBatch() throws Exception {
        QueueWithDeadLetterQueue queue = SqsQueues.createWithDeadLetterQueue(sqs, "bogus", 2, VISIBILITY_TIMEOUT);
        send(queue.queueUrl(), List.of("bogus-id"));
        SqsEventSource source = start(queue, batchHandler(false), 10, Duration.ZERO);

        assertThat(source.awaitIdle(DRAIN_TIMEOUT)).isTrue();
        closeResources();

        assertThat(SqsTestSupport.bodies(SqsTestSupport.receiveAll(sqs, queue.deadLetterQueueUrl())))
                .containsExactly("bogus-id");
        assertThat(source.stats().messagesDeleted()).isZero();
        assertThat(source.stats().failedBatches()).isEqualTo(2);
    }

    @Test
    void fifoGroupsAreProcessedInOrderEvenAcrossRetries() throws Exception {
        QueueWithDeadLetterQueue queue = SqsQueues.createWithDeadLetterQueue(sqs, "payments.fifo", 3, VISIBILITY_TIMEOUT);
        List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
        String[][] messages = {
            {"g1", "g1-m1"}, {"g2", "g2-m1"}, {"g1", "flaky-g1-m2"}, {"g2", "g2-m2"}, {"g1", "g1-m3"}, {"g1", "g1-m4"}
        };
        for (int i = 0; i < messages.length; i++) {
            entries.add(SendMessageBatchRequestEntry.builder().id("e" + i)
                    .messageGroupId(messages[i][0]).messageBody(messages[i][1]).build());
        }
        sqs.sendMessageBatch(request -> request.queueUrl(queue.queueUrl()).entries(entries));
        SqsEventSource source = start(queue, batchHandler(false), 10, Duration.ZERO);

        assertThat(source.awaitIdle(DRAIN_TIMEOUT)).isTrue();
        closeResources();

        assertThat(processedBodiesOfGroup("g1")).containsExactly("g1-m1", "flaky-g1-m2", "g1-m3", "g1-m4");
        assertThat(processedBodiesOfGroup("g2")).containsExactly("g2-m1", "g2-m2");
        assertThat(logs.lines()).filteredOn(line -> line.startsWith("processed body="))
                .allMatch(line -> line.matches(".*sequenceNumber=\\d+ deduplicationId=\\w+ .*"))
                .allMatch(line -> line.contains("eventSource=aws:sqs eventSourceARN=" + queue.queueArn()));
        assertThat(SqsTestSupport.receiveAll(sqs, queue.deadLetterQueueUrl())).isEmpty();
        assertThat(source.stats().messagesDeleted()).isEqualTo(6);
    }

    @Test
    void batchingWindowGathersMoreThanOneReceiveWorth() throws Exception {
        QueueWithDeadLetterQueue queue = SqsQueues.createWithDeadLetterQueue(sqs, "bulk", 3, Duration.ofSeconds(30));
        List<String> bodies = IntStream.rangeClosed(1, 25).mapToObj(i -> "bulk-" + i).toList();
        send(queue.queueUrl(), bodies);
        SqsEventSource source = start(queue, batchHandler(false), 25, Duration.ofSeconds(2));

        assertThat(source.awaitIdle(DRAIN_TIMEOUT)).isTrue();
        closeResources();

        assertThat(processedBodies()).containsExactlyInAnyOrderElementsOf(bodies);
        assertThat(logs.lines()).filteredOn(line -> line.startsWith("batch size="))
                .extracting(line -> Integer.parseInt(line.substring("batch size=".length())))
                .anyMatch(size -> size > 10)
                .allMatch(size -> size <= 25);
        assertThat(source.stats().messagesDeleted()).isEqualTo(25);
    }

    @Test
    void settingsOutsideLambdasLimitsAreRejected() {
        LocalFunction function = batchHandler(false);
        assertThatThrownBy(() -> SqsEventSource.builder(sqs, "http://127.0.0.1/q", function).batchSize(11).start())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maximumBatchingWindow");
        assertThatThrownBy(() -> SqsEventSource.builder(sqs, "http://127.0.0.1/q.fifo", function).batchSize(11)
                .maximumBatchingWindow(Duration.ofSeconds(1)).start())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("batchSize");
    }

    private LocalFunction batchHandler(boolean crashAll) {
        LocalFunction function = LocalFunction.builder(TestHandlers.handler(SqsBatchHandler.class))
                .classpath(TestHandlers.classpath())
                .environmentVariable("CRASH_ALL", Boolean.toString(crashAll))
                .logSink(logs)
                .build();
        resources.push(function);
        return function;
    }

    private SqsEventSource start(QueueWithDeadLetterQueue queue, LocalFunction function, int batchSize, Duration window) {
        // Warm the runtime first, so a slow cold start cannot outlast the 1 s visibility timeout of the first batch.
        function.invoke("{\"Records\":[]}");
        SqsEventSource source = SqsEventSource.builder(sqs, queue.queueUrl(), function)
                .batchSize(batchSize)
                .maximumBatchingWindow(window)
                .start();
        resources.push(source);
        return source;
    }

    private static void send(String queueUrl, List<String> bodies) {
        for (String body : bodies) {
            sqs.sendMessage(request -> request.queueUrl(queueUrl).messageBody(body));
        }
    }

    private List<String> processedBodies() {
        return logs.lines().stream()
                .map(PROCESSED::matcher)
                .filter(Matcher::matches)
                .map(matcher -> matcher.group(1))
                .toList();
    }

    private List<String> processedBodiesOfGroup(String group) {
        return logs.lines().stream()
                .map(PROCESSED::matcher)
                .filter(matcher -> matcher.matches() && matcher.group(3).equals(group))
                .map(matcher -> matcher.group(1))
                .toList();
    }
}
