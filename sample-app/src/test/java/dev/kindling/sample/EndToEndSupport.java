package dev.kindling.sample;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kindling.local.InvocationResult;
import dev.kindling.local.LocalFunction;
import dev.kindling.local.SqsEventSource;
import dev.kindling.test.Events;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/** Shared plumbing of the queue end-to-end tests: the child JVM's log lines and queue reads. */
final class EndToEndSupport {
  private EndToEndSupport() {}

  /**
   * Every line the function's runtime wrote (stdout and stderr merged, as CloudWatch sees them), echoed to this
   * test's output with {@code prefix}. Kindling writes JSON lines; {@link #matches} looks into their text (the
   * {@code message}, and {@code type: message} of an {@code error}) rather than the escaped JSON.
   */
  static final class CapturedLog implements Consumer<String> {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String prefix;
    private final List<String> lines = new CopyOnWriteArrayList<>();

    CapturedLog() {
      this(null);
    }

    CapturedLog(String prefix) {
      this.prefix = prefix;
    }

    @Override
    public void accept(String line) {
      lines.add(line);
      if (prefix != null) {
        System.out.println("[" + prefix + "] " + line);
      }
    }

    List<String> lines() {
      return List.copyOf(lines);
    }

    String tail(int count) {
      List<String> all = lines();
      return String.join("\n", all.subList(Math.max(0, all.size() - count), all.size()));
    }

    /** A matcher per line whose text contains {@code pattern}, in log order. */
    List<Matcher> matches(Pattern pattern) {
      List<Matcher> found = new ArrayList<>();
      for (String line : lines) {
        Matcher matcher = pattern.matcher(text(line));
        if (matcher.find()) {
          found.add(matcher);
        }
      }
      return found;
    }

    /** The message of a JSON line, then its error's type and message; any other line as it is. */
    private static String text(String line) {
      JsonNode json;
      try {
        json = JSON.readTree(line);
      } catch (JsonProcessingException e) {
        return line;
      }
      if (json == null || !json.isObject()) {
        return line;
      }
      StringBuilder text = new StringBuilder(json.path("message").asText());
      JsonNode error = json.get("error");
      if (error != null) {
        text.append('\n').append(error.path("type").asText()).append(": ").append(error.path("message").asText());
      }
      return text.toString();
    }
  }

  /**
   * Sends {@code entries} with SendMessageBatch, 10 per call, and returns the SQS message id of each
   * entry in order. Fails if SQS rejects any entry.
   */
  static List<String> sendAll(SqsClient sqs, String queueUrl, List<SendMessageBatchRequestEntry> entries) {
    List<String> messageIds = new ArrayList<>(entries.size());
    for (int start = 0; start < entries.size(); start += 10) {
      List<SendMessageBatchRequestEntry> chunk = entries.subList(start, Math.min(entries.size(), start + 10));
      SendMessageBatchResponse response = sqs.sendMessageBatch(request -> request.queueUrl(queueUrl).entries(chunk));
      if (!response.failed().isEmpty()) {
        throw new AssertionError("SQS rejected entries: " + response.failed());
      }
      Map<String, String> byEntry = new java.util.HashMap<>();
      response.successful().forEach(ok -> byEntry.put(ok.id(), ok.messageId()));
      for (SendMessageBatchRequestEntry entry : chunk) {
        String messageId = byEntry.get(entry.id());
        if (messageId == null) {
          throw new AssertionError("No result for batch entry " + entry.id());
        }
        messageIds.add(messageId);
      }
    }
    return messageIds;
  }

  /** Receives (without deleting, hidden for a minute) everything visible in the queue. */
  static List<Message> receiveAll(SqsClient sqs, String queueUrl) {
    List<Message> all = new ArrayList<>();
    List<Message> received;
    do {
      received =
          sqs.receiveMessage(
                  request ->
                      request
                          .queueUrl(queueUrl)
                          .maxNumberOfMessages(10)
                          .waitTimeSeconds(0)
                          .visibilityTimeout(60)
                          .messageSystemAttributeNames(MessageSystemAttributeName.ALL))
              .messages();
      all.addAll(received);
    } while (!received.isEmpty());
    return all;
  }

  /** The message id of the warm-up record, which fails validation and so has no side effect. */
  static final String WARM_UP_ID = "warm-up";

  /**
   * Cold-starts the function (bean context, JSON binding, validator) with one invalid record before the event
   * source starts, so init cannot outlast the 1 s visibility timeout of the first real batch. Returns the
   * runtime's process id.
   */
  static long warmUp(LocalFunction function, String fixture, CapturedLog log) {
    ObjectNode event = Events.tree(fixture);
    ArrayNode records = (ArrayNode) event.get("Records");
    ObjectNode record = (ObjectNode) records.get(0);
    records.removeAll();
    records.add(record.put("messageId", WARM_UP_ID).put("body", "{}"));
    InvocationResult result = function.invoke(Events.text(event));
    String expected = "{\"batchItemFailures\":[{\"itemIdentifier\":\"" + WARM_UP_ID + "\"}]}";
    if (!result.success() || !expected.equals(result.payload().replace(" ", ""))) {
      throw new AssertionError("Warm-up invocation: " + result + "\n" + log.tail(40));
    }
    return function.runtimePid().orElseThrow();
  }

  /** Visible, in-flight and delayed message counts of a queue. */
  static Map<QueueAttributeName, String> counts(SqsClient sqs, String queueUrl) {
    return sqs.getQueueAttributes(
            request ->
                request
                    .queueUrl(queueUrl)
                    .attributeNames(
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED))
        .attributes();
  }

  /** Waits for the mapping to drain the queue; fails with what is left and what the function last said. */
  static void awaitDrained(
      SqsEventSource source, SqsClient sqs, String queueUrl, String deadLetterQueueUrl, Duration bound, CapturedLog log)
      throws InterruptedException {
    if (!source.awaitIdle(bound)) {
      throw new AssertionError(
          "The queue was not drained within "
              + bound
              + "\nstats: "
              + source.stats()
              + "\nqueue: "
              + counts(sqs, queueUrl)
              + "\ndead-letter queue: "
              + counts(sqs, deadLetterQueueUrl)
              + "\nlast lines of the function's log:\n"
              + log.tail(60));
    }
  }

  static void closeQuietly(AutoCloseable resource) {
    if (resource == null) {
      return;
    }
    try {
      resource.close();
    } catch (Exception e) {
      System.err.println("Could not close " + resource + ": " + e);
    }
  }
}
