package dev.kindling.local;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * An invocation queued on a {@link RuntimeApiServer}, with its two milestones.
 *
 * <p>{@link #delivered()} completes with the deadline when the runtime has received the event;
 * {@link #outcome()} completes when the runtime posts a response or an error. Either may also be
 * completed by whoever supervises the runtime (process exit, timeout); the first completion wins.
 */
public final class PendingInvocation {

    private final Invocation invocation;
    private final CompletableFuture<Instant> delivered = new CompletableFuture<>();
    private final CompletableFuture<RuntimeOutcome> outcome = new CompletableFuture<>();

    PendingInvocation(Invocation invocation) {
        this.invocation = invocation;
    }

    public Invocation invocation() {
        return invocation;
    }

    /** Completes with the invocation deadline once the event has been handed to the runtime. */
    public CompletableFuture<Instant> delivered() {
        return delivered;
    }

    /** Completes with the runtime's response or error report. */
    public CompletableFuture<RuntimeOutcome> outcome() {
        return outcome;
    }
}
