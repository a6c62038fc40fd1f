package dev.kindling.local;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/** Queue reads for assertions. */
final class SqsTestSupport {

    private SqsTestSupport() {
    }

    /** Receives (without deleting) everything currently visible in the queue. */
    static List<Message> receiveAll(SqsClient sqs, String queueUrl) {
        List<Message> all = new ArrayList<>();
        List<Message> received;
        do {
            received = sqs.receiveMessage(request -> request.queueUrl(queueUrl)
                            .maxNumberOfMessages(10)
                            .waitTimeSeconds(0)
                            .visibilityTimeout(30)
                            .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                            .messageAttributeNames("All"))
                    .messages();
            all.addAll(received);
        } while (!received.isEmpty());
        return all;
    }

    static List<String> bodies(List<Message> messages) {
        return messages.stream().map(Message::body).toList();
    }
}
