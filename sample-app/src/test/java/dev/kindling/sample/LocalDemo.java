package dev.kindling.sample;

import dev.kindling.local.ElasticMqServer;
import dev.kindling.local.HttpFrontDoor;
import dev.kindling.local.InvocationResult;
import dev.kindling.local.LocalFunction;
import dev.kindling.local.QueueWithDeadLetterQueue;
import dev.kindling.local.SqsEventSource;
import dev.kindling.local.SqsQueues;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * Runs the order service on this machine the way Lambda would: each function in its own JVM
 * through the AWS runtime interface client, HTTP through an API Gateway-style front door, and the
 * charge queue through an SQS event source on embedded ElasticMQ with a dead-letter queue.
 *
 * <p>Prints each demo request with its response, then exits; with {@code -Dkindling.serve=true}
 * it stays up serving HTTP on localhost until stopped.
 */
public final class LocalDemo {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private LocalDemo() {}

  public static void main(String[] args) throws Exception {
    boolean serve = Boolean.getBoolean("kindling.serve");
    List<java.nio.file.Path> classpath = LambdaClasspath.entries();
    try (ElasticMqServer sqsServer = ElasticMqServer.start();
        SqsClient sqs = sqsServer.newClient();
        LocalFunction api = function("OrderApi_HttpHandler", "orders-api", classpath);
        LocalFunction charger = function("OrderCharging_ChargeSqsHandler", "charge-orders", classpath);
        LocalFunction quote = function("QuoteFunction_QuoteFunctionHandler", "quote", classpath);
        HttpFrontDoor door = HttpFrontDoor.start(api, Integer.getInteger("kindling.port", 0))) {

      heading("1. HTTP: POST /orders through the front door (API Gateway HTTP API v2 events)");
      String key = UUID.randomUUID().toString();
      String order = "{\"customerId\":\"c-42\",\"lines\":[{\"sku\":\"BOOK-1\",\"quantity\":2,\"unitPrice\":12.50}]}";
      HttpResponse<String> created = send(door, "POST", "/orders", order, key);
      String id = created.body().replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");

      heading("2. Idempotent replay: the same request with the same Idempotency-Key");
      send(door, "POST", "/orders", order, key);

      heading("3. Reads and client errors as problem+json");
      send(door, "GET", "/orders/" + id, null, null);
      send(door, "GET", "/orders/ord-404", null, null);
      send(door, "POST", "/orders", "{\"customerId\":\"\",\"lines\":[]}", UUID.randomUUID().toString());
      send(door, "POST", "/orders", "{\"customerId\": ", UUID.randomUUID().toString());
      send(door, "DELETE", "/orders/" + id, null, null);

      heading("4. Direct invoke: QuoteFunction_QuoteFunctionHandler");
      String quoteEvent = "{\"lines\":[{\"sku\":\"BOOK-1\",\"quantity\":3,\"unitPrice\":10.00}]}";
      InvocationResult quoted = quote.invoke(quoteEvent);
      System.out.println("  event:    " + quoteEvent);
      System.out.println("  response: " + quoted.payload()
          + String.format("  (cold start %d ms)", quoted.spawnToResponseNanos() / 1_000_000));

      heading("5. SQS: a batch with a partial failure, a retry and a dead-letter redrive");
      QueueWithDeadLetterQueue queue =
          SqsQueues.createWithDeadLetterQueue(sqs, "charge-orders", 3, Duration.ofSeconds(1));
      List<String> bodies = List.of(
          charge("ord-1", "c-1", "25.00"),
          charge("ord-2", "flaky-c-2", "10.00"),
          charge("ord-3", "c-3", "-5.00"),
          "{\"orderId\": \"ord-4\", broken json",
          charge("ord-5", "c-5", "7.50"),
          charge("ord-1", "c-1", "25.00"));
      System.out.println("  sending 6 messages to charge-orders (maxReceiveCount 3):");
      System.out.println("    ord-1 good | ord-2 provider times out once | ord-3 negative amount (poison)");
      System.out.println("    ord-4 malformed JSON (poison) | ord-5 good | ord-1 again (duplicate delivery)");
      List<SendMessageBatchRequestEntry> entries = new java.util.ArrayList<>();
      for (int i = 0; i < bodies.size(); i++) {
        entries.add(SendMessageBatchRequestEntry.builder().id("m" + i).messageBody(bodies.get(i)).build());
      }
      sqs.sendMessageBatch(b -> b.queueUrl(queue.queueUrl()).entries(entries));
      try (SqsEventSource source = SqsEventSource.builder(sqs, queue.queueUrl(), charger).batchSize(10).start()) {
        if (!source.awaitIdle(Duration.ofMinutes(2))) {
          throw new IllegalStateException("The charge queue did not drain; see the function log above");
        }
        System.out.println("  event source: " + source.stats());
      }
      List<Message> dead = sqs.receiveMessage(r -> r.queueUrl(queue.deadLetterQueueUrl())
          .maxNumberOfMessages(10).waitTimeSeconds(1).messageSystemAttributeNamesWithStrings("ApproximateReceiveCount")).messages();
      System.out.println("  dead-letter queue now holds " + dead.size() + " message(s):");
      for (Message message : dead) {
        System.out.println("    " + message.body());
      }
      String left = sqs.getQueueAttributes(r -> r.queueUrl(queue.queueUrl())
          .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
          .attributesAsStrings().toString();
      System.out.println("  charge-orders queue: " + left);
      System.out.println("  (see the charge-orders log lines above: ord-1, ord-2 and ord-5 are charged once each)");

      if (serve) {
        heading("Serving " + door.uri() + " — try: curl -s " + door.uri() + "orders/" + id + "  (Ctrl-C stops)");
        new CountDownLatch(1).await();
      }
      heading("Done. Run with -Dkindling.serve=true to keep the HTTP API up.");
    }
  }

  private static LocalFunction function(String entry, String name, List<java.nio.file.Path> classpath) {
    return LocalFunction.builder("dev.kindling.sample." + entry + "::handleRequest")
        .functionName(name)
        .classpath(classpath)
        .logSink(line -> System.out.println("    [" + name + "] " + line))
        .build();
  }

  private static String charge(String orderId, String customerId, String amount) {
    return "{\"orderId\":\"" + orderId + "\",\"customerId\":\"" + customerId + "\",\"amount\":" + amount + "}";
  }

  private static HttpResponse<String> send(HttpFrontDoor door, String method, String path, String body, String key)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(door.uri().toString().replaceAll("/$", "") + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .header("content-type", "application/json");
    if (key != null) {
      request.header("Idempotency-Key", key);
    }
    HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    System.out.println("  > " + method + " " + path + (key != null ? "  Idempotency-Key: " + key.substring(0, 8) + "…" : "")
        + (body != null ? "  " + body : ""));
    StringBuilder headers = new StringBuilder();
    response.headers().firstValue("content-type").ifPresent(v -> headers.append("content-type: ").append(v));
    response.headers().firstValue("allow").ifPresent(v -> headers.append("  allow: ").append(v));
    response.headers().firstValue("idempotent-replayed").ifPresent(v -> headers.append("  idempotent-replayed: ").append(v));
    System.out.println("  < " + response.statusCode() + "  " + headers);
    System.out.println("    " + response.body());
    return response;
  }

  private static void heading(String text) {
    System.out.println();
    System.out.println("== " + text);
  }
}
