package dev.kindling.local;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import java.util.UUID;

/**
 * One event handed to a runtime through {@code GET /runtime/invocation/next}.
 *
 * @param requestId          the {@code Lambda-Runtime-Aws-Request-Id}
 * @param payload            the event, sent as the response body of the long poll
 * @param timeout            the function timeout; the deadline is this long after the runtime receives the event
 * @param invokedFunctionArn the {@code Lambda-Runtime-Invoked-Function-Arn}
 * @param traceId            the {@code Lambda-Runtime-Trace-Id}, in X-Ray header format
 */
public record Invocation(String requestId, byte[] payload, Duration timeout, String invokedFunctionArn, String traceId) {

    private static final SecureRandom RANDOM = new SecureRandom();

    public Invocation {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(invokedFunctionArn, "invokedFunctionArn");
        Objects.requireNonNull(traceId, "traceId");
    }

    /** An invocation with a fresh request id and trace id, as Lambda assigns them. */
    public static Invocation create(byte[] payload, Duration timeout, String invokedFunctionArn) {
        return new Invocation(UUID.randomUUID().toString(), payload, timeout, invokedFunctionArn, newTraceId());
    }

    /** An X-Ray trace header: {@code Root=1-<epoch seconds, 8 hex>-<96 random bits>;Parent=<64 bits>;Sampled=0}. */
    static String newTraceId() {
        byte[] root = new byte[12];
        byte[] parent = new byte[8];
        RANDOM.nextBytes(root);
        RANDOM.nextBytes(parent);
        HexFormat hex = HexFormat.of();
        return "Root=1-%08x-%s;Parent=%s;Sampled=0".formatted(
                Instant.now().getEpochSecond(), hex.formatHex(root), hex.formatHex(parent));
    }
}
