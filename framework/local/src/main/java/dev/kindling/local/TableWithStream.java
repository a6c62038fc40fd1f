package dev.kindling.local;

/**
 * A table and its stream.
 *
 * @param tableName the table's name
 * @param tableArn  the table's ARN
 * @param streamArn the stream's ARN, the {@code eventSourceARN} of its events
 */
public record TableWithStream(String tableName, String tableArn, String streamArn) {
}
