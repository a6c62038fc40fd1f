package dev.kindling.local;

import java.util.List;

/**
 * The result of one read from a shard.
 *
 * @param records      the records, in shard order
 * @param nextIterator where to read next; {@code null} once a closed shard has been read to its end
 * @param caughtUp     whether the read reached the shard's current end (Kinesis says so with
 *                     {@code MillisBehindLatest}); an empty page that is not caught up means "read again at once"
 */
record ShardPage(List<ShardRecord> records, String nextIterator, boolean caughtUp) {

    ShardPage {
        records = List.copyOf(records);
    }
}
