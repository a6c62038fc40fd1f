package dev.kindling.runtime.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kindling.runtime.deadletter.DeadLetter;
import dev.kindling.runtime.deadletter.DeadLetterSender;
import java.time.Duration;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code @SqsHandler(deadLetterUnprocessable = true)} adds to an SQS entry: records that can
 * never succeed, and FIFO records that fail on their last receive, are sent to the queue's
 * dead-letter queue by a {@link DeadLetterSender} and then reported as done, so their message group
 * goes on. A record whose move fails is reported failed, as without the option.
 */
public final class DeadLetters {
  private static final Logger LOG = LoggerFactory.getLogger(Batches.class);

  private final DeadLetterSender sender;
  private final int maxReceiveCount;

  DeadLetters(DeadLetterSender sender, int maxReceiveCount) {
    this.sender = sender;
    this.maxReceiveCount = maxReceiveCount;
  }

  /**
   * Looks the sender bean up with the bean context (in the background during init); generated
   * entries call this from a static field and {@link Lookup#get} from their constructor.
   *
   * @param maxReceiveCount the queue's redrive {@code maxReceiveCount}, from the annotation
   */
  public static Lookup lookup(int maxReceiveCount) {
    return new Lookup(Beans.lookupOptional(DeadLetterSender.class), maxReceiveCount);
  }

  /** Whether SQS's redrive policy would move {@code record} to the dead-letter queue at its next receive. */
  boolean isLastReceive(BatchRecord record) {
    return record.receiveCount() >= maxReceiveCount;
  }

  /**
   * Sends {@code record} to the dead-letter queue. Returns {@code true} once the queue accepted it;
   * {@code false} (logged) when it did not, or when the deadline margin leaves no time to try.
   */
  boolean move(BatchRecord record, DeadLetter.Reason reason, Deadline deadline) {
    if (!deadline.allowsAnotherRecord()) {
      LOG.atWarn()
          .addKeyValue(Batches.RECORD_ID, record.recordId())
          .log("Record {} not moved to the dead-letter queue ({}): the deadline margin is reached; reported for retry",
              record.recordId(), reason);
      return false;
    }
    try {
      DeadLetter letter = letter(record, reason);
      sender.send(letter, Duration.ofMillis(deadline.millisBeforeMargin()));
    } catch (RuntimeException | LinkageError e) {
      LOG.atError()
          .addKeyValue(Batches.RECORD_ID, record.recordId())
          .setCause(e)
          .log("Record {} could not be moved to the dead-letter queue ({}); reported for retry", record.recordId(), reason);
      return false;
    }
    LOG.atWarn()
        .addKeyValue(Batches.RECORD_ID, record.recordId())
        .log("Record {} moved to the dead-letter queue ({})", record.recordId(), reason);
    return true;
  }

  static DeadLetter letter(BatchRecord record, DeadLetter.Reason reason) {
    JsonNode raw = record.raw();
    return new DeadLetter(
        raw.path("eventSourceARN").asText(""),
        record.recordId(),
        record.groupId(),
        record.text(),
        messageAttributes(raw.path("messageAttributes")),
        reason);
  }

  /** Lambda's {@code {stringValue | binaryValue (base64), dataType}} per attribute, in the event's order. */
  private static Map<String, DeadLetter.MessageAttribute> messageAttributes(JsonNode attributes) {
    Map<String, DeadLetter.MessageAttribute> copied = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = attributes.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> attribute = it.next();
      JsonNode value = attribute.getValue();
      JsonNode text = value.get("stringValue");
      JsonNode binary = value.get("binaryValue");
      copied.put(
          attribute.getKey(),
          new DeadLetter.MessageAttribute(
              value.path("dataType").asText("String"),
              text == null || text.isNull() ? null : text.asText(),
              binary == null || binary.isNull() ? null : Base64.getDecoder().decode(binary.asText())));
    }
    return copied;
  }

  /** The sender bean being looked up during init. */
  public static final class Lookup {
    private final Beans.Lookup<Optional<DeadLetterSender>> sender;
    private final int maxReceiveCount;

    private Lookup(Beans.Lookup<Optional<DeadLetterSender>> sender, int maxReceiveCount) {
      this.sender = sender;
      this.maxReceiveCount = maxReceiveCount;
    }

    /** Waits for the bean; fails init when the application has none. */
    public DeadLetters get() {
      return new DeadLetters(
          sender.get()
              .orElseThrow(
                  () -> new IllegalStateException(
                      "@SqsHandler(deadLetterUnprocessable = true) needs a DeadLetterSender bean: add the dependency"
                          + " dev.kindling:kindling-sqs-dead-letter to the function")),
          maxReceiveCount);
    }
  }
}
