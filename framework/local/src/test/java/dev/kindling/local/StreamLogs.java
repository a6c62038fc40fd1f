package dev.kindling.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads what {@link dev.kindling.local.handlers.StreamBatchHandler} printed. */
final class StreamLogs {

    private static final Pattern PROCESSED = Pattern.compile("processed body=(\\S+) record=(.*)");
    private static final ObjectMapper JSON = new ObjectMapper();

    private StreamLogs() {
    }

    static List<String> processedBodies(LogCapture logs) {
        return processed(logs).stream().map(matcher -> matcher.group(1)).toList();
    }

    static List<JsonNode> processedRecords(LogCapture logs) {
        return processed(logs).stream().map(matcher -> parse(matcher.group(2))).toList();
    }

    private static List<Matcher> processed(LogCapture logs) {
        return logs.lines().stream().map(PROCESSED::matcher).filter(Matcher::matches).toList();
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
