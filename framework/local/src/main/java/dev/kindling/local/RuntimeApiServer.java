package dev.kindling.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Lambda Runtime API (version 2018-06-01) for one execution environment, served on 127.0.0.1
 * with a dynamic port: what {@code AWS_LAMBDA_RUNTIME_API} points a runtime at.
 *
 * <p>Endpoints, as AWS documents them: {@code GET /2018-06-01/runtime/invocation/next} (long-polls
 * until an invocation is {@linkplain #submit(Invocation) submitted}),
 * {@code POST /2018-06-01/runtime/invocation/{id}/response},
 * {@code POST /2018-06-01/runtime/invocation/{id}/error} and {@code POST /2018-06-01/runtime/init/error}.
 * A request id that is not in flight gets {@code 400 {"errorMessage":"Invalid request ID","errorType":"InvalidRequestID"}}.
 * Each exchange runs on its own pooled thread, so a parked long poll never blocks the other endpoints.
 */
public final class RuntimeApiServer implements AutoCloseable {

    /** Lambda's limit for a synchronous response payload. */
    static final int MAX_RESPONSE_BYTES = 6 * 1024 * 1024;

    private static final String RUNTIME_PATH = "/2018-06-01/runtime/";
    private static final String NEXT_PATH = RUNTIME_PATH + "invocation/next";
    private static final String INIT_ERROR_PATH = RUNTIME_PATH + "init/error";
    private static final String INVOCATION_PATH = RUNTIME_PATH + "invocation/";
    private static final String ERROR_TYPE_HEADER = "Lambda-Runtime-Function-Error-Type";
    private static final byte[] STATUS_OK = "{\"status\":\"OK\"}".getBytes(StandardCharsets.UTF_8);
    private static final AtomicInteger SERVER_COUNT = new AtomicInteger();

    private final HttpServer server;
    private final ExecutorService exchanges;
    private final BlockingQueue<PendingInvocation> queued = new LinkedBlockingQueue<>();
    private final Map<String, PendingInvocation> inFlight = new ConcurrentHashMap<>();
    private final CompletableFuture<RuntimeOutcome> initError = new CompletableFuture<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    private RuntimeApiServer(HttpServer server, ExecutorService exchanges) {
        this.server = server;
        this.exchanges = exchanges;
    }

    /** Starts a server on 127.0.0.1 with a port chosen by the operating system. */
    public static RuntimeApiServer start() throws IOException {
        HttpServer httpServer = LoopbackHttp.create(0);
        ExecutorService pool = Executors.newCachedThreadPool(
                DaemonThreads.named("kindling-runtime-api-" + SERVER_COUNT.incrementAndGet()));
        RuntimeApiServer runtimeApi = new RuntimeApiServer(httpServer, pool);
        httpServer.createContext("/", runtimeApi::handle);
        httpServer.setExecutor(pool);
        httpServer.start();
        return runtimeApi;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The value for {@code AWS_LAMBDA_RUNTIME_API}: {@code 127.0.0.1:<port>}. */
    public String runtimeApiAddress() {
        return "127.0.0.1:" + port();
    }

    /**
     * Queues an invocation for the next {@code /invocation/next} poll. Completing the returned
     * invocation's outcome from outside (for example after a timeout) withdraws it from this server.
     */
    public PendingInvocation submit(Invocation invocation) {
        PendingInvocation pending = new PendingInvocation(invocation);
        inFlight.put(invocation.requestId(), pending);
        pending.outcome().whenComplete((outcome, failure) -> {
            inFlight.remove(invocation.requestId(), pending);
            queued.remove(pending);
        });
        queued.add(pending);
        return pending;
    }

    /** Completes when the runtime posts to {@code /runtime/init/error}. */
    public CompletableFuture<RuntimeOutcome> initError() {
        return initError;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            server.stop(0);
            exchanges.shutdownNow();
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (path.equals(NEXT_PATH)) {
                requireMethod(exchange, "GET", this::nextInvocation);
            } else if (path.equals(INIT_ERROR_PATH)) {
                requireMethod(exchange, "POST", this::initErrorReport);
            } else if (path.startsWith(INVOCATION_PATH) && path.endsWith("/response")) {
                requireMethod(exchange, "POST", ex -> invocationReport(ex, requestIdOf(path, "/response"), false));
            } else if (path.startsWith(INVOCATION_PATH) && path.endsWith("/error")) {
                requireMethod(exchange, "POST", ex -> invocationReport(ex, requestIdOf(path, "/error"), true));
            } else {
                sendError(exchange, 404, "NotFound", "No such resource: " + method + " " + path);
            }
        }
    }

    private static String requestIdOf(String path, String suffix) {
        return path.substring(INVOCATION_PATH.length(), path.length() - suffix.length());
    }

    private void nextInvocation(HttpExchange exchange) throws IOException {
        PendingInvocation pending;
        try {
            do {
                pending = queued.take();
            } while (pending.outcome().isDone());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        Invocation invocation = pending.invocation();
        Instant deadline = Instant.ofEpochMilli(System.currentTimeMillis() + invocation.timeout().toMillis());
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Type", "application/json");
        headers.set("Lambda-Runtime-Aws-Request-Id", invocation.requestId());
        headers.set("Lambda-Runtime-Deadline-Ms", Long.toString(deadline.toEpochMilli()));
        headers.set("Lambda-Runtime-Invoked-Function-Arn", invocation.invokedFunctionArn());
        headers.set("Lambda-Runtime-Trace-Id", invocation.traceId());
        // Marked before sending: a fast runtime may post its response before send() returns here.
        pending.delivered().complete(deadline);
        send(exchange, 200, invocation.payload());
    }

    private void invocationReport(HttpExchange exchange, String requestId, boolean error) throws IOException {
        PendingInvocation pending = inFlight.get(requestId);
        if (pending == null || !pending.delivered().isDone()) {
            sendError(exchange, 400, "InvalidRequestID", "Invalid request ID");
            return;
        }
        byte[] body = readBody(exchange);
        if (body.length > MAX_RESPONSE_BYTES) {
            String message = "Response payload size exceeded maximum allowed payload size (" + MAX_RESPONSE_BYTES + " bytes).";
            pending.outcome().complete(RuntimeOutcome.error("Function.ResponseSizeTooLarge",
                    LambdaErrors.document("Function.ResponseSizeTooLarge", message)));
            sendError(exchange, 413, "RequestEntityTooLarge", message);
            return;
        }
        RuntimeOutcome outcome = error
                ? RuntimeOutcome.error(exchange.getRequestHeaders().getFirst(ERROR_TYPE_HEADER), body)
                : RuntimeOutcome.response(body);
        pending.outcome().complete(outcome);
        send(exchange, 202, STATUS_OK);
    }

    private void initErrorReport(HttpExchange exchange) throws IOException {
        byte[] body = readBody(exchange);
        initError.complete(RuntimeOutcome.error(exchange.getRequestHeaders().getFirst(ERROR_TYPE_HEADER), body));
        send(exchange, 202, STATUS_OK);
    }

    private static byte[] readBody(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            return in.readNBytes(MAX_RESPONSE_BYTES + 1);
        }
    }

    private static void requireMethod(HttpExchange exchange, String method, ExchangeHandler handler) throws IOException {
        if (!exchange.getRequestMethod().equalsIgnoreCase(method)) {
            exchange.getResponseHeaders().set("Allow", method);
            sendError(exchange, 405, "MethodNotAllowed", "Use " + method);
            return;
        }
        handler.handle(exchange);
    }

    private static void sendError(HttpExchange exchange, int status, String errorType, String errorMessage) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        send(exchange, status, LambdaErrors.document(errorType, errorMessage));
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        if (body.length == 0) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @FunctionalInterface
    private interface ExchangeHandler {
        void handle(HttpExchange exchange) throws IOException;
    }
}
