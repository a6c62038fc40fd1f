package dev.kindling.runtime.deadletter;

import java.time.Duration;

/**
 * Moves an SQS record to its queue's dead-letter queue, for {@code @SqsHandler(deadLetterUnprocessable = true)}.
 * Adding {@code kindling-sqs-dead-letter} provides one as a bean; an application's own bean wins.
 *
 * <p>Kindling calls it for a record that can never succeed, and, on a FIFO queue, for a record that
 * failed on its last receive. Only when {@link #send} returns is the record reported as done (Lambda
 * then deletes it); when it throws, the record is reported failed as without the option, so nothing
 * is lost. Implementations must be thread-safe.
 */
public interface DeadLetterSender {
  /**
   * Sends {@code letter} to the dead-letter queue of {@link DeadLetter#sourceQueueArn()} and returns
   * once that queue has accepted it.
   *
   * @param timeout how long sending may take, retries included: the invocation's time before its
   *     deadline margin
   * @throws RuntimeException when the dead-letter queue did not accept the message, or it could not
   *     be found
   */
  void send(DeadLetter letter, Duration timeout);
}
