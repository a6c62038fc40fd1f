package dev.kindling.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How one local function runs: what Lambda's function configuration says, plus where the JVM comes from.
 * Built by {@link LocalFunction.Builder}.
 *
 * @param handler                 the handler string, e.g. {@code com.acme.Orders_ChargeSqsHandler::handleRequest}
 * @param classpath               the function's code and libraries (what the deployment package holds)
 * @param functionName            {@code AWS_LAMBDA_FUNCTION_NAME}
 * @param memorySizeMb            {@code AWS_LAMBDA_FUNCTION_MEMORY_SIZE}; also sizes the default heap
 * @param timeout                 the function timeout, counted from the moment the runtime receives the event
 * @param initTimeout             how long the runtime may take from process start to its first poll
 * @param region                  {@code AWS_REGION} and {@code AWS_DEFAULT_REGION}
 * @param environment             extra environment variables; they override the Lambda-defined ones
 * @param jvmOptions              options placed before {@code -classpath}
 * @param javaHome                the JDK whose {@code bin/java} runs the function
 * @param taskRoot                the working directory ({@code LAMBDA_TASK_ROOT}); {@code null} for a fresh empty one
 * @param includeRuntimeLibraries whether to put the runtime interface client and its libraries first on the class
 *                                path, as the managed runtime does
 * @param shutdownGracePeriod     how long {@code close()} waits after SIGTERM before killing the process
 * @param logSink                 receives every line the function writes to stdout or stderr
 */
public record FunctionConfig(
        String handler,
        List<Path> classpath,
        String functionName,
        int memorySizeMb,
        Duration timeout,
        Duration initTimeout,
        String region,
        Map<String, String> environment,
        List<String> jvmOptions,
        Path javaHome,
        Path taskRoot,
        boolean includeRuntimeLibraries,
        Duration shutdownGracePeriod,
        Consumer<String> logSink) {

    /** The account id used in every locally made ARN. */
    public static final String ACCOUNT_ID = "000000000000";

    public FunctionConfig {
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(functionName, "functionName");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(initTimeout, "initTimeout");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(javaHome, "javaHome");
        Objects.requireNonNull(shutdownGracePeriod, "shutdownGracePeriod");
        Objects.requireNonNull(logSink, "logSink");
        if (memorySizeMb < 128 || memorySizeMb > 10_240) {
            throw new IllegalArgumentException("memorySizeMb must be 128..10240 (Lambda's range): " + memorySizeMb);
        }
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(Duration.ofMinutes(15)) > 0) {
            throw new IllegalArgumentException("timeout must be over 0 and at most 15 minutes (Lambda's range): " + timeout);
        }
        if (initTimeout.isNegative() || initTimeout.isZero()) {
            throw new IllegalArgumentException("initTimeout must be positive: " + initTimeout);
        }
        classpath = List.copyOf(classpath);
        environment = Map.copyOf(environment);
        jvmOptions = List.copyOf(jvmOptions);
    }

    /** {@code arn:aws:lambda:<region>:000000000000:function:<name>}, the ARN the runtime sees as invoked. */
    public String functionArn() {
        return "arn:aws:lambda:" + region + ":" + ACCOUNT_ID + ":function:" + functionName;
    }
}
