package dev.kindling.local.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Answers API Gateway HTTP API (payload 2.0) events in every response shape API Gateway understands. */
public final class HttpApiHandler implements RequestStreamHandler {

    /** The bytes {@code /binary} returns: not valid UTF-8, so only a correct base64 round trip preserves them. */
    public static final byte[] BINARY_BODY = {(byte) 0x89, 'P', 'N', 'G', 0, (byte) 0xff, (byte) 0xfe};

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        JsonNode event = JSON.readTree(input);
        switch (event.path("rawPath").asText()) {
            case "/binary" -> JSON.writeValue(output, binaryResponse());
            case "/inferred" -> output.write("[\"inferred\",42]".getBytes(StandardCharsets.UTF_8));
            case "/inferred-object" -> output.write("{\"message\":\"no status code\"}".getBytes(StandardCharsets.UTF_8));
            case "/not-json" -> output.write("plain text, not JSON".getBytes(StandardCharsets.UTF_8));
            case "/fail" -> throw new IllegalStateException("front door failure");
            default -> JSON.writeValue(output, echoResponse(event));
        }
    }

    private static ObjectNode binaryResponse() {
        ObjectNode response = JSON.createObjectNode();
        response.put("statusCode", 200);
        response.putObject("headers").put("content-type", "image/png");
        response.put("isBase64Encoded", true);
        response.put("body", Base64.getEncoder().encodeToString(BINARY_BODY));
        return response;
    }

    private static ObjectNode echoResponse(JsonNode event) {
        ObjectNode response = JSON.createObjectNode();
        response.put("statusCode", 201);
        response.putObject("headers")
                .put("content-type", "application/json")
                .put("x-handled-by", "http-api-handler");
        response.putObject("multiValueHeaders").putArray("x-multi").add("one").add("two");
        response.putArray("cookies").add("session=abc; HttpOnly").add("theme=dark");
        response.put("isBase64Encoded", false);
        response.put("body", event.toString());
        return response;
    }
}
