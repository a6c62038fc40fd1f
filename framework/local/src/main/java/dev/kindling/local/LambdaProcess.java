package dev.kindling.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A function's runtime in a child JVM, started the way Lambda's managed Java runtime starts it:
 * {@code java <jvm options> -classpath <runtime libraries>:<function> com.amazonaws.services.lambda.runtime.api.client.AWSLambda <handler>},
 * with the Lambda environment variables and {@code AWS_LAMBDA_RUNTIME_API} pointing at a {@link RuntimeApiServer}.
 * Standard output and standard error are merged, as in CloudWatch Logs, and delivered line by line to the
 * configured log sink.
 */
public final class LambdaProcess implements AutoCloseable {

    private static final DateTimeFormatter LOG_STREAM_DATE = DateTimeFormatter.ofPattern("yyyy/MM/dd");

    private final Process process;
    private final List<String> command;
    private final CompletableFuture<Void> logsDrained = new CompletableFuture<>();

    private LambdaProcess(Process process, List<String> command) {
        this.process = process;
        this.command = List.copyOf(command);
    }

    /** Starts the runtime; it begins polling {@code runtimeApiAddress} for invocations once initialised. */
    public static LambdaProcess start(FunctionConfig config, String runtimeApiAddress) throws IOException {
        Path temporaryTaskRoot = config.taskRoot() == null ? Files.createTempDirectory("kindling-task-") : null;
        Path taskRoot = config.taskRoot() != null ? config.taskRoot() : temporaryTaskRoot;
        List<String> command = command(config);
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(taskRoot.toFile())
                .redirectErrorStream(true);
        Map<String, String> environment = builder.environment();
        String path = environment.get("PATH");
        // Lambda starts the runtime with its own environment, never the caller's.
        environment.clear();
        environment.putAll(lambdaEnvironment(config, runtimeApiAddress, taskRoot, path));
        environment.putAll(config.environment());
        Process process;
        try {
            process = builder.start();
        } catch (IOException | RuntimeException e) {
            deleteQuietly(temporaryTaskRoot);
            throw e;
        }
        LambdaProcess lambdaProcess = new LambdaProcess(process, command);
        DaemonThreads.start("kindling-logs-" + config.functionName() + "-" + process.pid(),
                () -> lambdaProcess.pumpLogs(config));
        process.onExit().thenRun(() -> deleteQuietly(temporaryTaskRoot));
        return lambdaProcess;
    }

    static List<String> command(FunctionConfig config) {
        List<String> command = new ArrayList<>();
        command.add(config.javaHome().resolve("bin").resolve("java").toString());
        command.addAll(config.jvmOptions());
        command.add("-classpath");
        command.add(classpath(config));
        command.add(RuntimeLibraries.RUNTIME_MAIN_CLASS);
        command.add(config.handler());
        return command;
    }

    private static String classpath(FunctionConfig config) {
        Set<String> entries = new LinkedHashSet<>();
        if (config.includeRuntimeLibraries()) {
            RuntimeLibraries.locate().forEach(location -> entries.add(location.toString()));
        }
        config.classpath().forEach(entry -> entries.add(entry.toAbsolutePath().toString()));
        return String.join(java.io.File.pathSeparator, entries);
    }

    private static Map<String, String> lambdaEnvironment(FunctionConfig config, String runtimeApiAddress,
                                                         Path taskRoot, String path) {
        Map<String, String> environment = new LinkedHashMap<>();
        if (path != null) {
            environment.put("PATH", path);
        }
        environment.put("LANG", "en_US.UTF-8");
        environment.put("TZ", ":UTC");
        environment.put("AWS_LAMBDA_RUNTIME_API", runtimeApiAddress);
        environment.put("_HANDLER", config.handler());
        environment.put("LAMBDA_TASK_ROOT", taskRoot.toAbsolutePath().toString());
        environment.put("AWS_EXECUTION_ENV", "AWS_Lambda_java17");
        environment.put("AWS_LAMBDA_FUNCTION_NAME", config.functionName());
        environment.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        environment.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(config.memorySizeMb()));
        environment.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + config.functionName());
        environment.put("AWS_LAMBDA_LOG_STREAM_NAME", logStreamName());
        environment.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
        environment.put("AWS_REGION", config.region());
        environment.put("AWS_DEFAULT_REGION", config.region());
        // Tells Kindling it runs locally: an in-memory idempotency store is then fine without being chosen.
        environment.put("KINDLING_LOCAL", "true");
        return environment;
    }

    private static String logStreamName() {
        String instance = UUID.randomUUID().toString().replace("-", "");
        return LocalDate.now(ZoneOffset.UTC).format(LOG_STREAM_DATE) + "/[$LATEST]" + instance;
    }

    private void pumpLogs(FunctionConfig config) {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                deliver(config, line);
            }
        } catch (IOException e) {
            // The stream closes with the process; nothing more will come.
        } finally {
            logsDrained.complete(null);
        }
    }

    private static void deliver(FunctionConfig config, String line) {
        try {
            config.logSink().accept(line);
        } catch (RuntimeException e) {
            // A failing sink must not stop the pump, or the child would block on a full pipe.
            System.err.println("[" + config.functionName() + "] log sink failed: " + e);
        }
    }

    public long pid() {
        return process.pid();
    }

    /** The full command line, for diagnostics. */
    public List<String> command() {
        return command;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Completes with the exit status when the process has ended. */
    public CompletableFuture<Integer> onExit() {
        return process.onExit().thenApply(Process::exitValue);
    }

    /** Completes once every line the process wrote has been handed to the log sink. */
    public CompletableFuture<Void> logsDrained() {
        return logsDrained;
    }

    /**
     * Stops the runtime the way Lambda shuts an environment down: SIGTERM, so shutdown hooks run and the JVM
     * exits normally (an AOT cache or CDS archive is written only then), and SIGKILL after {@code gracePeriod}.
     */
    public void stop(Duration gracePeriod) {
        // Through the handle: Process.destroy() would also close our end of the output pipe and lose
        // everything the JVM prints while it shuts down.
        process.toHandle().destroy();
        try {
            if (!process.waitFor(gracePeriod.toMillis(), TimeUnit.MILLISECONDS)) {
                kill();
            }
        } catch (InterruptedException e) {
            kill();
            Thread.currentThread().interrupt();
        }
    }

    /** Kills the runtime and anything it started at once, as Lambda does to an environment that timed out. */
    public void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.toHandle().destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        kill();
    }

    private static void deleteQuietly(Path directory) {
        if (directory == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(entry -> {
                try {
                    Files.deleteIfExists(entry);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // A leftover empty temporary directory is harmless.
        }
    }
}
