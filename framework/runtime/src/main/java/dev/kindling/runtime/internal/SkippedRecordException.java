package dev.kindling.runtime.internal;

/**
 * A record that has nothing for its handler to bind and is skipped on purpose: a DynamoDB stream
 * record without the image a plain payload is made from. The batch loop logs the message at INFO
 * and counts the record in the summary's {@code skipped_without_image}; it is not reported for
 * retry, because a retry would carry the same record and block the shard.
 */
final class SkippedRecordException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  SkippedRecordException(String message) {
    super(message, null, false, false);
  }
}
