package dev.kindling.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.model.DescribeStreamResponse;
import software.amazon.awssdk.services.dynamodb.model.ExpiredIteratorException;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Identity;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Reads a DynamoDB stream and turns its records into the records of Lambda's DynamoDB event: {@code eventID,
 * eventName, eventVersion, eventSource ("aws:dynamodb"), awsRegion, dynamodb {ApproximateCreationDateTime (epoch
 * seconds), Keys, NewImage, OldImage, SequenceNumber, SizeBytes, StreamViewType}, userIdentity} (the last only for
 * TTL deletions) and {@code eventSourceARN}, images in DynamoDB JSON.
 */
final class DynamoDbStreamAccess implements StreamAccess {

    /** DynamoDB Streams returns at most 1000 records per {@code GetRecords}. */
    private static final int MAX_RECORDS_PER_READ = 1000;
    private static final String EVENT_VERSION = "1.1";

    private final DynamoDbStreamsClient streams;
    private final String streamArn;
    private final String region;
    private final ObjectMapper json;
    private final DynamoDbJson attributes;

    DynamoDbStreamAccess(DynamoDbStreamsClient streams, String streamArn, String region, ObjectMapper json) {
        this.streams = streams;
        this.streamArn = streamArn;
        this.region = region;
        this.json = json;
        this.attributes = new DynamoDbJson(json);
    }

    @Override
    public String streamArn() {
        return streamArn;
    }

    @Override
    public String batchInfoName() {
        return "DDBStreamBatchInfo";
    }

    @Override
    public List<StreamShard> shards() {
        List<StreamShard> shards = new ArrayList<>();
        String exclusiveStart = null;
        do {
            String start = exclusiveStart;
            DescribeStreamResponse response = streams.describeStream(request -> request
                    .streamArn(streamArn)
                    .exclusiveStartShardId(start));
            for (Shard shard : response.streamDescription().shards()) {
                boolean closed = shard.sequenceNumberRange() != null
                        && shard.sequenceNumberRange().endingSequenceNumber() != null;
                shards.add(new StreamShard(shard.shardId(), shard.parentShardId(), closed));
            }
            exclusiveStart = response.streamDescription().lastEvaluatedShardId();
        } while (exclusiveStart != null);
        return shards;
    }

    @Override
    public String iterator(String shardId, StreamStartingPosition position) {
        ShardIteratorType type = position == StreamStartingPosition.LATEST
                ? ShardIteratorType.LATEST
                : ShardIteratorType.TRIM_HORIZON;
        return streams.getShardIterator(request -> request.streamArn(streamArn).shardId(shardId).shardIteratorType(type))
                .shardIterator();
    }

    @Override
    public String iteratorAfter(String shardId, String sequenceNumber) {
        return streams.getShardIterator(request -> request
                        .streamArn(streamArn)
                        .shardId(shardId)
                        .shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER)
                        .sequenceNumber(sequenceNumber))
                .shardIterator();
    }

    @Override
    public ShardPage read(String shardId, String iterator, int limit) {
        GetRecordsResponse response;
        try {
            response = streams.getRecords(request -> request
                    .shardIterator(iterator)
                    .limit(Math.min(limit, MAX_RECORDS_PER_READ)));
        } catch (ExpiredIteratorException e) {
            throw new IteratorExpiredException(e);
        }
        List<ShardRecord> records = new ArrayList<>();
        for (Record record : response.records()) {
            StreamRecord change = record.dynamodb();
            Instant created = change.approximateCreationDateTime() != null
                    ? change.approximateCreationDateTime()
                    : Instant.now();
            records.add(new ShardRecord(change.sequenceNumber(), created, eventRecord(record)));
        }
        return new ShardPage(records, response.nextShardIterator(), true);
    }

    private ObjectNode eventRecord(Record record) {
        StreamRecord change = record.dynamodb();
        ObjectNode event = json.createObjectNode();
        event.put("eventID", record.eventID());
        event.put("eventName", record.eventNameAsString());
        event.put("eventVersion", EVENT_VERSION);
        event.put("eventSource", "aws:dynamodb");
        event.put("awsRegion", region);
        ObjectNode dynamodb = event.putObject("dynamodb");
        if (change.approximateCreationDateTime() != null) {
            dynamodb.put("ApproximateCreationDateTime", change.approximateCreationDateTime().getEpochSecond());
        }
        dynamodb.set("Keys", attributes.item(change.keys()));
        if (change.hasNewImage()) {
            dynamodb.set("NewImage", attributes.item(change.newImage()));
        }
        if (change.hasOldImage()) {
            dynamodb.set("OldImage", attributes.item(change.oldImage()));
        }
        dynamodb.put("SequenceNumber", change.sequenceNumber());
        dynamodb.put("SizeBytes", change.sizeBytes());
        dynamodb.put("StreamViewType", change.streamViewTypeAsString());
        Identity identity = record.userIdentity();
        if (identity != null) {
            ObjectNode userIdentity = event.putObject("userIdentity");
            userIdentity.put("type", identity.type());
            userIdentity.put("principalId", identity.principalId());
        }
        event.put("eventSourceARN", streamArn);
        return event;
    }
}
