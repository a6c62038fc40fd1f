package dev.kindling.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * A local SQS event-source mapping with the same contract as Lambda's, {@code ReportBatchItemFailures} enabled.
 *
 * <p>A background thread long-polls the queue (all system and message attributes), gathers a batch of up to
 * {@code batchSize} messages (waiting up to {@code maximumBatchingWindow} to fill it, as Lambda does), invokes the
 * {@link LocalFunction} with the SQS event and then deletes only the messages the function did not report in
 * {@code batchItemFailures}. A function error, or a response that fails the whole batch, deletes nothing. Failed
 * messages become visible again after the queue's visibility timeout, and the queue's own redrive policy moves
 * them to the dead-letter queue after {@code maxReceiveCount} receives. Batches are processed one at a time, so a
 * FIFO message group never has two batches in flight; SQS itself holds back a group's later messages while
 * earlier ones are in flight.
 */
public final class SqsEventSource implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(SqsEventSource.class.getName());
    private static final int MAX_MESSAGES_PER_RECEIVE = 10;
    private static final int IDLE_POLL_WAIT_SECONDS = 1;
    private static final Duration ERROR_BACKOFF = Duration.ofSeconds(1);
    private static final Duration IDLE_CHECK_INTERVAL = Duration.ofMillis(100);

    private final SqsClient sqs;
    private final String queueUrl;
    private final LocalFunction function;
    private final int batchSize;
    private final Duration maximumBatchingWindow;
    private final ObjectMapper json = new ObjectMapper();
    private final SqsEventFactory events;
    private final Thread poller;
    private volatile boolean running = true;
    private volatile boolean batchInFlight;

    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong messagesReceived = new AtomicLong();
    private final AtomicLong messagesDeleted = new AtomicLong();
    private final AtomicLong reportedFailures = new AtomicLong();
    private final AtomicLong failedBatches = new AtomicLong();

    private SqsEventSource(Builder builder) {
        this.sqs = builder.sqs;
        this.queueUrl = builder.queueUrl;
        this.function = builder.function;
        this.batchSize = builder.batchSize;
        this.maximumBatchingWindow = builder.maximumBatchingWindow;
        this.events = new SqsEventFactory(json, SqsQueues.arnOf(sqs, queueUrl), builder.region);
        this.poller = new Thread(this::pollUntilClosed, "kindling-sqs-poller-" + function.config().functionName());
        this.poller.setDaemon(true);
    }

    /** Starts configuring a mapping from the queue at {@code queueUrl} to {@code function}. */
    public static Builder builder(SqsClient sqs, String queueUrl, LocalFunction function) {
        return new Builder(sqs, queueUrl, function);
    }

    public SqsEventSourceStats stats() {
        return new SqsEventSourceStats(batches.get(), messagesReceived.get(), messagesDeleted.get(),
                reportedFailures.get(), failedBatches.get());
    }

    /**
     * Waits until no batch is in flight and the queue holds no visible, in-flight or delayed messages.
     *
     * @return {@code true} once the queue is drained, {@code false} if {@code timeout} passed first
     */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!batchInFlight && queueIsEmpty()) {
                return true;
            }
            Thread.sleep(IDLE_CHECK_INTERVAL.toMillis());
        }
        return false;
    }

    private boolean queueIsEmpty() {
        Map<QueueAttributeName, String> counts = sqs.getQueueAttributes(request -> request.queueUrl(queueUrl).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes();
        return counts.values().stream().allMatch("0"::equals);
    }

    private void pollUntilClosed() {
        while (running) {
            try {
                List<Message> batch = collectBatch();
                if (!batch.isEmpty()) {
                    process(batch);
                }
            } catch (SdkException | LocalFunctionException e) {
                if (running) {
                    LOG.log(Level.WARNING, "SQS event source for " + queueUrl + " failed; retrying", e);
                    pause();
                }
            } finally {
                batchInFlight = false;
            }
        }
    }

    /** Receives up to {@code batchSize} messages, waiting up to the batching window once the first ones arrive. */
    private List<Message> collectBatch() {
        List<Message> batch = new ArrayList<>();
        long windowEnd = 0;
        while (running && batch.size() < batchSize) {
            int waitSeconds = batch.isEmpty() ? IDLE_POLL_WAIT_SECONDS : secondsUntil(windowEnd);
            List<Message> received = receive(Math.min(MAX_MESSAGES_PER_RECEIVE, batchSize - batch.size()), waitSeconds);
            if (batch.isEmpty() && received.isEmpty()) {
                return batch;
            }
            if (batch.isEmpty()) {
                batchInFlight = true;
                windowEnd = System.nanoTime() + maximumBatchingWindow.toNanos();
            }
            batch.addAll(received);
            if (System.nanoTime() >= windowEnd) {
                break;
            }
        }
        return batch;
    }

    private List<Message> receive(int maxMessages, int waitSeconds) {
        List<Message> messages = sqs.receiveMessage(request -> request
                        .queueUrl(queueUrl)
                        .maxNumberOfMessages(maxMessages)
                        .waitTimeSeconds(waitSeconds)
                        .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                        .messageAttributeNames("All"))
                .messages();
        messagesReceived.addAndGet(messages.size());
        return messages;
    }

    private void process(List<Message> batch) {
        batches.incrementAndGet();
        InvocationResult result = function.invoke(events.toEvent(batch));
        if (!result.success()) {
            failedBatches.incrementAndGet();
            LOG.log(Level.INFO, "Function {0} failed a batch of {1} ({2}); nothing deleted",
                    function.config().functionName(), batch.size(), result.errorType());
            return;
        }
        Set<String> batchIds = batch.stream().map(Message::messageId).collect(Collectors.toSet());
        BatchItemFailures failures = BatchItemFailures.parse(json, result.payload(), batchIds);
        if (failures.wholeBatch()) {
            failedBatches.incrementAndGet();
            LOG.log(Level.WARNING, "Response of {0} fails the whole batch: {1}; nothing deleted",
                    function.config().functionName(), failures.reason());
            return;
        }
        reportedFailures.addAndGet(failures.failedIds().size());
        delete(batch.stream().filter(message -> !failures.failedIds().contains(message.messageId())).toList());
    }

    private void delete(List<Message> messages) {
        for (int start = 0; start < messages.size(); start += MAX_MESSAGES_PER_RECEIVE) {
            List<Message> chunk = messages.subList(start, Math.min(messages.size(), start + MAX_MESSAGES_PER_RECEIVE));
            List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < chunk.size(); i++) {
                entries.add(DeleteMessageBatchRequestEntry.builder()
                        .id(Integer.toString(i))
                        .receiptHandle(chunk.get(i).receiptHandle())
                        .build());
            }
            DeleteMessageBatchResponse response = sqs.deleteMessageBatch(request -> request.queueUrl(queueUrl).entries(entries));
            messagesDeleted.addAndGet(response.successful().size());
            // As in Lambda, a message that cannot be deleted simply becomes visible again and is retried.
            response.failed().forEach(failure -> LOG.log(Level.WARNING, "Could not delete a message from {0}: {1}",
                    queueUrl, failure.message()));
        }
    }

    private static int secondsUntil(long deadlineNanos) {
        long remaining = deadlineNanos - System.nanoTime();
        if (remaining <= 0) {
            return 0;
        }
        return (int) Math.min(20, Duration.ofNanos(remaining).toSeconds() + 1);
    }

    private static void pause() {
        try {
            Thread.sleep(ERROR_BACKOFF.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops polling. A batch already handed to the function is allowed to finish (its messages are then deleted
     * or left to be retried) for up to the function timeout.
     */
    @Override
    public void close() {
        running = false;
        try {
            poller.join(function.config().timeout().plusSeconds(IDLE_POLL_WAIT_SECONDS + 1).toMillis());
            if (poller.isAlive()) {
                poller.interrupt();
                poller.join();
            }
        } catch (InterruptedException e) {
            poller.interrupt();
            Thread.currentThread().interrupt();
        }
    }

    /** Configures an {@link SqsEventSource} with Lambda's defaults. */
    public static final class Builder {

        private final SqsClient sqs;
        private final String queueUrl;
        private final LocalFunction function;
        private int batchSize = 10;
        private Duration maximumBatchingWindow = Duration.ZERO;
        private String region = ElasticMqServer.REGION;

        private Builder(SqsClient sqs, String queueUrl, LocalFunction function) {
            this.sqs = Objects.requireNonNull(sqs, "sqs");
            this.queueUrl = Objects.requireNonNull(queueUrl, "queueUrl");
            this.function = Objects.requireNonNull(function, "function");
        }

        /** 1..10000 (1..10 for FIFO queues); above 10 needs a batching window. Defaults to 10. */
        public Builder batchSize(int size) {
            this.batchSize = size;
            return this;
        }

        /** How long to keep gathering messages once the first arrive, 0..300 seconds. Defaults to 0. */
        public Builder maximumBatchingWindow(Duration window) {
            this.maximumBatchingWindow = Objects.requireNonNull(window, "window");
            return this;
        }

        /** The {@code awsRegion} of each record; defaults to {@value ElasticMqServer#REGION}. */
        public Builder region(String awsRegion) {
            this.region = Objects.requireNonNull(awsRegion, "awsRegion");
            return this;
        }

        /** Validates the settings against Lambda's limits and starts polling. */
        public SqsEventSource start() {
            boolean fifo = queueUrl.endsWith(".fifo");
            int maxBatchSize = fifo ? 10 : 10_000;
            if (batchSize < 1 || batchSize > maxBatchSize) {
                throw new IllegalArgumentException("batchSize must be 1.." + maxBatchSize + ": " + batchSize);
            }
            if (maximumBatchingWindow.isNegative() || maximumBatchingWindow.compareTo(Duration.ofMinutes(5)) > 0) {
                throw new IllegalArgumentException("maximumBatchingWindow must be 0..300 seconds: " + maximumBatchingWindow);
            }
            if (batchSize > 10 && maximumBatchingWindow.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("a batchSize over 10 needs a maximumBatchingWindow of at least 1 second");
            }
            SqsEventSource source = new SqsEventSource(this);
            source.poller.start();
            return source;
        }
    }
}
