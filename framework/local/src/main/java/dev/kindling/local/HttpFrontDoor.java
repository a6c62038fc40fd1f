package dev.kindling.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An HTTP server on 127.0.0.1 that stands in for an API Gateway HTTP API with a {@code $default} route:
 * each request becomes a payload format 2.0 event for a {@link LocalFunction}, and the function's result is
 * mapped back to HTTP as API Gateway maps it. Requests may arrive concurrently; the function handles them one
 * at a time, as a single execution environment would.
 */
public final class HttpFrontDoor implements AutoCloseable {

    private static final String LOCAL_API_ID = "kindlinglcl";

    private final HttpServer server;
    private final ExecutorService exchanges;
    private final LocalFunction function;
    private final HttpApiEventFactory events;
    private final HttpApiResponseMapper responses;
    private final ObjectMapper json = new ObjectMapper();

    private HttpFrontDoor(HttpServer server, ExecutorService exchanges, LocalFunction function) {
        this.server = server;
        this.exchanges = exchanges;
        this.function = function;
        this.events = new HttpApiEventFactory(json, LOCAL_API_ID);
        this.responses = new HttpApiResponseMapper(json);
    }

    /** Starts on a port chosen by the operating system. */
    public static HttpFrontDoor start(LocalFunction function) throws IOException {
        return start(function, 0);
    }

    /** Starts on the given port of 127.0.0.1 ({@code 0} for a dynamic one). */
    public static HttpFrontDoor start(LocalFunction function, int port) throws IOException {
        Objects.requireNonNull(function, "function");
        HttpServer httpServer = LoopbackHttp.create(port);
        ExecutorService pool = Executors.newCachedThreadPool(DaemonThreads.named("kindling-front-door"));
        HttpFrontDoor frontDoor = new HttpFrontDoor(httpServer, pool, function);
        httpServer.createContext("/", frontDoor::handle);
        httpServer.setExecutor(pool);
        httpServer.start();
        return frontDoor;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:<port>/}. */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + port() + "/");
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Instant receivedAt = Instant.now();
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            HttpApiResponse response;
            try {
                byte[] event = json.writeValueAsBytes(events.toEvent(exchange, body, receivedAt));
                response = responses.map(function.invoke(event));
            } catch (RuntimeException e) {
                // API Gateway answers any integration failure with a plain 500.
                response = HttpApiResponse.internalServerError();
            }
            send(exchange, response);
        }
    }

    private static void send(HttpExchange exchange, HttpApiResponse response) throws IOException {
        for (Map.Entry<String, String> header : response.headers()) {
            exchange.getResponseHeaders().add(header.getKey(), header.getValue());
        }
        boolean bodiless = exchange.getRequestMethod().equalsIgnoreCase("HEAD")
                || response.status() == 204 || response.status() == 304 || response.body().length == 0;
        exchange.sendResponseHeaders(response.status(), bodiless ? -1 : response.body().length);
        if (!bodiless) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(response.body());
            }
        }
    }

    /** Stops accepting requests; the function is left to its owner. */
    @Override
    public void close() {
        server.stop(0);
        exchanges.shutdownNow();
    }
}
