package dev.kindling.runtime;

import java.util.Map;

/**
 * One DynamoDB stream record with its images bound to {@code T}. Images absent from the
 * record (per the stream view type, or the old image of an INSERT) are {@code null}.
 *
 * @param eventName INSERT, MODIFY or REMOVE
 * @param keys the item's key attributes as plain values (strings, numbers, ...)
 */
public record DynamoDbChange<T>(String eventName, Map<String, Object> keys, T oldImage, T newImage) {}
