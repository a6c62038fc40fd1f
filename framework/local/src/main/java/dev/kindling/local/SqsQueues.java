package dev.kindling.local;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** Creates queues laid out the way Kindling's generated template lays them out: a source queue with a DLQ. */
public final class SqsQueues {

    private static final String FIFO_SUFFIX = ".fifo";

    private SqsQueues() {
    }

    /**
     * Creates {@code name} and {@code <name>-dlq}, with a redrive policy that moves a message to the DLQ once it
     * has been received {@code maxReceiveCount} times without being deleted. A name ending in {@code .fifo}
     * creates FIFO queues (with content-based deduplication) and a DLQ named {@code <base>-dlq.fifo}.
     */
    public static QueueWithDeadLetterQueue createWithDeadLetterQueue(SqsClient sqs, String name, int maxReceiveCount,
                                                                     Duration visibilityTimeout) {
        if (maxReceiveCount < 1 || maxReceiveCount > 1000) {
            throw new IllegalArgumentException("maxReceiveCount must be 1..1000 (SQS's range): " + maxReceiveCount);
        }
        boolean fifo = name.endsWith(FIFO_SUFFIX);
        String deadLetterName = fifo
                ? name.substring(0, name.length() - FIFO_SUFFIX.length()) + "-dlq" + FIFO_SUFFIX
                : name + "-dlq";
        String deadLetterUrl = create(sqs, deadLetterName, fifo, Map.of());
        String deadLetterArn = arnOf(sqs, deadLetterUrl);
        String redrivePolicy = "{\"deadLetterTargetArn\":\"" + deadLetterArn + "\",\"maxReceiveCount\":\"" + maxReceiveCount + "\"}";
        String queueUrl = create(sqs, name, fifo, Map.of(
                QueueAttributeName.REDRIVE_POLICY, redrivePolicy,
                QueueAttributeName.VISIBILITY_TIMEOUT, Long.toString(visibilityTimeout.toSeconds())));
        return new QueueWithDeadLetterQueue(queueUrl, arnOf(sqs, queueUrl), deadLetterUrl, deadLetterArn);
    }

    /** The queue's ARN, as SQS reports it. */
    public static String arnOf(SqsClient sqs, String queueUrl) {
        return sqs.getQueueAttributes(request -> request.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
    }

    private static String create(SqsClient sqs, String name, boolean fifo, Map<QueueAttributeName, String> attributes) {
        Map<QueueAttributeName, String> all = new HashMap<>(attributes);
        if (fifo) {
            all.put(QueueAttributeName.FIFO_QUEUE, "true");
            all.put(QueueAttributeName.CONTENT_BASED_DEDUPLICATION, "true");
        }
        return sqs.createQueue(request -> request.queueName(name).attributes(all)).queueUrl();
    }
}
