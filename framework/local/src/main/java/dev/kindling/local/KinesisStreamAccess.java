package dev.kindling.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ExpiredIteratorException;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * Reads a Kinesis stream and turns its records into the records of Lambda's Kinesis event: {@code kinesis
 * {kinesisSchemaVersion "1.0", partitionKey, sequenceNumber, data (base64), approximateArrivalTimestamp (epoch
 * seconds with milliseconds)}, eventSource "aws:kinesis", eventVersion "1.0", eventID "<shardId>:<sequenceNumber>",
 * eventName "aws:kinesis:record", invokeIdentityArn, awsRegion, eventSourceARN}.
 */
final class KinesisStreamAccess implements StreamAccess {

    /** Kinesis returns at most 10000 records per {@code GetRecords}. */
    private static final int MAX_RECORDS_PER_READ = 10_000;

    private final KinesisClient kinesis;
    private final String streamName;
    private final String streamArn;
    private final String region;
    private final String invokeIdentityArn;
    private final ObjectMapper json;

    KinesisStreamAccess(KinesisClient kinesis, String streamName, String region, String invokeIdentityArn,
                        ObjectMapper json) {
        this.kinesis = kinesis;
        this.streamName = streamName;
        this.streamArn = KinesisStreams.arnOf(kinesis, streamName);
        this.region = region;
        this.invokeIdentityArn = invokeIdentityArn;
        this.json = json;
    }

    @Override
    public String streamArn() {
        return streamArn;
    }

    @Override
    public String batchInfoName() {
        return "KinesisBatchInfo";
    }

    @Override
    public List<StreamShard> shards() {
        List<StreamShard> shards = new ArrayList<>();
        String nextToken = null;
        do {
            String token = nextToken;
            ListShardsResponse response = kinesis.listShards(request -> {
                if (token == null) {
                    request.streamName(streamName);
                } else {
                    request.nextToken(token);
                }
            });
            for (Shard shard : response.shards()) {
                boolean closed = shard.sequenceNumberRange() != null
                        && shard.sequenceNumberRange().endingSequenceNumber() != null;
                shards.add(new StreamShard(shard.shardId(), shard.parentShardId(), closed));
            }
            nextToken = response.nextToken();
        } while (nextToken != null);
        return shards;
    }

    @Override
    public String iterator(String shardId, StreamStartingPosition position) {
        ShardIteratorType type = position == StreamStartingPosition.LATEST
                ? ShardIteratorType.LATEST
                : ShardIteratorType.TRIM_HORIZON;
        return kinesis.getShardIterator(request -> request.streamName(streamName).shardId(shardId).shardIteratorType(type))
                .shardIterator();
    }

    @Override
    public String iteratorAfter(String shardId, String sequenceNumber) {
        return kinesis.getShardIterator(request -> request
                        .streamName(streamName)
                        .shardId(shardId)
                        .shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER)
                        .startingSequenceNumber(sequenceNumber))
                .shardIterator();
    }

    @Override
    public ShardPage read(String shardId, String iterator, int limit) {
        GetRecordsResponse response;
        try {
            response = kinesis.getRecords(request -> request
                    .shardIterator(iterator)
                    .limit(Math.min(limit, MAX_RECORDS_PER_READ)));
        } catch (ExpiredIteratorException e) {
            throw new IteratorExpiredException(e);
        }
        List<ShardRecord> records = new ArrayList<>();
        for (Record record : response.records()) {
            Instant arrival = record.approximateArrivalTimestamp() != null
                    ? record.approximateArrivalTimestamp()
                    : Instant.now();
            records.add(new ShardRecord(record.sequenceNumber(), arrival, eventRecord(shardId, record, arrival)));
        }
        Long behind = response.millisBehindLatest();
        return new ShardPage(records, response.nextShardIterator(), behind == null || behind == 0);
    }

    private ObjectNode eventRecord(String shardId, Record record, Instant arrival) {
        ObjectNode event = json.createObjectNode();
        ObjectNode kinesisRecord = event.putObject("kinesis");
        kinesisRecord.put("kinesisSchemaVersion", "1.0");
        kinesisRecord.put("partitionKey", record.partitionKey());
        kinesisRecord.put("sequenceNumber", record.sequenceNumber());
        kinesisRecord.put("data", Base64.getEncoder().encodeToString(record.data().asByteArray()));
        kinesisRecord.put("approximateArrivalTimestamp", BigDecimal.valueOf(arrival.toEpochMilli(), 3));
        event.put("eventSource", "aws:kinesis");
        event.put("eventVersion", "1.0");
        event.put("eventID", shardId + ":" + record.sequenceNumber());
        event.put("eventName", "aws:kinesis:record");
        event.put("invokeIdentityArn", invokeIdentityArn);
        event.put("awsRegion", region);
        event.put("eventSourceARN", streamArn);
        return event;
    }
}
