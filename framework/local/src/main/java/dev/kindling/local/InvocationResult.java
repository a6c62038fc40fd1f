package dev.kindling.local;

import java.nio.charset.StandardCharsets;

/**
 * The result of one local invocation, as a synchronous {@code Invoke} would return it.
 *
 * @param requestId            the request id the runtime saw
 * @param success              {@code true} for a function response, {@code false} for any error
 * @param payload              the response payload, or the error document {@code {errorMessage, errorType, ...}}
 * @param errorType            the {@code errorType} of the error document (for example the exception class,
 *                             {@code Runtime.ExitError} or {@code Sandbox.Timedout}); {@code null} on success
 * @param functionErrorType    the runtime's error category ({@code Lambda-Runtime-Function-Error-Type}), such as
 *                             {@code Runtime.UserException} or {@code Runtime.BadFunctionCode}; {@code null} on success
 * @param coldStart            whether this invocation started the execution environment
 * @param spawnToResponseNanos for a cold start, the time from spawning the runtime process to this response; else 0
 * @param durationNanos        the time this {@code invoke} call took
 */
public record InvocationResult(
        String requestId,
        boolean success,
        String payload,
        String errorType,
        String functionErrorType,
        boolean coldStart,
        long spawnToResponseNanos,
        long durationNanos) {

    static InvocationResult of(String requestId, RuntimeOutcome outcome, boolean coldStart,
                               long spawnToResponseNanos, long durationNanos) {
        String payload = new String(outcome.body(), StandardCharsets.UTF_8);
        if (!outcome.error()) {
            return new InvocationResult(requestId, true, payload, null, null, coldStart, spawnToResponseNanos, durationNanos);
        }
        String errorType = LambdaErrors.errorTypeOf(outcome.body());
        return new InvocationResult(requestId, false, payload,
                errorType != null ? errorType : outcome.functionErrorType(), outcome.functionErrorType(),
                coldStart, spawnToResponseNanos, durationNanos);
    }
}
