package dev.kindling.local;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * One record read from a shard, already in the shape of an event record, so that every delivery (and every retry)
 * of it sends exactly the same JSON.
 *
 * @param sequenceNumber     the record's sequence number, the {@code itemIdentifier} of a reported failure
 * @param approximateArrival when the stream received the record
 * @param eventRecord        the element of the event's {@code Records} array
 */
record ShardRecord(String sequenceNumber, Instant approximateArrival, ObjectNode eventRecord) {
}
