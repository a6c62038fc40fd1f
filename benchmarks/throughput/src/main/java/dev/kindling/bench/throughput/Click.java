package dev.kindling.bench.throughput;

import jakarta.validation.constraints.NotBlank;

/** A Kinesis record's data. */
public record Click(@NotBlank String userId, @NotBlank String page) {}
