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
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;

/**
 * A Kinesis and DynamoDB stream handler with Kindling's per-shard contract: records are handled in order, and the
 * first one that fails stops the batch and is reported by sequence number. The body is the Kinesis data, or the
 * {@code body} attribute of the DynamoDB item's new image (old image for a removal). A body starting with
 * {@code poison} always fails, {@code flaky} fails on its first delivery, {@code crash} makes the invocation throw
 * (a function error), {@code crash-once} only on its first delivery. Prints {@code batch size=<n> first=<body>} per
 * invocation, {@code processed body=<body> record=<record JSON>} per success and {@code failed body=<body>} per
 * failure.
 */
public final class StreamBatchHandler implements RequestStreamHandler {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> SEEN = new HashSet<>();

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        JsonNode records = JSON.readTree(input).path("Records");
        System.out.println("batch size=" + records.size() + " first=" + (records.isEmpty() ? "-" : body(records.get(0))));
        ObjectNode response = JSON.createObjectNode();
        ArrayNode failures = response.putArray("batchItemFailures");
        for (JsonNode record : records) {
            String body = body(record);
            boolean firstDelivery = SEEN.add(body);
            if (body.startsWith("crash") && (firstDelivery || !body.startsWith("crash-once"))) {
                System.out.println("crashed body=" + body);
                throw new IllegalStateException("crashing on " + body);
            }
            if (body.startsWith("poison") || (body.startsWith("flaky") && firstDelivery)) {
                System.out.println("failed body=" + body);
                failures.addObject().put("itemIdentifier", sequenceNumber(record));
                break;
            }
            System.out.println("processed body=" + body + " record=" + record);
        }
        JSON.writeValue(output, response);
    }

    private static String sequenceNumber(JsonNode record) {
        return record.has("kinesis")
                ? record.path("kinesis").path("sequenceNumber").asText()
                : record.path("dynamodb").path("SequenceNumber").asText();
    }

    private static String body(JsonNode record) {
        if (record.has("kinesis")) {
            byte[] data = Base64.getDecoder().decode(record.path("kinesis").path("data").asText());
            return new String(data, StandardCharsets.UTF_8);
        }
        JsonNode change = record.path("dynamodb");
        JsonNode image = change.has("NewImage") ? change.path("NewImage") : change.path("OldImage");
        return image.path("body").path("S").asText();
    }
}
