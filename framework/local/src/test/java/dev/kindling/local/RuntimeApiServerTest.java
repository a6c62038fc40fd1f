package dev.kindling.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Runtime API contract, spoken to over real HTTP the way a runtime speaks it. */
class RuntimeApiServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ARN = "arn:aws:lambda:us-east-1:000000000000:function:f";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private RuntimeApiServer server;

    @BeforeEach
    void startServer() throws Exception {
        server = RuntimeApiServer.start();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void nextDeliversTheEventWithTheLambdaHeaders() throws Exception {
        Instant before = Instant.now();
        PendingInvocation pending = server.submit(Invocation.create(bytes("{\"a\":1}"), Duration.ofSeconds(3), ARN));

        HttpResponse<String> next = get("/2018-06-01/runtime/invocation/next").get(5, TimeUnit.SECONDS);

        assertThat(next.statusCode()).isEqualTo(200);
        assertThat(next.body()).isEqualTo("{\"a\":1}");
        var headers = next.headers();
        assertThat(headers.firstValue("Lambda-Runtime-Aws-Request-Id")).hasValue(pending.invocation().requestId());
        assertThat(headers.firstValue("Lambda-Runtime-Invoked-Function-Arn")).hasValue(ARN);
        assertThat(headers.firstValue("Lambda-Runtime-Trace-Id")).get().asString()
                .matches("Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0");
        long deadlineMs = Long.parseLong(headers.firstValue("Lambda-Runtime-Deadline-Ms").orElseThrow());
        assertThat(deadlineMs).isBetween(before.plusSeconds(3).toEpochMilli(), Instant.now().plusSeconds(3).toEpochMilli());
        assertThat(headers.firstValue("Lambda-Runtime-Client-Context")).isEmpty();
        assertThat(headers.firstValue("Lambda-Runtime-Cognito-Identity")).isEmpty();
        assertThat(pending.delivered().getNow(null)).isEqualTo(Instant.ofEpochMilli(deadlineMs));
    }

    @Test
    void responseCompletesTheInvocation() throws Exception {
        PendingInvocation pending = deliveredInvocation();

        HttpResponse<String> posted = post("/2018-06-01/runtime/invocation/" + pending.invocation().requestId() + "/response",
                "{\"ok\":true}", null);

        assertThat(posted.statusCode()).isEqualTo(202);
        assertThat(posted.body()).isEqualTo("{\"status\":\"OK\"}");
        RuntimeOutcome outcome = pending.outcome().getNow(null);
        assertThat(outcome.error()).isFalse();
        assertThat(new String(outcome.body(), StandardCharsets.UTF_8)).isEqualTo("{\"ok\":true}");
    }

    @Test
    void errorReportCarriesTheFunctionErrorType() throws Exception {
        PendingInvocation pending = deliveredInvocation();
        String error = "{\"errorMessage\":\"nope\",\"errorType\":\"java.lang.IllegalStateException\",\"stackTrace\":[]}";

        HttpResponse<String> posted = post("/2018-06-01/runtime/invocation/" + pending.invocation().requestId() + "/error",
                error, "Runtime.UserException");

        assertThat(posted.statusCode()).isEqualTo(202);
        RuntimeOutcome outcome = pending.outcome().getNow(null);
        assertThat(outcome.error()).isTrue();
        assertThat(outcome.functionErrorType()).isEqualTo("Runtime.UserException");
        assertThat(new String(outcome.body(), StandardCharsets.UTF_8)).isEqualTo(error);
    }

    @Test
    void unknownOrUndeliveredRequestIdIsRejectedWithTheDocumentedError() throws Exception {
        PendingInvocation undelivered = server.submit(Invocation.create(bytes("{}"), Duration.ofSeconds(3), ARN));

        for (String requestId : new String[] {"no-such-request", undelivered.invocation().requestId()}) {
            HttpResponse<String> posted = post("/2018-06-01/runtime/invocation/" + requestId + "/response", "{}", null);

            assertThat(posted.statusCode()).isEqualTo(400);
            JsonNode error = JSON.readTree(posted.body());
            assertThat(error.path("errorType").asText()).isEqualTo("InvalidRequestID");
            assertThat(error.path("errorMessage").asText()).isEqualTo("Invalid request ID");
        }
        assertThat(undelivered.outcome()).isNotDone();
    }

    @Test
    void secondResponseForTheSameRequestIsRejected() throws Exception {
        PendingInvocation pending = deliveredInvocation();
        String path = "/2018-06-01/runtime/invocation/" + pending.invocation().requestId() + "/response";

        assertThat(post(path, "{}", null).statusCode()).isEqualTo(202);
        assertThat(post(path, "{}", null).statusCode()).isEqualTo(400);
    }

    @Test
    void oversizedResponseFailsTheInvocation() throws Exception {
        PendingInvocation pending = deliveredInvocation();
        String tooLarge = "\"" + "x".repeat(RuntimeApiServer.MAX_RESPONSE_BYTES) + "\"";

        HttpResponse<String> posted = post("/2018-06-01/runtime/invocation/" + pending.invocation().requestId() + "/response",
                tooLarge, null);

        assertThat(posted.statusCode()).isEqualTo(413);
        assertThat(pending.outcome().getNow(null).functionErrorType()).isEqualTo("Function.ResponseSizeTooLarge");
    }

    @Test
    void parkedLongPollDoesNotBlockInitErrorReports() throws Exception {
        CompletableFuture<HttpResponse<String>> parkedPoll = get("/2018-06-01/runtime/invocation/next");

        HttpResponse<String> initError = post("/2018-06-01/runtime/init/error",
                "{\"errorMessage\":\"bad\",\"errorType\":\"java.lang.Error\"}", "Runtime.BadFunctionCode");

        assertThat(initError.statusCode()).isEqualTo(202);
        assertThat(server.initError().getNow(null).functionErrorType()).isEqualTo("Runtime.BadFunctionCode");
        assertThat(parkedPoll).isNotDone();

        PendingInvocation pending = server.submit(Invocation.create(bytes("{\"late\":true}"), Duration.ofSeconds(3), ARN));
        assertThat(parkedPoll.get(5, TimeUnit.SECONDS).body()).isEqualTo("{\"late\":true}");
        assertThat(pending.delivered()).isDone();
    }

    @Test
    void invocationsAreDeliveredInSubmissionOrder() throws Exception {
        PendingInvocation first = server.submit(Invocation.create(bytes("1"), Duration.ofSeconds(3), ARN));
        PendingInvocation second = server.submit(Invocation.create(bytes("2"), Duration.ofSeconds(3), ARN));

        assertThat(get("/2018-06-01/runtime/invocation/next").get(5, TimeUnit.SECONDS).headers()
                .firstValue("Lambda-Runtime-Aws-Request-Id")).hasValue(first.invocation().requestId());
        assertThat(get("/2018-06-01/runtime/invocation/next").get(5, TimeUnit.SECONDS).headers()
                .firstValue("Lambda-Runtime-Aws-Request-Id")).hasValue(second.invocation().requestId());
    }

    @Test
    void withdrawnInvocationIsNeverDelivered() throws Exception {
        PendingInvocation withdrawn = server.submit(Invocation.create(bytes("\"withdrawn\""), Duration.ofSeconds(3), ARN));
        withdrawn.outcome().complete(LambdaErrors.exited(withdrawn.invocation().requestId(), 1));
        server.submit(Invocation.create(bytes("\"kept\""), Duration.ofSeconds(3), ARN));

        assertThat(get("/2018-06-01/runtime/invocation/next").get(5, TimeUnit.SECONDS).body()).isEqualTo("\"kept\"");
    }

    @Test
    void unknownPathIsNotFound() throws Exception {
        assertThat(get("/2018-06-01/runtime/nothing-here").get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(404);
    }

    private PendingInvocation deliveredInvocation() throws Exception {
        PendingInvocation pending = server.submit(Invocation.create(bytes("{}"), Duration.ofSeconds(30), ARN));
        assertThat(get("/2018-06-01/runtime/invocation/next").get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        return pending;
    }

    private CompletableFuture<HttpResponse<String>> get(String path) {
        HttpRequest request = HttpRequest.newBuilder(uri(path)).GET().build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body, String errorType) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .timeout(Duration.ofSeconds(10));
        if (errorType != null) {
            request.header("Lambda-Runtime-Function-Error-Type", errorType);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://" + server.runtimeApiAddress() + path);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
