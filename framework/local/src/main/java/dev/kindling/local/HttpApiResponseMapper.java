package dev.kindling.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Maps a function result to HTTP the way API Gateway HTTP APIs do for payload format 2.0: an object with
 * {@code statusCode} is a response description ({@code headers}, {@code multiValueHeaders}, {@code cookies}
 * as {@code Set-Cookie}, {@code body} base64-decoded when {@code isBase64Encoded}); any other valid JSON is
 * inferred as a 200 {@code application/json} response whose body is that JSON; a function error or an
 * unusable response is {@code 500 {"message":"Internal Server Error"}}.
 */
final class HttpApiResponseMapper {

    private final ObjectMapper json;

    HttpApiResponseMapper(ObjectMapper json) {
        this.json = json;
    }

    HttpApiResponse map(InvocationResult result) {
        if (!result.success()) {
            return HttpApiResponse.internalServerError();
        }
        JsonNode response;
        try {
            response = json.readTree(result.payload());
        } catch (JsonProcessingException e) {
            return HttpApiResponse.internalServerError();
        }
        if (response == null || response.isMissingNode()) {
            return HttpApiResponse.internalServerError();
        }
        if (response.isObject() && response.has("statusCode")) {
            return described(response);
        }
        return new HttpApiResponse(200, List.of(Map.entry("content-type", "application/json")),
                result.payload().getBytes(StandardCharsets.UTF_8));
    }

    private static HttpApiResponse described(JsonNode response) {
        JsonNode statusCode = response.get("statusCode");
        if (!statusCode.canConvertToInt() && !statusCode.asText().matches("\\d{3}")) {
            return HttpApiResponse.internalServerError();
        }
        int status = statusCode.canConvertToInt() ? statusCode.intValue() : Integer.parseInt(statusCode.asText());
        if (status < 100 || status > 599) {
            return HttpApiResponse.internalServerError();
        }
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        response.path("headers").properties()
                .forEach(header -> headers.add(Map.entry(header.getKey(), header.getValue().asText())));
        response.path("multiValueHeaders").properties().forEach(header ->
                header.getValue().forEach(value -> headers.add(Map.entry(header.getKey(), value.asText()))));
        response.path("cookies").forEach(cookie -> headers.add(Map.entry("set-cookie", cookie.asText())));
        byte[] body;
        try {
            body = body(response);
        } catch (IllegalArgumentException e) {
            return HttpApiResponse.internalServerError();
        }
        return new HttpApiResponse(status, headers, body);
    }

    private static byte[] body(JsonNode response) {
        JsonNode body = response.get("body");
        if (body == null || body.isNull()) {
            return new byte[0];
        }
        String text = body.isTextual() ? body.asText() : body.toString();
        return response.path("isBase64Encoded").asBoolean(false)
                ? Base64.getDecoder().decode(text)
                : text.getBytes(StandardCharsets.UTF_8);
    }
}
