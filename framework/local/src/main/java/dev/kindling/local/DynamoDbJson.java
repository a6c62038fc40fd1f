package dev.kindling.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Writes attribute values in DynamoDB JSON ({@code {"S":"x"}}, {@code {"N":"1"}}, ...), as stream events carry them. */
final class DynamoDbJson {

    private final ObjectMapper json;

    DynamoDbJson(ObjectMapper json) {
        this.json = json;
    }

    ObjectNode item(Map<String, AttributeValue> attributes) {
        ObjectNode item = json.createObjectNode();
        attributes.forEach((name, value) -> item.set(name, value(value)));
        return item;
    }

    ObjectNode value(AttributeValue value) {
        ObjectNode node = json.createObjectNode();
        switch (value.type()) {
            case S -> node.put("S", value.s());
            case N -> node.put("N", value.n());
            case B -> node.put("B", base64(value.b()));
            case BOOL -> node.put("BOOL", value.bool());
            case NUL -> node.put("NULL", true);
            case SS -> {
                ArrayNode strings = node.putArray("SS");
                value.ss().forEach(strings::add);
            }
            case NS -> {
                ArrayNode numbers = node.putArray("NS");
                value.ns().forEach(numbers::add);
            }
            case BS -> {
                ArrayNode binaries = node.putArray("BS");
                value.bs().forEach(binary -> binaries.add(base64(binary)));
            }
            case M -> node.set("M", item(value.m()));
            case L -> {
                ArrayNode list = node.putArray("L");
                value.l().forEach(element -> list.add(value(element)));
            }
            default -> throw new IllegalArgumentException("Unsupported attribute value: " + value);
        }
        return node;
    }

    private static String base64(SdkBytes bytes) {
        return Base64.getEncoder().encodeToString(bytes.asByteArray());
    }
}
