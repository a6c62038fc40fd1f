package dev.kindling.local;

/** Where a stream event-source mapping starts reading each shard that exists when it starts. */
public enum StreamStartingPosition {

    /** The oldest record still in the shard. */
    TRIM_HORIZON,

    /** Only records written after the mapping started. */
    LATEST
}
