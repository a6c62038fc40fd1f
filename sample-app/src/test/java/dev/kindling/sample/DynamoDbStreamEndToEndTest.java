package dev.kindling.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kindling.local.DynamoDbLocalServer;
import dev.kindling.local.DynamoDbStreamEventSource;
import dev.kindling.local.DynamoDbTables;
import dev.kindling.local.LocalFunction;
import dev.kindling.local.StreamStartingPosition;
import dev.kindling.local.TableWithStream;
import dev.kindling.sample.EndToEndSupport.CapturedLog;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * The orders table's stream end to end: DynamoDB Local with a stream, the local DynamoDB Streams event-source
 * mapping, and the generated {@code OrderNotifications_OrderChangedDynamoDbStreamHandler} in a child JVM started
 * like Lambda's java17 runtime with the function's deployed class path.
 */
class DynamoDbStreamEndToEndTest {
  private static final String HANDLER =
      "dev.kindling.sample.OrderNotifications_OrderChangedDynamoDbStreamHandler::handleRequest";
  private static final Pattern NOTIFIED = Pattern.compile("Notified: (Order .*)");
  private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(60);

  private final CapturedLog logs = new CapturedLog("order-notifications");

  @Test
  void insertModifyAndRemoveNotifyInOrder() throws Exception {
    try (DynamoDbLocalServer dynamoDbLocal = DynamoDbLocalServer.start();
        DynamoDbClient dynamoDb = dynamoDbLocal.newClient();
        DynamoDbStreamsClient streams = dynamoDbLocal.newStreamsClient();
        LocalFunction function =
            LocalFunction.builder(HANDLER)
                .classpath(LambdaClasspath.entries())
                .functionName("order-notifications")
                .logSink(logs)
                .build()) {
      TableWithStream orders = DynamoDbTables.createWithStream(dynamoDb, "orders", "id");
      put(dynamoDb, new OrderRecord("ord-1", "c-1", "NEW", new java.math.BigDecimal("25.00")));
      put(dynamoDb, new OrderRecord("ord-2", "c-2", "NEW", new java.math.BigDecimal("5.50")));
      put(dynamoDb, new OrderRecord("ord-1", "c-1", "CHARGED", new java.math.BigDecimal("25.00")));
      dynamoDb.updateItem(
          request ->
              request
                  .tableName("orders")
                  .key(Map.of("id", AttributeValue.fromS("ord-2")))
                  .updateExpression("SET #s = :s")
                  .expressionAttributeNames(Map.of("#s", "status"))
                  .expressionAttributeValues(Map.of(":s", AttributeValue.fromS("CANCELLED"))));
      dynamoDb.deleteItem(
          request -> request.tableName("orders").key(Map.of("id", AttributeValue.fromS("ord-2"))));

      try (DynamoDbStreamEventSource source =
          DynamoDbStreamEventSource.builder(streams, orders.streamArn(), function)
              .startingPosition(StreamStartingPosition.TRIM_HORIZON)
              .batchSize(100)
              .maxRetryAttempts(3)
              .bisectBatchOnFunctionError(true)
              .pollInterval(Duration.ofMillis(100))
              .start()) {
        assertThat(source.awaitIdle(DRAIN_TIMEOUT)).isTrue();
        // A change made while the mapping runs arrives too, after the earlier ones.
        put(dynamoDb, new OrderRecord("ord-3", "c-3", "NEW", new java.math.BigDecimal("1")));
        assertThat(source.awaitIdle(DRAIN_TIMEOUT)).isTrue();

        assertThat(source.discardedBatches()).isEmpty();
        assertThat(source.stats().recordsSucceeded()).isEqualTo(6);
        assertThat(source.stats().reportedFailures()).isZero();
        assertThat(source.stats().failedBatches()).isZero();
      }
    }
    // close() has waited for the runtime's last lines.
    assertThat(notifications())
        .containsExactly(
            "Order ord-1 received",
            "Order ord-2 received",
            "Order ord-1 is now CHARGED",
            "Order ord-2 is now CANCELLED",
            "Order ord-2 was deleted",
            "Order ord-3 received");
  }

  private List<String> notifications() {
    return logs.matches(NOTIFIED).stream().map(matcher -> matcher.group(1).trim()).toList();
  }

  private static void put(DynamoDbClient dynamoDb, OrderRecord order) {
    dynamoDb.putItem(
        request ->
            request
                .tableName("orders")
                .item(
                    Map.of(
                        "id", AttributeValue.fromS(order.id()),
                        "customerId", AttributeValue.fromS(order.customerId()),
                        "status", AttributeValue.fromS(order.status()),
                        "total", AttributeValue.fromN(order.total().toPlainString()))));
  }
}
