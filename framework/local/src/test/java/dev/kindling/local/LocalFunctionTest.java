package dev.kindling.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kindling.local.handlers.FailingConstructorHandler;
import dev.kindling.local.handlers.ScriptedHandler;
import dev.kindling.local.handlers.SlowInitHandler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Real child JVMs running the real runtime interface client against the local Runtime API. */
class LocalFunctionTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration LOG_WAIT = Duration.ofSeconds(10);

    private final LogCapture logs = new LogCapture();
    private LocalFunction function;

    @AfterEach
    void closeFunction() {
        if (function != null) {
            function.close();
        }
    }

    private LocalFunction.Builder scripted() {
        return LocalFunction.builder(TestHandlers.handler(ScriptedHandler.class))
                .classpath(TestHandlers.classpath())
                .functionName("scripted")
                .memorySizeMb(256)
                .logSink(logs);
    }

    @Test
    void handlerSeesTheInvocationThroughItsContextAndTheResponseRoundTrips() throws Exception {
        function = scripted()
                .environmentVariable("KINDLING_TEST_VALUE", "from-env")
                .addJvmOptions("-Dkindling.test.marker=from-jvm-option")
                .region("eu-west-1")
                .build();

        InvocationResult result = function.invoke("{\"orderId\":\"42\",\"items\":[1,2,3]}");

        assertThat(result.success()).as(result.payload()).isTrue();
        JsonNode reply = JSON.readTree(result.payload());
        assertThat(reply.path("event")).isEqualTo(JSON.readTree("{\"orderId\":\"42\",\"items\":[1,2,3]}"));
        assertThat(reply.path("requestId").asText()).isEqualTo(result.requestId());
        assertThat(reply.path("invokedFunctionArn").asText()).isEqualTo("arn:aws:lambda:eu-west-1:000000000000:function:scripted");
        assertThat(reply.path("remainingTimeMs").asInt()).isPositive().isLessThanOrEqualTo(30_000);
        assertThat(reply.path("traceId").asText()).matches("Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0");
        assertThat(reply.path("functionName").asText()).isEqualTo("scripted");
        assertThat(reply.path("functionVersion").asText()).isEqualTo("$LATEST");
        assertThat(reply.path("memoryLimitMb").asInt()).isEqualTo(256);
        assertThat(reply.path("logGroupName").asText()).isEqualTo("/aws/lambda/scripted");
        assertThat(reply.path("handlerVariable").asText()).isEqualTo(TestHandlers.handler(ScriptedHandler.class));
        assertThat(reply.path("regionVariable").asText()).isEqualTo("eu-west-1");
        assertThat(reply.path("customVariable").asText()).isEqualTo("from-env");
        assertThat(reply.path("markerProperty").asText()).isEqualTo("from-jvm-option");
        assertThat(reply.path("workingDirectory").asText()).isEqualTo(reply.path("taskRootVariable").asText());
        assertThat(result.coldStart()).isTrue();
        assertThat(result.spawnToResponseNanos()).isPositive();
        logs.awaitLine(line -> line.contains("handling " + result.requestId()), LOG_WAIT);
    }

    @Test
    void secondInvocationIsWarmInTheSameProcess() throws Exception {
        function = scripted().build();

        InvocationResult first = function.invoke("{}");
        InvocationResult second = function.invoke("{}");

        assertThat(first.coldStart()).isTrue();
        assertThat(second.coldStart()).isFalse();
        assertThat(second.spawnToResponseNanos()).isZero();
        assertThat(second.requestId()).isNotEqualTo(first.requestId());
        assertThat(pidOf(second)).isEqualTo(pidOf(first));
    }

    @Test
    void largePayloadsRoundTrip() throws Exception {
        function = scripted().build();
        String bigValue = "x".repeat(512 * 1024);

        InvocationResult result = function.invoke("{\"big\":\"" + bigValue + "\"}");

        assertThat(result.success()).isTrue();
        assertThat(JSON.readTree(result.payload()).path("event").path("big").asText()).isEqualTo(bigValue);
    }

    @Test
    void exceptionInHandlerIsAFunctionErrorAndTheEnvironmentStaysWarm() throws Exception {
        function = scripted().build();
        InvocationResult warmUp = function.invoke("{}");

        InvocationResult failed = function.invoke("{\"action\":\"throw\",\"message\":\"card declined\"}");
        InvocationResult after = function.invoke("{}");

        assertThat(failed.success()).isFalse();
        assertThat(failed.errorType()).isEqualTo("java.lang.IllegalStateException");
        assertThat(failed.functionErrorType()).isEqualTo("Runtime.UserException");
        assertThat(JSON.readTree(failed.payload()).path("errorMessage").asText()).isEqualTo("card declined");
        assertThat(after.success()).isTrue();
        assertThat(after.coldStart()).isFalse();
        assertThat(pidOf(after)).isEqualTo(pidOf(warmUp));
    }

    @Test
    void processExitFailsTheInvocationAndTheNextOneColdStarts() throws Exception {
        function = scripted().build();
        InvocationResult warmUp = function.invoke("{}");

        InvocationResult exited = function.invoke("{\"action\":\"exit\",\"status\":7}");
        InvocationResult next = function.invoke("{}");

        assertThat(exited.success()).isFalse();
        assertThat(exited.errorType()).isEqualTo("Runtime.ExitError");
        assertThat(JSON.readTree(exited.payload()).path("errorMessage").asText())
                .isEqualTo("RequestId: " + exited.requestId() + " Error: Runtime exited with error: exit status 7");
        assertThat(next.success()).isTrue();
        assertThat(next.coldStart()).isTrue();
        assertThat(pidOf(next)).isNotEqualTo(pidOf(warmUp));
    }

    @Test
    void invocationPastTheTimeoutIsKilledAndTheNextOneColdStarts() throws Exception {
        function = scripted().timeout(Duration.ofSeconds(1)).build();
        InvocationResult warmUp = function.invoke("{}");
        long warmPid = pidOf(warmUp);

        InvocationResult timedOut = function.invoke("{\"action\":\"sleep\",\"millis\":60000}");

        assertThat(timedOut.success()).isFalse();
        assertThat(timedOut.errorType()).isEqualTo("Sandbox.Timedout");
        assertThat(JSON.readTree(timedOut.payload()).path("errorMessage").asText())
                .isEqualTo("RequestId: " + timedOut.requestId() + " Error: Task timed out after 1.00 seconds");
        assertThat(ProcessHandle.of(warmPid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(logs.lines()).as("killed, not shut down").doesNotContain("shutdown hook ran");

        InvocationResult next = function.invoke("{}");
        assertThat(next.success()).isTrue();
        assertThat(next.coldStart()).isTrue();
        assertThat(pidOf(next)).isNotEqualTo(warmPid);
    }

    @Test
    void constructorFailureIsReportedAsAnInitErrorWithoutHanging() throws Exception {
        function = LocalFunction.builder(TestHandlers.handler(FailingConstructorHandler.class))
                .classpath(TestHandlers.classpath())
                .logSink(logs)
                .build();

        InvocationResult result = function.invoke("{}");

        assertThat(result.success()).isFalse();
        assertThat(result.functionErrorType()).isEqualTo("Runtime.BadFunctionCode");
        assertThat(result.payload()).contains("constructor refused");
        assertThat(result.coldStart()).isTrue();
        assertThat(function.runtimePid()).isEmpty();

        InvocationResult retried = function.invoke("{}");
        assertThat(retried.functionErrorType()).isEqualTo("Runtime.BadFunctionCode");
    }

    @Test
    void missingHandlerClassFailsTheFirstInvocationWithBadFunctionCode() {
        function = LocalFunction.builder("dev.kindling.local.handlers.NoSuchHandler::handleRequest")
                .classpath(TestHandlers.classpath())
                .logSink(logs)
                .build();

        InvocationResult result = function.invoke("{}");

        assertThat(result.success()).isFalse();
        assertThat(result.functionErrorType()).isEqualTo("Runtime.BadFunctionCode");
        assertThat(result.errorType()).isEqualTo("java.lang.ClassNotFoundException");
        assertThat(result.payload()).contains("NoSuchHandler");
    }

    @Test
    void initThatNeverPollsIsCutOffByTheInitTimeout() {
        function = LocalFunction.builder(TestHandlers.handler(SlowInitHandler.class))
                .classpath(TestHandlers.classpath())
                .initTimeout(Duration.ofSeconds(1))
                .logSink(logs)
                .build();

        InvocationResult result = function.invoke("{}");

        assertThat(result.success()).isFalse();
        assertThat(result.errorType()).isEqualTo("Sandbox.Timedout");
        assertThat(result.payload()).contains("Init phase timed out after 1.00 seconds");
        assertThat(function.runtimePid()).isEmpty();
    }

    @Test
    void closeStopsTheRuntimeWithSigtermSoTheJvmExitsNormally() throws Exception {
        function = scripted().build();
        long pid = pidOf(function.invoke("{}"));

        function.close();

        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(logs.lines()).contains("shutdown hook ran");
    }

    @Test
    void runsOnTheJdkGivenAsJavaHome() throws Exception {
        Path jdk25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");
        assumeTrue(Files.isExecutable(jdk25.resolve("bin/java")), "Temurin 25 is not installed here");
        function = scripted().javaHome(jdk25).build();

        InvocationResult result = function.invoke("{}");

        assertThat(JSON.readTree(result.payload()).path("javaVersion").asText()).isEqualTo("25");
        assertThat(JSON.readTree(result.payload()).path("javaVersion").asText())
                .isNotEqualTo(System.getProperty("java.specification.version"));
    }

    private static long pidOf(InvocationResult result) throws Exception {
        assertThat(result.success()).as(result.payload()).isTrue();
        return JSON.readTree(result.payload()).path("pid").asLong();
    }
}
