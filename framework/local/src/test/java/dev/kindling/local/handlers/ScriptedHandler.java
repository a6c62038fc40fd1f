package dev.kindling.local.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * Does what the event's {@code action} says ({@code exit}, {@code sleep}, {@code throw}), then echoes the
 * event with everything the runtime told it through {@link Context}, the environment and system properties.
 */
public final class ScriptedHandler implements RequestStreamHandler {

    private static final ObjectMapper JSON = new ObjectMapper();

    static {
        // Only a normal JVM exit (SIGTERM, System.exit) runs hooks; SIGKILL does not.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("shutdown hook ran")));
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        JsonNode event = JSON.readTree(input);
        String action = event.path("action").asText("echo");
        System.out.println("handling " + context.getAwsRequestId() + " action=" + action);
        switch (action) {
            case "exit" -> System.exit(event.path("status").asInt(3));
            case "sleep" -> sleep(event.path("millis").asLong());
            case "throw" -> throw new IllegalStateException(event.path("message").asText("boom"));
            default -> { }
        }
        ObjectNode reply = JSON.createObjectNode();
        reply.set("event", event);
        reply.put("requestId", context.getAwsRequestId());
        reply.put("invokedFunctionArn", context.getInvokedFunctionArn());
        reply.put("remainingTimeMs", context.getRemainingTimeInMillis());
        reply.put("traceId", context.getXrayTraceId());
        reply.put("functionName", context.getFunctionName());
        reply.put("functionVersion", context.getFunctionVersion());
        reply.put("memoryLimitMb", context.getMemoryLimitInMB());
        reply.put("logGroupName", context.getLogGroupName());
        reply.put("pid", ProcessHandle.current().pid());
        reply.put("javaVersion", System.getProperty("java.specification.version"));
        reply.put("handlerVariable", System.getenv("_HANDLER"));
        reply.put("regionVariable", System.getenv("AWS_REGION"));
        reply.put("customVariable", System.getenv("KINDLING_TEST_VALUE"));
        reply.put("markerProperty", System.getProperty("kindling.test.marker"));
        reply.put("workingDirectory", Path.of("").toAbsolutePath().toString());
        reply.put("taskRootVariable", System.getenv("LAMBDA_TASK_ROOT"));
        JSON.writeValue(output, reply);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
