package dev.kindling.local;

import java.util.Objects;

/**
 * What a runtime reported for one invocation (or for its initialisation).
 *
 * @param error             whether the runtime reported an error rather than a response
 * @param functionErrorType the {@code Lambda-Runtime-Function-Error-Type} header of an error report,
 *                          such as {@code Runtime.UserException}; {@code null} for a response
 * @param body              the response payload, or the error document {@code {errorMessage, errorType, stackTrace}}
 */
public record RuntimeOutcome(boolean error, String functionErrorType, byte[] body) {

    public RuntimeOutcome {
        Objects.requireNonNull(body, "body");
    }

    static RuntimeOutcome response(byte[] body) {
        return new RuntimeOutcome(false, null, body);
    }

    static RuntimeOutcome error(String functionErrorType, byte[] body) {
        return new RuntimeOutcome(true, functionErrorType, body);
    }
}
