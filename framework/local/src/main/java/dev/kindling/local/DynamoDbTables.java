package dev.kindling.local;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/** Creates tables laid out the way a DynamoDB stream handler expects them. */
public final class DynamoDbTables {

    private DynamoDbTables() {
    }

    /**
     * Creates an on-demand table with a string partition key and a stream of new and old images
     * ({@code NEW_AND_OLD_IMAGES}), and waits until it is active.
     */
    public static TableWithStream createWithStream(DynamoDbClient dynamoDb, String tableName, String partitionKey) {
        dynamoDb.createTable(request -> request
                .tableName(tableName)
                .attributeDefinitions(AttributeDefinition.builder()
                        .attributeName(partitionKey)
                        .attributeType(ScalarAttributeType.S)
                        .build())
                .keySchema(KeySchemaElement.builder().attributeName(partitionKey).keyType(KeyType.HASH).build())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .streamSpecification(stream -> stream.streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)));
        dynamoDb.waiter().waitUntilTableExists(request -> request.tableName(tableName));
        TableDescription table = dynamoDb.describeTable(request -> request.tableName(tableName)).table();
        return new TableWithStream(tableName, table.tableArn(), table.latestStreamArn());
    }
}
