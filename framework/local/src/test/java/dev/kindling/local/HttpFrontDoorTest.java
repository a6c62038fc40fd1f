package dev.kindling.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kindling.local.handlers.HttpApiHandler;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Plain HTTP in, API Gateway HTTP API v2 event to a real child JVM, API Gateway's response mapping out. */
class HttpFrontDoorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static LocalFunction function;
    private static HttpFrontDoor frontDoor;

    @BeforeAll
    static void start() throws Exception {
        function = LocalFunction.builder(TestHandlers.handler(HttpApiHandler.class))
                .classpath(TestHandlers.classpath())
                .logSink(new LogCapture())
                .build();
        frontDoor = HttpFrontDoor.start(function);
    }

    @AfterAll
    static void stop() {
        frontDoor.close();
        function.close();
    }

    @Test
    void getWithQueryHeadersAndCookiesBecomesAVersion2Event() throws Exception {
        Instant before = Instant.now();
        HttpResponse<String> response = send(request("/orders/42?status=open&tag=a&tag=b&q=hello%20world")
                .header("X-Tenant", "acme")
                .header("X-Repeated", "1")
                .header("X-Repeated", "2")
                .header("Cookie", "a=1; b=2")
                .header("User-Agent", "kindling-test")
                .GET());

        assertThat(response.statusCode()).isEqualTo(201);
        JsonNode event = JSON.readTree(response.body());
        assertThat(event.path("version").asText()).isEqualTo("2.0");
        assertThat(event.path("routeKey").asText()).isEqualTo("$default");
        assertThat(event.path("rawPath").asText()).isEqualTo("/orders/42");
        assertThat(event.path("rawQueryString").asText()).isEqualTo("status=open&tag=a&tag=b&q=hello%20world");
        assertThat(event.path("queryStringParameters"))
                .isEqualTo(JSON.readTree("{\"status\":\"open\",\"tag\":\"a,b\",\"q\":\"hello world\"}"));
        assertThat(event.path("cookies")).isEqualTo(JSON.readTree("[\"a=1\",\"b=2\"]"));
        JsonNode headers = event.path("headers");
        assertThat(headers.path("x-tenant").asText()).isEqualTo("acme");
        assertThat(headers.path("x-repeated").asText()).isEqualTo("1,2");
        assertThat(headers.path("user-agent").asText()).isEqualTo("kindling-test");
        assertThat(headers.has("cookie")).isFalse();
        headers.fieldNames().forEachRemaining(name -> assertThat(name).isLowerCase());
        assertThat(event.has("body")).isFalse();
        assertThat(event.path("isBase64Encoded").asBoolean()).isFalse();

        JsonNode context = event.path("requestContext");
        assertThat(context.path("accountId").asText()).isEqualTo("000000000000");
        assertThat(context.path("apiId").asText()).isNotEmpty();
        assertThat(context.path("domainName").asText()).isEqualTo("127.0.0.1");
        assertThat(context.path("domainPrefix").asText()).isEqualTo("127.0.0.1");
        assertThat(context.path("http").path("method").asText()).isEqualTo("GET");
        assertThat(context.path("http").path("path").asText()).isEqualTo("/orders/42");
        assertThat(context.path("http").path("protocol").asText()).isEqualTo("HTTP/1.1");
        assertThat(context.path("http").path("sourceIp").asText()).isEqualTo("127.0.0.1");
        assertThat(context.path("http").path("userAgent").asText()).isEqualTo("kindling-test");
        assertThat(context.path("requestId").asText()).isNotEmpty();
        assertThat(context.path("routeKey").asText()).isEqualTo("$default");
        assertThat(context.path("stage").asText()).isEqualTo("$default");
        assertThat(context.path("time").asText()).matches("\\d{2}/[A-Z][a-z]{2}/\\d{4}:\\d{2}:\\d{2}:\\d{2} \\+0000");
        assertThat(context.path("timeEpoch").asLong()).isBetween(before.toEpochMilli(), Instant.now().toEpochMilli());
    }

    @Test
    void describedResponseMapsStatusHeadersCookiesAndBody() throws Exception {
        HttpResponse<String> response = send(request("/echo").GET());

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(response.headers().firstValue("x-handled-by")).hasValue("http-api-handler");
        assertThat(response.headers().allValues("x-multi")).containsExactly("one", "two");
        assertThat(response.headers().allValues("set-cookie")).containsExactly("session=abc; HttpOnly", "theme=dark");
        assertThat(JSON.readTree(response.body()).path("rawPath").asText()).isEqualTo("/echo");
    }

    @Test
    void jsonRequestBodyIsPassedAsText() throws Exception {
        HttpResponse<String> response = send(request("/echo")
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString("{\"orderId\":\"42\"}")));

        JsonNode event = JSON.readTree(response.body());
        assertThat(event.path("requestContext").path("http").path("method").asText()).isEqualTo("POST");
        assertThat(event.path("body").asText()).isEqualTo("{\"orderId\":\"42\"}");
        assertThat(event.path("isBase64Encoded").asBoolean()).isFalse();
    }

    @Test
    void binaryRequestBodyIsBase64Encoded() throws Exception {
        byte[] payload = {0, 1, 2, (byte) 0xff, (byte) 0x80};
        HttpResponse<String> response = send(request("/echo")
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(payload)));

        JsonNode event = JSON.readTree(response.body());
        assertThat(event.path("isBase64Encoded").asBoolean()).isTrue();
        assertThat(Base64.getDecoder().decode(event.path("body").asText())).isEqualTo(payload);
    }

    @Test
    void base64ResponseBodyIsDecoded() throws Exception {
        HttpResponse<byte[]> response = HTTP.send(request("/binary").GET().build(), HttpResponse.BodyHandlers.ofByteArray());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("image/png");
        assertThat(response.body()).isEqualTo(HttpApiHandler.BINARY_BODY);
    }

    @Test
    void jsonWithoutStatusCodeIsInferredAsA200JsonResponse() throws Exception {
        for (String path : List.of("/inferred", "/inferred-object")) {
            HttpResponse<String> response = send(request(path).GET());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
            assertThat(response.body()).isEqualTo(path.equals("/inferred")
                    ? "[\"inferred\",42]" : "{\"message\":\"no status code\"}");
        }
    }

    @Test
    void functionErrorAndUnmappableResponseBecomeInternalServerError() throws Exception {
        for (String path : List.of("/fail", "/not-json")) {
            HttpResponse<String> response = send(request(path).GET());

            assertThat(response.statusCode()).isEqualTo(500);
            assertThat(response.body()).isEqualTo("{\"message\":\"Internal Server Error\"}");
        }
    }

    private static HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(frontDoor.uri().resolve(URI.create(pathAndQuery.substring(1))))
                .timeout(Duration.ofSeconds(30));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
