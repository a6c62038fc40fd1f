package dev.kindling.runtime.internal;

import java.util.List;

/**
 * The result of one batch: the item identifiers Lambda must retry, in record order and each once,
 * and the counts and time for the summary line.
 *
 * @param skippedWithoutImage DynamoDB records that had no image for a plain payload: neither run
 *     nor reported for retry
 * @param deadLettered records moved to the dead-letter queue by Kindling
 *     ({@code deadLetterUnprocessable = true}) and not reported
 */
public record BatchOutcome(
    int records,
    int succeeded,
    int skippedWithoutImage,
    int failed,
    int skippedByDeadline,
    int skippedAfterFailure,
    int deadLettered,
    List<String> failures,
    long durationMillis) {}
