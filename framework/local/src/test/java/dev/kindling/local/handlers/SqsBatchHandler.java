package dev.kindling.local.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.HashSet;
import java.util.Set;

/**
 * An SQS batch handler with partial batch responses. A body starting with {@code poison} always fails, one
 * starting with {@code flaky} fails on its first receive, {@code bogus-id} makes the response name a record that
 * is not in the batch, and {@code CRASH_ALL=true} fails every invocation. In a FIFO group, the records after a
 * failed one are reported failed without being processed. Prints {@code processed body=... } per success.
 */
public final class SqsBatchHandler implements RequestStreamHandler {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        if ("true".equals(System.getenv("CRASH_ALL"))) {
            throw new IllegalStateException("crashing every batch");
        }
        JsonNode records = JSON.readTree(input).path("Records");
        System.out.println("batch size=" + records.size());
        ObjectNode response = JSON.createObjectNode();
        ArrayNode failures = response.putArray("batchItemFailures");
        Set<String> failedGroups = new HashSet<>();
        for (JsonNode record : records) {
            String messageId = record.path("messageId").asText();
            String body = record.path("body").asText();
            JsonNode attributes = record.path("attributes");
            int receiveCount = attributes.path("ApproximateReceiveCount").asInt();
            String group = attributes.path("MessageGroupId").asText(null);
            if (group != null && failedGroups.contains(group)) {
                failures.addObject().put("itemIdentifier", messageId);
                continue;
            }
            if (body.startsWith("bogus-id")) {
                failures.addObject().put("itemIdentifier", "not-a-message-in-this-batch");
                continue;
            }
            if (body.startsWith("poison") || (body.startsWith("flaky") && receiveCount == 1)) {
                System.out.println("failed body=" + body + " receiveCount=" + receiveCount);
                failures.addObject().put("itemIdentifier", messageId);
                if (group != null) {
                    failedGroups.add(group);
                }
                continue;
            }
            System.out.println("processed body=" + body + " receiveCount=" + receiveCount + " group=" + group
                    + " sequenceNumber=" + attributes.path("SequenceNumber").asText(null)
                    + " deduplicationId=" + attributes.path("MessageDeduplicationId").asText(null)
                    + " eventSource=" + record.path("eventSource").asText()
                    + " eventSourceARN=" + record.path("eventSourceARN").asText());
        }
        JSON.writeValue(output, response);
    }
}
