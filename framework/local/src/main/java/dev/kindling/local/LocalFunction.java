package dev.kindling.local;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A Lambda function running locally: one execution environment at a time, made of a
 * {@link RuntimeApiServer} and a {@link LambdaProcess} that runs the real AWS runtime interface client.
 *
 * <p>The environment is started by the first {@link #invoke(String) invoke} (a cold start) and reused
 * while it stays healthy. Invocations are serialised, one in flight, like one Lambda execution
 * environment. Every failure ends in an {@link InvocationResult}, never a hang: an initialisation error
 * is passed through as the runtime reported it; a runtime that exits fails the invocation with
 * {@code Runtime.ExitError}; an invocation past its deadline is answered with {@code Sandbox.Timedout}
 * and its process is killed. After any of these the next invocation cold-starts a fresh environment.
 *
 * <pre>{@code
 * try (LocalFunction function = LocalFunction.builder("com.acme.Handler::handleRequest")
 *         .classpath(List.of(Path.of("target/classes")))
 *         .build()) {
 *     InvocationResult result = function.invoke("{\"orderId\":\"42\"}");
 * }
 * }</pre>
 */
public final class LocalFunction implements AutoCloseable {

    private final FunctionConfig config;
    private final Object invocationLock = new Object();
    private volatile ExecutionEnvironment environment;
    private volatile boolean closed;

    private LocalFunction(FunctionConfig config) {
        this.config = config;
    }

    /** Starts configuring a function for a handler string such as {@code com.acme.Handler::handleRequest}. */
    public static Builder builder(String handler) {
        return new Builder(handler);
    }

    /** Creates a function from a complete configuration. */
    public static LocalFunction of(FunctionConfig config) {
        return new LocalFunction(Objects.requireNonNull(config, "config"));
    }

    public FunctionConfig config() {
        return config;
    }

    /** Invokes the function with a JSON event and waits for the result, at most the function timeout after delivery. */
    public InvocationResult invoke(String eventJson) {
        return invoke(eventJson.getBytes(StandardCharsets.UTF_8));
    }

    /** Invokes the function with a raw event payload. */
    public InvocationResult invoke(byte[] event) {
        synchronized (invocationLock) {
            ensureOpen();
            long startNanos = System.nanoTime();
            Invocation invocation = Invocation.create(event, config.timeout(), config.functionArn());
            ExecutionEnvironment current = healthyEnvironment();
            boolean wasWarm = current.hasAnswered();
            Attempt attempt = attempt(current, invocation);
            if (wasWarm && attempt.diedBeforeDelivery()) {
                // A warm environment that died while idle is replaced, as Lambda would, not blamed on this event.
                current = healthyEnvironment();
                attempt = attempt(current, invocation);
            }
            long endNanos = System.nanoTime();
            boolean coldStart = !current.hasAnswered();
            if (attempt.answeredByRuntime()) {
                current.markAnswered();
            }
            if (!current.isHealthy() || attempt.environmentSpoiled()) {
                discard(current);
            }
            return InvocationResult.of(invocation.requestId(), attempt.outcome(), coldStart,
                    coldStart ? endNanos - current.spawnNanos() : 0, endNanos - startNanos);
        }
    }

    private Attempt attempt(ExecutionEnvironment current, Invocation invocation) {
        PendingInvocation pending = current.submit(invocation);
        try {
            boolean deliveredInTime = awaitDelivery(pending);
            if (!deliveredInTime) {
                pending.outcome().complete(LambdaErrors.initTimedOut(invocation.requestId(), config.initTimeout()));
                return Attempt.spoiled(pending.outcome().join());
            }
            if (pending.outcome().isDone()) {
                return Attempt.of(pending, current);
            }
            long remainingNanos = Duration.between(Instant.now(), pending.delivered().join()).toNanos();
            try {
                pending.outcome().get(Math.max(0, remainingNanos), TimeUnit.NANOSECONDS);
                return Attempt.of(pending, current);
            } catch (TimeoutException e) {
                pending.outcome().complete(LambdaErrors.timedOut(invocation.requestId(), config.timeout()));
                return Attempt.spoiled(pending.outcome().join());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            discard(current);
            throw new LocalFunctionException("Interrupted while invoking " + config.functionName(), e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Invocation futures never complete exceptionally", e);
        }
    }

    /** Waits until the runtime takes the event or the invocation ends otherwise; false after the init timeout. */
    private boolean awaitDelivery(PendingInvocation pending) throws InterruptedException, ExecutionException {
        try {
            CompletableFuture.anyOf(pending.delivered(), pending.outcome())
                    .get(config.initTimeout().toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return pending.delivered().isDone() || pending.outcome().isDone();
        }
    }

    private ExecutionEnvironment healthyEnvironment() {
        ExecutionEnvironment current = environment;
        if (current != null && current.isHealthy()) {
            return current;
        }
        if (current != null) {
            discard(current);
        }
        try {
            current = ExecutionEnvironment.start(config);
        } catch (IOException e) {
            throw new LocalFunctionException("Cannot start the runtime for " + config.functionName(), e);
        }
        environment = current;
        if (closed) {
            // close() ran while this environment was starting; it must not outlive the function.
            discard(current);
            ensureOpen();
        }
        return current;
    }

    private void discard(ExecutionEnvironment spoiled) {
        spoiled.close();
        if (environment == spoiled) {
            environment = null;
        }
    }

    /** The process id of the current runtime, if one is running; for diagnostics and tests. */
    public OptionalLong runtimePid() {
        ExecutionEnvironment current = environment;
        return current == null ? OptionalLong.empty() : OptionalLong.of(current.process().pid());
    }

    private void ensureOpen() {
        if (closed) {
            throw new LocalFunctionException("LocalFunction " + config.functionName() + " is closed");
        }
    }

    /**
     * Stops the runtime with SIGTERM (so the JVM exits normally and, for instance, writes an AOT cache),
     * kills it after the grace period, and stops the Runtime API server.
     */
    @Override
    public void close() {
        closed = true;
        ExecutionEnvironment current = environment;
        environment = null;
        if (current != null) {
            current.shutDown(config);
        }
    }

    /** How one delivery attempt ended, and whether it left the environment unusable. */
    private record Attempt(RuntimeOutcome outcome, boolean answeredByRuntime, boolean environmentSpoiled,
                           boolean diedBeforeDelivery) {

        static Attempt of(PendingInvocation pending, ExecutionEnvironment environment) {
            boolean delivered = pending.delivered().isDone();
            boolean healthy = environment.isHealthy();
            return new Attempt(pending.outcome().join(), delivered && healthy, !healthy, !delivered && !healthy);
        }

        static Attempt spoiled(RuntimeOutcome outcome) {
            return new Attempt(outcome, false, true, false);
        }
    }

    /** Configures a {@link LocalFunction}; every setting has Lambda's default unless noted. */
    public static final class Builder {

        private final String handler;
        private final List<Path> classpath = new ArrayList<>();
        private final Map<String, String> environment = new LinkedHashMap<>();
        private final List<String> extraJvmOptions = new ArrayList<>();
        private List<String> jvmOptions;
        private String functionName;
        private int memorySizeMb = 512;
        private Duration timeout = Duration.ofSeconds(30);
        private Duration initTimeout = Duration.ofSeconds(10);
        private String region = "us-east-1";
        private Path javaHome = Path.of(System.getProperty("java.home"));
        private Path taskRoot;
        private boolean includeRuntimeLibraries = true;
        private Duration shutdownGracePeriod = Duration.ofSeconds(2);
        private Consumer<String> logSink;

        private Builder(String handler) {
            this.handler = Objects.requireNonNull(handler, "handler");
        }

        /** The function's code and libraries, like the contents of its deployment package. */
        public Builder classpath(List<Path> entries) {
            classpath.addAll(entries);
            return this;
        }

        /** The function's class path in {@code java -cp} syntax. */
        public Builder classpath(String pathSeparated) {
            Arrays.stream(pathSeparated.split(File.pathSeparator))
                    .filter(entry -> !entry.isBlank())
                    .forEach(entry -> classpath.add(Path.of(entry)));
            return this;
        }

        /** Defaults to the simple name of the handler class. */
        public Builder functionName(String name) {
            this.functionName = name;
            return this;
        }

        /** Defaults to 512 MB. */
        public Builder memorySizeMb(int megabytes) {
            this.memorySizeMb = megabytes;
            return this;
        }

        /** Defaults to 30 seconds. */
        public Builder timeout(Duration duration) {
            this.timeout = duration;
            return this;
        }

        /** Time allowed from process start to the runtime's first poll; defaults to Lambda's 10 seconds. */
        public Builder initTimeout(Duration duration) {
            this.initTimeout = duration;
            return this;
        }

        /** Defaults to {@code us-east-1}. */
        public Builder region(String awsRegion) {
            this.region = awsRegion;
            return this;
        }

        public Builder environment(Map<String, String> variables) {
            environment.putAll(variables);
            return this;
        }

        public Builder environmentVariable(String name, String value) {
            environment.put(name, value);
            return this;
        }

        /** Replaces the default JVM options ({@link LambdaJvmOptions#java17(int)}). */
        public Builder jvmOptions(List<String> options) {
            this.jvmOptions = List.copyOf(options);
            return this;
        }

        /** Adds JVM options after the defaults (or after those given to {@link #jvmOptions(List)}). */
        public Builder addJvmOptions(String... options) {
            extraJvmOptions.addAll(List.of(options));
            return this;
        }

        /** The JDK to run the function on; defaults to the one running this JVM. */
        public Builder javaHome(Path home) {
            this.javaHome = home;
            return this;
        }

        /** The runtime's working directory and {@code LAMBDA_TASK_ROOT}; defaults to a fresh empty directory. */
        public Builder taskRoot(Path directory) {
            this.taskRoot = directory;
            return this;
        }

        /** Whether to put the runtime interface client first on the class path; defaults to true. */
        public Builder includeRuntimeLibraries(boolean include) {
            this.includeRuntimeLibraries = include;
            return this;
        }

        /** How long {@link #close()} waits after SIGTERM before killing; defaults to 2 seconds. */
        public Builder shutdownGracePeriod(Duration period) {
            this.shutdownGracePeriod = period;
            return this;
        }

        /** Receives each line of the function's output; defaults to this JVM's stdout, prefixed with the function name. */
        public Builder logSink(Consumer<String> sink) {
            this.logSink = sink;
            return this;
        }

        public FunctionConfig config() {
            String name = functionName != null ? functionName : defaultFunctionName(handler);
            List<String> options = new ArrayList<>(jvmOptions != null ? jvmOptions : LambdaJvmOptions.java17(memorySizeMb));
            options.addAll(extraJvmOptions);
            Consumer<String> sink = logSink != null ? logSink : line -> System.out.println("[" + name + "] " + line);
            return new FunctionConfig(handler, classpath, name, memorySizeMb, timeout, initTimeout, region,
                    environment, options, javaHome, taskRoot, includeRuntimeLibraries, shutdownGracePeriod, sink);
        }

        /** Creates the function; its runtime starts with the first invocation. */
        public LocalFunction build() {
            return new LocalFunction(config());
        }

        private static String defaultFunctionName(String handler) {
            String className = handler.split("::", 2)[0];
            return className.substring(className.lastIndexOf('.') + 1);
        }
    }
}
