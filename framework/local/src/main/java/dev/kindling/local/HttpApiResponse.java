package dev.kindling.local;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** An HTTP response as API Gateway would send it to the client. */
record HttpApiResponse(int status, List<Map.Entry<String, String>> headers, byte[] body) {

    private static final byte[] INTERNAL_SERVER_ERROR =
            "{\"message\":\"Internal Server Error\"}".getBytes(StandardCharsets.UTF_8);

    HttpApiResponse {
        headers = List.copyOf(headers);
    }

    /** What API Gateway answers when the function fails or returns something it cannot map. */
    static HttpApiResponse internalServerError() {
        return new HttpApiResponse(500, List.of(Map.entry("content-type", "application/json")), INTERNAL_SERVER_ERROR);
    }
}
