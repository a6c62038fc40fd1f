package dev.kindling.idempotency.dynamodb;

import dev.kindling.runtime.idempotency.IdempotencyRecord;
import dev.kindling.runtime.idempotency.IdempotencyRecord.Status;
import dev.kindling.runtime.idempotency.IdempotencyStore;
import dev.kindling.runtime.idempotency.IdempotencyStoreException;
import java.math.BigDecimal;
import dev.kindling.aws.LambdaClientSettings;
import dev.kindling.aws.LazyClient;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * An {@link IdempotencyStore} on a DynamoDB table in the AWS Lambda Powertools layout (Java and
 * Python defaults), so a table that Powertools functions already use keeps working:
 *
 * <table>
 *   <caption>Item attributes</caption>
 *   <tr><th>attribute</th><th>type</th><th>content</th></tr>
 *   <tr><td>{@code id}</td><td>S</td><td>partition key: the idempotency key</td></tr>
 *   <tr><td>{@code expiration}</td><td>N</td><td>epoch seconds; the table's TTL attribute</td></tr>
 *   <tr><td>{@code status}</td><td>S</td><td>{@code INPROGRESS} or {@code COMPLETED}</td></tr>
 *   <tr><td>{@code in_progress_expiration}</td><td>N</td><td>epoch milliseconds an INPROGRESS claim lasts</td></tr>
 *   <tr><td>{@code data}</td><td>S</td><td>the stored result as JSON; absent when there is none</td></tr>
 *   <tr><td>{@code validation}</td><td>S</td><td>hash of the payload; absent without payload validation</td></tr>
 *   <tr><td>{@code claim_token}</td><td>S</td><td>Kindling's fence: unique to the call that claimed the key (Powertools ignores it)</td></tr>
 * </table>
 *
 * <p>A claim is one conditional {@code PutItem} with Powertools' condition; when it fails,
 * DynamoDB returns the item that blocked it ({@code ReturnValuesOnConditionCheckFailure=ALL_OLD}),
 * so a duplicate costs one request. Completing and extending are {@code PutItem}s, releasing is a
 * {@code DeleteItem}, each conditional on the item still carrying the caller's claim token: a
 * call whose claim expired and was taken by another invocation changes nothing. Every SDK or
 * service failure becomes an {@link IdempotencyStoreException}. The table needs {@code PutItem},
 * {@code GetItem} and {@code DeleteItem}.
 *
 * <p>The DynamoDB client is built on first use, once, on the JDK's {@code HttpURLConnection}
 * with timeouts short enough for a Lambda invocation; each call is further bounded by the time
 * the guard gives it (what remains of the invocation). Thread-safe.
 */
public final class DynamoDbIdempotencyStore implements IdempotencyStore, AutoCloseable {
  /** Environment variable naming the table; {@value #DEFAULT_TABLE} when unset. */
  public static final String TABLE_ENV = "KINDLING_IDEMPOTENCY_TABLE";
  /** Environment variable overriding the DynamoDB endpoint, e.g. {@code http://127.0.0.1:8000} for DynamoDB Local. */
  public static final String ENDPOINT_ENV = "KINDLING_IDEMPOTENCY_ENDPOINT";
  public static final String DEFAULT_TABLE = "idempotency";

  /** Partition key (S). */
  public static final String ID = "id";
  /** TTL attribute (N, epoch seconds). */
  public static final String EXPIRATION = "expiration";
  /** INPROGRESS or COMPLETED (S). */
  public static final String STATUS = "status";
  /** In-progress claim expiry (N, epoch milliseconds); Powertools' default attribute name. */
  public static final String IN_PROGRESS_EXPIRATION = "in_progress_expiration";
  /** Stored result as JSON (S). */
  public static final String DATA = "data";
  /** Payload hash (S). */
  public static final String VALIDATION = "validation";
  /** The claim's fence (S): unique to the call that claimed the key. */
  public static final String CLAIM_TOKEN = "claim_token";

  /** Powertools' claim condition (Java and Python), verbatim apart from the value names. */
  static final String CLAIM_CONDITION =
      "attribute_not_exists(#id) OR #expiry < :now"
          + " OR (#status = :inprogress AND attribute_exists(#in_progress_expiry)"
          + " AND #in_progress_expiry < :now_in_millis)";

  private static final Map<String, String> CLAIM_NAMES =
      Map.of(
          "#id", ID,
          "#expiry", EXPIRATION,
          "#status", STATUS,
          "#in_progress_expiry", IN_PROGRESS_EXPIRATION);
  /** Complete and release: the item is still the caller's claim. */
  static final String HELD_CONDITION = "#token = :token";
  /** Extend: still the caller's claim, and still in progress. */
  static final String HELD_IN_PROGRESS_CONDITION = "#token = :token AND #status = :inprogress";

  private static final AttributeValue INPROGRESS = AttributeValue.fromS(Status.INPROGRESS.name());
  private static final int MAX_CLAIM_ATTEMPTS = 3;

  private final String table;
  private final Builder settings;
  private final LazyClient<DynamoDbClient> client;

  /** A store configured from the environment ({@value #TABLE_ENV}, {@value #ENDPOINT_ENV}, {@code AWS_REGION}). */
  public static DynamoDbIdempotencyStore fromEnvironment() {
    Builder builder = builder().endpointFromEnvironment(ENDPOINT_ENV);
    String table = LambdaClientSettings.environment(TABLE_ENV);
    if (table != null) {
      builder.tableName(table);
    }
    return builder.build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * A store on a client the caller built and owns (this store never closes it).
   *
   * @param client configured with region, credentials and HTTP client
   * @param tableName the idempotency table
   */
  public DynamoDbIdempotencyStore(DynamoDbClient client, String tableName) {
    this.client = LazyClient.given(client);
    this.table = requireTable(tableName);
    this.settings = null;
  }

  private DynamoDbIdempotencyStore(Builder settings) {
    this.table = requireTable(settings.tableName);
    this.settings = settings.copy();
    this.client = LazyClient.built(this.settings::buildClient);
  }

  /** The table this store writes. */
  public String tableName() {
    return table;
  }

  @Override
  public Optional<IdempotencyRecord> claim(IdempotencyRecord claim, long nowMillis, Duration timeout) {
    Objects.requireNonNull(claim, "claim");
    // One bound for every attempt and read: together they take no longer than the caller allows.
    long until = LambdaClientSettings.deadline(timeout);
    PutItemRequest request =
        PutItemRequest.builder()
            .tableName(table)
            .item(toItem(claim))
            .conditionExpression(CLAIM_CONDITION)
            .expressionAttributeNames(CLAIM_NAMES)
            .expressionAttributeValues(
                Map.of(
                    ":now", AttributeValue.fromN(Long.toString(Math.floorDiv(nowMillis, 1000L))),
                    ":now_in_millis", AttributeValue.fromN(Long.toString(nowMillis)),
                    ":inprogress", INPROGRESS))
            .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
            .build();
    for (int attempt = 1; attempt <= MAX_CLAIM_ATTEMPTS; attempt++) {
      Map<String, AttributeValue> existing;
      try {
        AwsRequestOverrideConfiguration bound =
            attempt == 1 ? bounded("claim", claim.id(), timeout) : bounded("claim", claim.id(), until);
        client().putItem(request.toBuilder().overrideConfiguration(bound).build());
        return Optional.empty();
      } catch (ConditionalCheckFailedException e) {
        existing = e.hasItem() && !e.item().isEmpty() ? e.item() : null;
      } catch (RuntimeException e) {
        throw failure("claim", claim.id(), e);
      }
      if (existing == null) {
        // The service did not return the blocking item: read it (consistently) instead.
        existing = read(claim.id(), until);
      }
      if (existing != null) {
        return Optional.of(toRecord(existing));
      }
      // The blocking item was deleted between the put and the read: claim again.
    }
    throw new IdempotencyStoreException(
        "DynamoDB idempotency store: the item '" + claim.id() + "' in table '" + table
            + "' kept changing during " + MAX_CLAIM_ATTEMPTS + " claim attempts",
        null);
  }

  @Override
  public boolean extend(IdempotencyRecord claim, Duration timeout) {
    Objects.requireNonNull(claim, "claim");
    return putIfHeld("extend", claim, HELD_IN_PROGRESS_CONDITION, timeout);
  }

  @Override
  public boolean complete(IdempotencyRecord completed, Duration timeout) {
    Objects.requireNonNull(completed, "completed");
    return putIfHeld("complete", completed, HELD_CONDITION, timeout);
  }

  @Override
  public boolean release(IdempotencyRecord claim, Duration timeout) {
    Objects.requireNonNull(claim, "claim");
    DeleteItemRequest request =
        DeleteItemRequest.builder()
            .overrideConfiguration(bounded("release", claim.id(), timeout))
            .tableName(table)
            .key(key(claim.id()))
            .conditionExpression(HELD_CONDITION)
            .expressionAttributeNames(Map.of("#token", CLAIM_TOKEN))
            .expressionAttributeValues(Map.of(":token", token(claim)))
            .build();
    try {
      client().deleteItem(request);
      return true;
    } catch (ConditionalCheckFailedException e) {
      return false;
    } catch (RuntimeException e) {
      throw failure("release", claim.id(), e);
    }
  }

  /** Writes {@code record} over the caller's claim if the item still carries its token. */
  private boolean putIfHeld(String operation, IdempotencyRecord record, String condition, Duration timeout) {
    Map<String, String> names = new HashMap<>(Map.of("#token", CLAIM_TOKEN));
    Map<String, AttributeValue> values = new HashMap<>(Map.of(":token", token(record)));
    if (condition.equals(HELD_IN_PROGRESS_CONDITION)) {
      names.put("#status", STATUS);
      values.put(":inprogress", INPROGRESS);
    }
    PutItemRequest request =
        PutItemRequest.builder()
            .overrideConfiguration(bounded(operation, record.id(), timeout))
            .tableName(table)
            .item(toItem(record))
            .conditionExpression(condition)
            .expressionAttributeNames(names)
            .expressionAttributeValues(values)
            .build();
    try {
      client().putItem(request);
      return true;
    } catch (ConditionalCheckFailedException e) {
      return false;
    } catch (RuntimeException e) {
      throw failure(operation, record.id(), e);
    }
  }

  private static AttributeValue token(IdempotencyRecord record) {
    if (record.claimToken() == null) {
      throw new IllegalArgumentException("The record '" + record.id() + "' has no claim token: only a claim can be completed, extended or released");
    }
    return AttributeValue.fromS(record.claimToken());
  }

  /** The request's time bound: the client's own timeouts, shortened to what the invocation has left. */
  private AwsRequestOverrideConfiguration bounded(String operation, String id, Duration timeout) {
    try {
      return LambdaClientSettings.bounded(settings, timeout);
    } catch (IllegalArgumentException e) {
      throw noTimeLeft(operation, id, e);
    }
  }

  /** The same, with what is left until {@code until} ({@link LambdaClientSettings#deadline}). */
  private AwsRequestOverrideConfiguration bounded(String operation, String id, long until) {
    try {
      return LambdaClientSettings.boundedUntil(settings, until);
    } catch (IllegalArgumentException e) {
      throw noTimeLeft(operation, id, e);
    }
  }

  private IdempotencyStoreException noTimeLeft(String operation, String id, IllegalArgumentException e) {
    return new IdempotencyStoreException(
        "DynamoDB idempotency store could not " + operation + " '" + id + "' in table '" + table + "': "
            + e.getMessage(),
        null);
  }

  /** Closes the DynamoDB client if this store built it. */
  @Override
  public void close() {
    client.close();
  }

  @Override
  public String toString() {
    return "DynamoDbIdempotencyStore[table=" + table + "]";
  }

  private Map<String, AttributeValue> read(String id, long until) {
    try {
      GetItemResponse response =
          client().getItem(
              GetItemRequest.builder()
                  .overrideConfiguration(bounded("read", id, until))
                  .tableName(table)
                  .key(key(id))
                  .consistentRead(true)
                  .build());
      return response.hasItem() && !response.item().isEmpty() ? response.item() : null;
    } catch (RuntimeException e) {
      throw failure("read", id, e);
    }
  }

  private static Map<String, AttributeValue> key(String id) {
    return Map.of(ID, AttributeValue.fromS(id));
  }

  static Map<String, AttributeValue> toItem(IdempotencyRecord record) {
    Objects.requireNonNull(record.id(), "record id");
    Objects.requireNonNull(record.status(), "record status");
    Map<String, AttributeValue> item = new HashMap<>(8);
    item.put(ID, AttributeValue.fromS(record.id()));
    item.put(STATUS, AttributeValue.fromS(record.status().name()));
    item.put(EXPIRATION, AttributeValue.fromN(Long.toString(record.expiration())));
    if (record.inProgressExpiry() > 0) {
      item.put(IN_PROGRESS_EXPIRATION, AttributeValue.fromN(Long.toString(record.inProgressExpiry())));
    }
    if (record.data() != null) {
      item.put(DATA, AttributeValue.fromS(record.data()));
    }
    if (record.validation() != null) {
      item.put(VALIDATION, AttributeValue.fromS(record.validation()));
    }
    if (record.claimToken() != null) {
      item.put(CLAIM_TOKEN, AttributeValue.fromS(record.claimToken()));
    }
    return item;
  }

  IdempotencyRecord toRecord(Map<String, AttributeValue> item) {
    String id = string(item, ID);
    String status = string(item, STATUS);
    if (id == null || status == null || item.get(EXPIRATION) == null) {
      throw malformed(item, "it lacks '" + ID + "', '" + STATUS + "' or '" + EXPIRATION + "'");
    }
    Status parsed;
    try {
      parsed = Status.valueOf(status);
    } catch (IllegalArgumentException e) {
      throw malformed(item, "unknown status '" + status + "'");
    }
    return new IdempotencyRecord(
        id,
        parsed,
        number(item, EXPIRATION),
        item.get(IN_PROGRESS_EXPIRATION) == null ? 0 : number(item, IN_PROGRESS_EXPIRATION),
        string(item, DATA),
        string(item, VALIDATION),
        string(item, CLAIM_TOKEN));
  }

  private static String string(Map<String, AttributeValue> item, String name) {
    AttributeValue value = item.get(name);
    return value == null ? null : value.s();
  }

  private long number(Map<String, AttributeValue> item, String name) {
    AttributeValue value = item.get(name);
    if (value == null || value.n() == null) {
      throw malformed(item, "'" + name + "' is not a number");
    }
    try {
      // Powertools writes integers; tolerate a decimal form such as "1700000000.0".
      return new BigDecimal(value.n()).longValue();
    } catch (NumberFormatException e) {
      throw malformed(item, "'" + name + "' is not a number: " + value.n());
    }
  }

  private IdempotencyStoreException malformed(Map<String, AttributeValue> item, String problem) {
    AttributeValue id = item.get(ID);
    return new IdempotencyStoreException(
        "DynamoDB idempotency store: the item '" + (id == null ? "?" : id.s()) + "' in table '" + table
            + "' is not an idempotency record: " + problem,
        null);
  }

  private IdempotencyStoreException failure(String operation, String id, RuntimeException e) {
    if (e instanceof IdempotencyStoreException already) {
      return already;
    }
    String prefix = "DynamoDB idempotency store could not " + operation + " '" + id + "' in table '" + table + "': ";
    String reason;
    if (e instanceof ResourceNotFoundException) {
      reason = "the table does not exist in this account and region (set " + TABLE_ENV + " to the table's name)";
    } else if (e instanceof AwsServiceException service && service.isThrottlingException()) {
      reason = "throttled by DynamoDB (" + service.awsErrorDetails().errorCode() + ")";
    } else if (e instanceof AwsServiceException service) {
      reason =
          "DynamoDB answered " + service.statusCode() + " "
              + (service.awsErrorDetails() == null ? "" : service.awsErrorDetails().errorCode() + " ")
              + "- " + service.getMessage();
    } else if (e instanceof SdkClientException) {
      reason = "DynamoDB could not be reached - " + e.getMessage();
    } else {
      reason = e.toString();
    }
    return new IdempotencyStoreException(prefix + reason, e);
  }

  private DynamoDbClient client() {
    return client.get();
  }

  private static String requireTable(String tableName) {
    if (tableName == null || tableName.isBlank()) {
      throw new IllegalArgumentException("The idempotency table name is empty");
    }
    return tableName;
  }

  /**
   * Settings of a store that builds its own client. Defaults suit a Lambda function: the endpoint,
   * region, credentials, timeouts and retries are those of every Kindling AWS client
   * ({@link LambdaClientSettings}).
   */
  public static final class Builder extends LambdaClientSettings<Builder> {
    private String tableName = DEFAULT_TABLE;

    private Builder() {}

    @Override
    protected Builder self() {
      return this;
    }

    /** The table; default {@value DynamoDbIdempotencyStore#DEFAULT_TABLE}. */
    public Builder tableName(String tableName) {
      this.tableName = tableName;
      return this;
    }

    /** The store; its client is built on first use. */
    public DynamoDbIdempotencyStore build() {
      return new DynamoDbIdempotencyStore(this);
    }

    private Builder copy() {
      Builder copy = new Builder();
      copyTo(copy);
      copy.tableName = tableName;
      return copy;
    }

    private DynamoDbClient buildClient() {
      try {
        return buildClient(DynamoDbClient.builder(), ENDPOINT_ENV);
      } catch (RuntimeException e) {
        throw new IdempotencyStoreException(
            "DynamoDB idempotency store: cannot create the DynamoDB client: " + e.getMessage(), e);
      }
    }
  }
}
