package dev.kindling.local;

/**
 * A shard as the stream describes it.
 *
 * @param shardId       the shard id
 * @param parentShardId the shard it was split from, whose records come first; {@code null} for none
 * @param closed        whether the shard has an ending sequence number (it takes no new records)
 */
record StreamShard(String shardId, String parentShardId, boolean closed) {
}
