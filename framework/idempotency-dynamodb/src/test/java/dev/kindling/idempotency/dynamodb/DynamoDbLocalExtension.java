package dev.kindling.idempotency.dynamodb;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Runs DynamoDB Local 2.6.1 in-process (in memory) once per test class and creates the
 * idempotency table with TTL on {@code expiration}, as the README's template does.
 *
 * <pre>
 * &#64;RegisterExtension static final DynamoDbLocalExtension DYNAMO = new DynamoDbLocalExtension();
 * </pre>
 */
public final class DynamoDbLocalExtension implements BeforeAllCallback, AfterAllCallback {
  public static final AwsCredentialsProvider FAKE_CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("kindling", "local"));

  private final String table;
  private DynamoDBProxyServer server;
  private int port;
  private DynamoDbClient client;

  public DynamoDbLocalExtension() {
    this(DynamoDbIdempotencyStore.DEFAULT_TABLE);
  }

  public DynamoDbLocalExtension(String table) {
    this.table = table;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    start();
    client = lowLevelClient().build();
    createTable(client, table);
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (client != null) {
      client.close();
    }
    stop();
  }

  /** Stops DynamoDB Local early (store-down tests); {@link #afterAll} then does nothing more. */
  public void stop() throws Exception {
    if (server != null) {
      server.stop();
      server = null;
    }
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  public String table() {
    return table;
  }

  /** A low-level client on DynamoDB Local, to read and write raw items. */
  public DynamoDbClient client() {
    return client;
  }

  /** A client builder on DynamoDB Local, for tests that add interceptors. */
  public software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder lowLevelClient() {
    return DynamoDbClient.builder()
        .endpointOverride(endpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(FAKE_CREDENTIALS)
        .httpClient(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(1)).build());
  }

  /** A store builder on this DynamoDB Local and table. */
  public DynamoDbIdempotencyStore.Builder storeBuilder() {
    return DynamoDbIdempotencyStore.builder()
        .tableName(table)
        .endpoint(endpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(FAKE_CREDENTIALS);
  }

  /** The raw item under {@code id} (consistent read), or {@code null}. */
  public Map<String, AttributeValue> item(String id) {
    var response =
        client.getItem(b -> b.tableName(table).key(Map.of("id", AttributeValue.fromS(id))).consistentRead(true));
    return response.hasItem() && !response.item().isEmpty() ? response.item() : null;
  }

  public void putItem(Map<String, AttributeValue> item) {
    client.putItem(b -> b.tableName(table).item(item));
  }

  /** Creates a table in the Powertools layout: partition key {@code id} (S), TTL on {@code expiration}. */
  public static void createTable(DynamoDbClient client, String table) {
    client.createTable(
        b ->
            b.tableName(table)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                    AttributeDefinition.builder().attributeName("id").attributeType(ScalarAttributeType.S).build())
                .keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build()));
    client.waiter().waitUntilTableExists(b -> b.tableName(table));
    client.updateTimeToLive(
        b -> b.tableName(table).timeToLiveSpecification(t -> t.attributeName("expiration").enabled(true)));
  }

  private void start() throws Exception {
    Exception last = null;
    for (int attempt = 0; attempt < 5; attempt++) {
      int candidate = freePort();
      try {
        DynamoDBProxyServer started =
            ServerRunner.createServerFromCommandLineArgs(
                new String[] {"-inMemory", "-port", String.valueOf(candidate), "-disableTelemetry"});
        started.start();
        server = started;
        port = candidate;
        return;
      } catch (Exception e) {
        // Another process took the port between the probe and the bind: try another one.
        last = e;
      }
    }
    throw new IllegalStateException("DynamoDB Local did not start", last);
  }

  /** A port nothing listens on right now. */
  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }
}
