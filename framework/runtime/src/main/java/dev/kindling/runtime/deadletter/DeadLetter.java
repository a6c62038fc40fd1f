package dev.kindling.runtime.deadletter;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An SQS record on its way to the dead-letter queue: what the new message carries (the body, the
 * message attributes, the message group) and why it is sent.
 *
 * @param sourceQueueArn the queue the record came from ({@code eventSourceARN})
 * @param messageId the record's messageId; a FIFO dead-letter queue deduplicates on it, so a record
 *     moved twice (its invocation failed after the move) arrives once
 * @param messageGroupId the FIFO message group, or {@code null} on a standard queue
 * @param body the body as received
 * @param messageAttributes the message attributes as received, in the event's order
 * @param reason why the record is moved
 */
public record DeadLetter(
    String sourceQueueArn,
    String messageId,
    String messageGroupId,
    String body,
    Map<String, MessageAttribute> messageAttributes,
    Reason reason) {

  public DeadLetter {
    Objects.requireNonNull(sourceQueueArn, "sourceQueueArn");
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(reason, "reason");
    messageAttributes =
        messageAttributes == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(messageAttributes));
  }

  /** Why Kindling moves a record instead of letting SQS retry it. */
  public enum Reason {
    /** The body is not JSON, does not bind to the payload type, or fails {@code @Valid}. */
    INVALID_INPUT,
    /** The {@code @Idempotent} key is missing from the payload. */
    IDEMPOTENCY_KEY_MISSING,
    /** The {@code @Idempotent} key was used before with a different payload. */
    IDEMPOTENCY_PAYLOAD_MISMATCH,
    /**
     * FIFO only: the record failed on its last receive ({@code maxReceiveCount}); SQS would move it
     * next, and the records of its group held back with it.
     */
    LAST_RECEIVE_FAILED
  }

  /**
   * One message attribute as Lambda delivered it: a string value for {@code String} and
   * {@code Number} types, bytes for {@code Binary} types (custom suffixes such as
   * {@code Binary.gzip} included).
   *
   * @param binaryValue the decoded bytes, or {@code null}
   */
  public record MessageAttribute(String dataType, String stringValue, byte[] binaryValue) {
    public MessageAttribute {
      Objects.requireNonNull(dataType, "dataType");
    }
  }
}
