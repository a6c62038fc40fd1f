package dev.kindling.local;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One Lambda execution environment: a Runtime API endpoint and the runtime process polling it.
 * Each environment gets its own endpoint, so a poll left over from a killed process can never take
 * an event meant for its replacement.
 */
final class ExecutionEnvironment implements AutoCloseable {

    private static final Duration LOG_DRAIN_TIMEOUT = Duration.ofSeconds(2);

    private final RuntimeApiServer runtimeApi;
    private final LambdaProcess process;
    private final long spawnNanos;
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile PendingInvocation current;
    private volatile boolean answered;

    private ExecutionEnvironment(RuntimeApiServer runtimeApi, LambdaProcess process, long spawnNanos) {
        this.runtimeApi = runtimeApi;
        this.process = process;
        this.spawnNanos = spawnNanos;
    }

    static ExecutionEnvironment start(FunctionConfig config) throws IOException {
        RuntimeApiServer runtimeApi = RuntimeApiServer.start();
        try {
            long spawnNanos = System.nanoTime();
            LambdaProcess process = LambdaProcess.start(config, runtimeApi.runtimeApiAddress());
            ExecutionEnvironment environment = new ExecutionEnvironment(runtimeApi, process, spawnNanos);
            runtimeApi.initError().thenAccept(environment::failCurrent);
            process.onExit().thenAccept(environment::processExited);
            return environment;
        } catch (IOException | RuntimeException e) {
            runtimeApi.close();
            throw e;
        }
    }

    /** Queues the invocation; it fails by itself if initialisation fails or the process exits first. */
    PendingInvocation submit(Invocation invocation) {
        PendingInvocation pending = runtimeApi.submit(invocation);
        current = pending;
        if (runtimeApi.initError().isDone()) {
            failCurrent(runtimeApi.initError().join());
        } else if (!process.isAlive()) {
            failCurrent(LambdaErrors.exited(invocation.requestId(), process.onExit().join()));
        }
        return pending;
    }

    private void processExited(int exitStatus) {
        PendingInvocation pending = current;
        if (pending != null) {
            pending.outcome().complete(LambdaErrors.exited(pending.invocation().requestId(), exitStatus));
        }
    }

    private void failCurrent(RuntimeOutcome outcome) {
        PendingInvocation pending = current;
        if (pending != null) {
            pending.outcome().complete(outcome);
        }
    }

    /** Whether this environment can take another invocation. */
    boolean isHealthy() {
        return process.isAlive() && !runtimeApi.initError().isDone();
    }

    /** Whether the runtime has already answered an invocation, i.e. the next one is warm. */
    boolean hasAnswered() {
        return answered;
    }

    void markAnswered() {
        answered = true;
    }

    long spawnNanos() {
        return spawnNanos;
    }

    LambdaProcess process() {
        return process;
    }

    /** Ends the environment as Lambda ends a healthy one: SIGTERM first. */
    void shutDown(FunctionConfig config) {
        if (ended.compareAndSet(false, true)) {
            process.stop(config.shutdownGracePeriod());
            runtimeApi.close();
            awaitLogs();
        }
    }

    /** Ends the environment at once, as Lambda does after a timeout or a crash. */
    @Override
    public void close() {
        if (ended.compareAndSet(false, true)) {
            process.kill();
            runtimeApi.close();
            awaitLogs();
        }
    }

    /** Lets the last lines of a finished process reach the log sink before the caller moves on. */
    private void awaitLogs() {
        try {
            process.logsDrained().get(LOG_DRAIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // A descendant still holding the pipe open must not block shutdown.
        }
    }
}
