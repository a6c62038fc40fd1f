package dev.kindling.local;

/**
 * The local machinery itself failed (the JVM could not be started, the caller was interrupted, the
 * function was closed). Failures of the function are never thrown: they are {@link InvocationResult}s.
 */
public class LocalFunctionException extends RuntimeException {

    public LocalFunctionException(String message, Throwable cause) {
        super(message, cause);
    }

    public LocalFunctionException(String message) {
        super(message);
    }
}
