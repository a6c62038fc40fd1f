package dev.kindling.sample.documented.batches;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kindling.local.ElasticMqServer;
import dev.kindling.local.LocalFunction;
import dev.kindling.local.QueueWithDeadLetterQueue;
import dev.kindling.local.SqsEventSource;
import dev.kindling.local.SqsQueues;
import dev.kindling.sample.LambdaClasspath;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * A standard queue with a poison message whose handler throws an Error (StackOverflowError), end to end on
 * ElasticMQ through the local event-source mapping: the README says poison never fails its neighbours, and a
 * record that succeeded is not run again.
 */
class SqsErrorEndToEndTest {
  @Test
  void aStackOverflowInOneRecordDoesNotTakeItsNeighboursToTheDeadLetterQueue() throws Exception {
    List<String> log = new CopyOnWriteArrayList<>();
    List<Path> classpath = new ArrayList<>();
    classpath.add(Path.of(System.getProperty("kindling.lambdaClasspath")).resolveSibling("test-classes"));
    classpath.addAll(LambdaClasspath.entries());
    try (ElasticMqServer elasticMq = ElasticMqServer.start(); SqsClient sqs = elasticMq.newClient()) {
      QueueWithDeadLetterQueue queue = SqsQueues.createWithDeadLetterQueue(sqs, "promised-standard", 2, Duration.ofSeconds(1));
      try (LocalFunction function =
          LocalFunction.builder("dev.kindling.sample.documented.batches.DocumentedHandlers_StandardSqsHandler::handleRequest")
              .classpath(classpath)
              .functionName("promised-standard")
              .logSink(log::add)
              .build()) {
        sqs.sendMessageBatch(r -> r.queueUrl(queue.queueUrl()).entries(
            SendMessageBatchRequestEntry.builder().id("1").messageBody("{\"id\":\"e1\",\"action\":\"ok\"}").build(),
            SendMessageBatchRequestEntry.builder().id("2").messageBody("{\"id\":\"e2\",\"action\":\"overflow\"}").build(),
            SendMessageBatchRequestEntry.builder().id("3").messageBody("{\"id\":\"e3\",\"action\":\"ok\"}").build()));
        try (SqsEventSource source = SqsEventSource.builder(sqs, queue.queueUrl(), function).batchSize(10).start()) {
          assertThat(source.awaitIdle(Duration.ofSeconds(60))).isTrue();
          System.out.println("SqsErrorEndToEndTest stats: " + source.stats());
        }
      }
      List<Message> dead = sqs.receiveMessage(r -> r.queueUrl(queue.deadLetterQueueUrl()).maxNumberOfMessages(10)
          .waitTimeSeconds(1)).messages();
      long charged = log.stream().filter(line -> line.contains("\"message\":\"Handling e1\"")).count();
      System.out.println("SqsErrorEndToEndTest: handled in order " + log.stream()
          .filter(line -> line.contains("\"message\":\"Handling ")).map(line -> line.replaceAll(".*\"message\":\"Handling (e\\d)\".*", "$1")).toList());
      System.out.println("SqsErrorEndToEndTest: dead-lettered " + dead.stream().map(Message::body).toList()
          + ", e1 handled " + charged + " time(s)");
      assertThat(dead).extracting(Message::body).as("only the poison message is dead-lettered")
          .containsExactly("{\"id\":\"e2\",\"action\":\"overflow\"}");
      assertThat(charged).as("e1 succeeded; it must not run again").isEqualTo(1);
    }
  }
}
