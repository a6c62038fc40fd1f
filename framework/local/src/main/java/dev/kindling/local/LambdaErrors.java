package dev.kindling.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;

/** The error documents Lambda itself produces when the environment, not the function code, fails. */
final class LambdaErrors {

    static final String EXIT_ERROR = "Runtime.ExitError";
    static final String TIMED_OUT = "Sandbox.Timedout";

    private static final ObjectMapper JSON = new ObjectMapper();

    private LambdaErrors() {
    }

    /** {@code {"errorMessage": ..., "errorType": ...}}, the shape of every Lambda error payload. */
    static byte[] document(String errorType, String errorMessage) {
        ObjectNode error = JSON.createObjectNode();
        error.put("errorMessage", errorMessage);
        error.put("errorType", errorType);
        try {
            return JSON.writeValueAsBytes(error);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot serialise an error document", e);
        }
    }

    static RuntimeOutcome exited(String requestId, int exitStatus) {
        String message = "RequestId: " + requestId + " Error: Runtime exited with error: exit status " + exitStatus;
        return RuntimeOutcome.error(EXIT_ERROR, document(EXIT_ERROR, message));
    }

    static RuntimeOutcome timedOut(String requestId, Duration timeout) {
        String message = "RequestId: " + requestId + " Error: Task timed out after " + seconds(timeout) + " seconds";
        return RuntimeOutcome.error(TIMED_OUT, document(TIMED_OUT, message));
    }

    static RuntimeOutcome initTimedOut(String requestId, Duration initTimeout) {
        String message = "RequestId: " + requestId + " Error: Init phase timed out after " + seconds(initTimeout) + " seconds";
        return RuntimeOutcome.error(TIMED_OUT, document(TIMED_OUT, message));
    }

    /** The {@code errorType} field of an error document, or {@code null} when it has none or is not JSON. */
    static String errorTypeOf(byte[] errorDocument) {
        try {
            JsonNode type = JSON.readTree(errorDocument).path("errorType");
            return type.isTextual() ? type.asText() : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.2f", duration.toMillis() / 1000.0);
    }
}
