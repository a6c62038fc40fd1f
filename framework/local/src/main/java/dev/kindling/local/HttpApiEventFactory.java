package dev.kindling.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a plain HTTP request into the API Gateway HTTP API event, payload format version 2.0.
 * Header names are lower-cased and repeated headers comma-joined; {@code Cookie} headers become the
 * {@code cookies} array; repeated query parameters are comma-joined; text and JSON bodies are passed
 * as they are, any other body base64-encoded.
 */
final class HttpApiEventFactory {

    private static final DateTimeFormatter REQUEST_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.US).withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ObjectMapper json;
    private final String apiId;

    HttpApiEventFactory(ObjectMapper json, String apiId) {
        this.json = json;
        this.apiId = apiId;
    }

    ObjectNode toEvent(HttpExchange exchange, byte[] body, Instant receivedAt) {
        URI uri = exchange.getRequestURI();
        Map<String, String> headers = headers(exchange);
        List<String> cookies = cookies(exchange);
        ObjectNode event = json.createObjectNode();
        event.put("version", "2.0");
        event.put("routeKey", "$default");
        event.put("rawPath", uri.getRawPath());
        event.put("rawQueryString", uri.getRawQuery() == null ? "" : uri.getRawQuery());
        if (!cookies.isEmpty()) {
            ArrayNode cookieArray = event.putArray("cookies");
            cookies.forEach(cookieArray::add);
        }
        ObjectNode headerNode = event.putObject("headers");
        headers.forEach(headerNode::put);
        if (uri.getRawQuery() != null && !uri.getRawQuery().isEmpty()) {
            ObjectNode query = event.putObject("queryStringParameters");
            queryParameters(uri.getRawQuery()).forEach(query::put);
        }
        event.set("requestContext", requestContext(exchange, headers, receivedAt));
        if (body.length > 0) {
            boolean text = isText(headers.get("content-type"));
            event.put("body", text ? new String(body, StandardCharsets.UTF_8) : Base64.getEncoder().encodeToString(body));
            event.put("isBase64Encoded", !text);
        } else {
            event.put("isBase64Encoded", false);
        }
        return event;
    }

    private Map<String, String> headers(HttpExchange exchange) {
        Map<String, String> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> {
            String lowerName = name.toLowerCase(Locale.ROOT);
            if (!lowerName.equals("cookie")) {
                headers.put(lowerName, String.join(",", values));
            }
        });
        InetSocketAddress local = exchange.getLocalAddress();
        headers.putIfAbsent("x-forwarded-for", exchange.getRemoteAddress().getAddress().getHostAddress());
        headers.putIfAbsent("x-forwarded-port", Integer.toString(local.getPort()));
        headers.putIfAbsent("x-forwarded-proto", "http");
        return headers;
    }

    private static List<String> cookies(HttpExchange exchange) {
        List<String> values = exchange.getRequestHeaders().get("Cookie");
        if (values == null) {
            return List.of();
        }
        return values.stream()
                .flatMap(value -> Arrays.stream(value.split(";")))
                .map(String::trim)
                .filter(cookie -> !cookie.isEmpty())
                .toList();
    }

    private static Map<String, String> queryParameters(String rawQuery) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            parameters.merge(name, value, (earlier, later) -> earlier + "," + later);
        }
        return parameters;
    }

    private ObjectNode requestContext(HttpExchange exchange, Map<String, String> headers, Instant receivedAt) {
        String domainName = hostWithoutPort(headers.getOrDefault("host", "localhost"));
        ObjectNode context = json.createObjectNode();
        context.put("accountId", FunctionConfig.ACCOUNT_ID);
        context.put("apiId", apiId);
        context.put("domainName", domainName);
        context.put("domainPrefix", domainPrefix(domainName));
        ObjectNode http = context.putObject("http");
        http.put("method", exchange.getRequestMethod());
        http.put("path", exchange.getRequestURI().getPath());
        http.put("protocol", exchange.getProtocol());
        http.put("sourceIp", exchange.getRemoteAddress().getAddress().getHostAddress());
        http.put("userAgent", headers.getOrDefault("user-agent", ""));
        context.put("requestId", newRequestId());
        context.put("routeKey", "$default");
        context.put("stage", "$default");
        context.put("time", REQUEST_TIME.format(receivedAt));
        context.put("timeEpoch", receivedAt.toEpochMilli());
        return context;
    }

    /** Text and JSON arrive as they are; API Gateway base64-encodes everything else. */
    static boolean isText(String contentType) {
        if (contentType == null) {
            return false;
        }
        String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return mediaType.startsWith("text/")
                || mediaType.equals("application/json")
                || mediaType.endsWith("+json")
                || mediaType.equals("application/xml")
                || mediaType.endsWith("+xml")
                || mediaType.equals("application/javascript");
    }

    private static String hostWithoutPort(String host) {
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end < 0 ? host : host.substring(0, end + 1);
        }
        int colon = host.lastIndexOf(':');
        return colon < 0 ? host : host.substring(0, colon);
    }

    private static String domainPrefix(String domainName) {
        boolean ipLiteral = domainName.startsWith("[") || Character.isDigit(domainName.charAt(0));
        int dot = domainName.indexOf('.');
        return ipLiteral || dot < 0 ? domainName : domainName.substring(0, dot);
    }

    /** API Gateway's request ids look like {@code JKJaXmPLvHcESHA=}. */
    private static String newRequestId() {
        byte[] random = new byte[10];
        RANDOM.nextBytes(random);
        return Base64.getEncoder().encodeToString(random);
    }

    private static String decode(String component) {
        return URLDecoder.decode(component, StandardCharsets.UTF_8);
    }
}
