package dev.kindling.local;

/**
 * A local emulator cannot run on this machine (for instance {@code node} is not installed, or the build skipped
 * installing the emulator). Tests turn it into a skipped test with the message as the reason.
 */
public final class EmulatorUnavailableException extends RuntimeException {

    public EmulatorUnavailableException(String message) {
        super(message);
    }

    public EmulatorUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
