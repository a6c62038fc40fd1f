package dev.kindling.runtime.internal;

import java.util.List;

/**
 * The result of one batch: the item identifiers Lambda must retry, in record order, and the
 * counts and time for the summary line. {@code skippedWithoutImage} counts DynamoDB records that
 * had no image for a plain payload: neither run nor reported for retry.
 */
public record BatchOutcome(
    int records,
    int succeeded,
    int skippedWithoutImage,
    int failed,
    int skippedByDeadline,
    int skippedAfterFailure,
    List<String> failures,
    long durationMillis) {}
