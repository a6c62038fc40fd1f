package dev.kindling.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kindling.runtime.DynamoDbChange;
import dev.kindling.runtime.RecordContext;
import dev.kindling.runtime.deadletter.DeadLetter;
import dev.kindling.runtime.deadletter.DeadLetterSender;
import dev.kindling.runtime.idempotency.IdempotencyException;
import dev.kindling.runtime.logging.LogCapture;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The batch loops on the queue and stream events AWS sends. */
class BatchesTest {
  record Charge(@NotBlank String orderId, @Positive BigDecimal amount) {}

  record Click(String userId, String page) {}

  record OrderItem(String id, String status, BigDecimal total, List<Map<String, Object>> lines, List<String> tags, boolean express, String note) {}

  record Reminder(String orderId, LocalDate dueDate, Optional<String> note) {}

  /** Jackson cannot create a {@code Runnable}: a mistake in the type, not in any record. */
  record Scheduled(String orderId, Runnable task) {}

  private static final ObjectReader CHARGE = Json.reader(Charge.class);
  private static final String ID = "059f36b4-87a3-44ab-83d2-66197590000";

  private final List<String> processed = Collections.synchronizedList(new ArrayList<>());

  private static byte[] bytes(JsonNode event) throws IOException {
    return Json.MAPPER.writeValueAsBytes(event);
  }

  private JsonNode response(ByteArrayOutputStream out) throws IOException {
    return Json.MAPPER.readTree(out.toByteArray());
  }

  private static List<String> failures(JsonNode response) {
    return response.get("batchItemFailures").findValuesAsText("itemIdentifier");
  }

  private void charge(BatchRecord record, RecordContext context) {
    Charge charge = BeanValidation.validate(record.bind(CHARGE));
    processed.add(charge.orderId());
  }

  @Test
  void sqsStandardReportsOnlyPoisonRecordsByMessageId() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BatchOutcome outcome =
        Batches.sqs(new ByteArrayInputStream(bytes(Fixtures.event("sqs-event.json"))), out, null, false, this::charge);
    assertThat(failures(response(out))).containsExactly(ID + "3", ID + "4");
    assertThat(processed).containsExactly("ord-1", "ord-2", "ord-5");
    assertThat(outcome.succeeded()).isEqualTo(3);
    assertThat(outcome.failed()).isEqualTo(2);
  }

  @Test
  void aMessageDeliveredTwiceInOneBatchIsReportedOnce() throws IOException {
    ObjectNode event = Fixtures.event("sqs-event.json");
    ArrayNode records = (ArrayNode) event.get("Records");
    records.add(records.get(3).deepCopy());
    records.insert(0, records.get(2).deepCopy());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BatchOutcome outcome = Batches.sqs(new ByteArrayInputStream(bytes(event)), out, null, false, this::charge);
    assertThat(failures(response(out))).containsExactly(ID + "3", ID + "4");
    assertThat(outcome.failed()).as("records that failed, each delivery counted").isEqualTo(4);
  }

  @Test
  void aBodyThatStartsWithAByteOrderMarkBindsAsAnyOther() throws IOException {
    ObjectNode event = Fixtures.event("sqs-event.json");
    ObjectNode first = (ObjectNode) event.get("Records").get(0);
    first.put("body", "\uFEFF" + first.get("body").asText());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Batches.sqs(new ByteArrayInputStream(bytes(event)), out, null, false, this::charge);
    assertThat(processed).containsExactly("ord-1", "ord-2", "ord-5");
    assertThat(failures(response(out))).containsExactly(ID + "3", ID + "4");
  }

  @Test
  void sqsRecordContextCarriesAttributes() throws IOException {
    List<RecordContext> contexts = new ArrayList<>();
    Batches.sqs(
        new ByteArrayInputStream(bytes(Fixtures.event("sqs-event.json"))),
        new ByteArrayOutputStream(), null, false, (record, context) -> contexts.add(context));
    RecordContext fifth = contexts.get(4);
    assertThat(fifth.recordId()).isEqualTo(ID + "5");
    assertThat(fifth.approximateReceiveCount()).isEqualTo(2);
    assertThat(fifth.attributes()).containsEntry("correlation_id", "corr-5").containsEntry("SenderId", "AIDAIENQZJOLO23YVJ4VO");
  }

  @Test
  void fifoFailureFailsTheRestOfItsGroupOnly() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BatchOutcome outcome =
        Batches.sqs(
            new ByteArrayInputStream(bytes(Fixtures.event("sqs-fifo-event.json"))), out, null, true,
            (record, context) -> {
              Charge charge = record.bind(CHARGE);
              if (charge.orderId().equals("a-2")) {
                throw new IllegalStateException("payment declined");
              }
              processed.add(charge.orderId());
            });
    assertThat(processed).containsExactly("a-1", "b-1", "b-2");
    assertThat(failures(response(out))).containsExactly(ID + "3", ID + "5");
    assertThat(outcome.skippedAfterFailure()).isEqualTo(1);
  }

  @Test
  void fifoPoisonIsMovedToTheDeadLetterQueueAndItsGroupGoesOn() throws IOException {
    FakeSender sender = new FakeSender();
    ObjectNode event = fifoEvent(records -> {
      ObjectNode poison = (ObjectNode) records.get(0);
      poison.put("body", "{\"orderId\": ");
      ObjectNode attributes = (ObjectNode) poison.get("messageAttributes");
      attributes.putObject("amount").put("stringValue", "12.5").put("dataType", "Number");
      attributes.putObject("signature").put("binaryValue", "AAEC/w==").put("dataType", "Binary.sig");
    });
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    BatchOutcome outcome = fifoWithDeadLetters(event, out, sender, this::charge);

    assertThat(processed).containsExactly("b-1", "a-2", "b-2", "a-3");
    assertThat(failures(response(out))).isEmpty();
    assertThat(outcome.deadLettered()).isEqualTo(1);
    assertThat(outcome.failed()).isZero();
    DeadLetter letter = sender.only();
    assertThat(letter.messageId()).isEqualTo(ID + "1");
    assertThat(letter.messageGroupId()).isEqualTo("customer-a");
    assertThat(letter.sourceQueueArn()).isEqualTo("arn:aws:sqs:us-east-1:123456789012:orders.fifo");
    assertThat(letter.body()).isEqualTo("{\"orderId\": ");
    assertThat(letter.reason()).isEqualTo(DeadLetter.Reason.INVALID_INPUT);
    assertThat(letter.messageAttributes()).containsOnlyKeys("correlation_id", "amount", "signature");
    assertThat(letter.messageAttributes().get("correlation_id"))
        .returns("String", DeadLetter.MessageAttribute::dataType)
        .returns("corr-1", DeadLetter.MessageAttribute::stringValue);
    assertThat(letter.messageAttributes().get("amount"))
        .returns("Number", DeadLetter.MessageAttribute::dataType)
        .returns("12.5", DeadLetter.MessageAttribute::stringValue);
    assertThat(letter.messageAttributes().get("signature").dataType()).isEqualTo("Binary.sig");
    assertThat(letter.messageAttributes().get("signature").binaryValue()).containsExactly(0, 1, 2, 255);
  }

  @Test
  void fifoTransientFailureBeforeTheLastReceiveHoldsItsGroupBackAsBefore() throws IOException {
    FakeSender sender = new FakeSender();
    ObjectNode event = fifoEvent(records -> receiveCount(records.get(0), MAX_RECEIVE_COUNT - 1));
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    BatchOutcome outcome = fifoWithDeadLetters(event, out, sender, failing("a-1"));

    assertThat(sender.letters).isEmpty();
    assertThat(processed).containsExactly("b-1", "b-2");
    assertThat(failures(response(out))).containsExactly(ID + "1", ID + "3", ID + "5");
    assertThat(outcome.skippedAfterFailure()).isEqualTo(2);
  }

  @Test
  void fifoFailureOnTheLastReceiveIsMovedSoTheRecordsBehindItAreProcessed() throws IOException {
    FakeSender sender = new FakeSender();
    ObjectNode event = fifoEvent(records -> {
      for (JsonNode record : records) {
        receiveCount(record, MAX_RECEIVE_COUNT);
      }
    });
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    BatchOutcome outcome = fifoWithDeadLetters(event, out, sender, failing("a-1"));

    assertThat(sender.only().reason()).isEqualTo(DeadLetter.Reason.LAST_RECEIVE_FAILED);
    assertThat(processed).containsExactly("b-1", "a-2", "b-2", "a-3");
    assertThat(failures(response(out))).isEmpty();
    assertThat(outcome.deadLettered()).isEqualTo(1);
  }

  @Test
  void aMoveThatFailsReportsTheRecordAndHoldsItsGroupBackAsBefore() throws IOException {
    FakeSender sender = new FakeSender();
    sender.refuse = true;
    ObjectNode event = fifoEvent(records -> ((ObjectNode) records.get(0)).put("body", "not json"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    BatchOutcome outcome = fifoWithDeadLetters(event, out, sender, this::charge);

    assertThat(sender.attempts).isEqualTo(1);
    assertThat(processed).containsExactly("b-1", "b-2");
    assertThat(failures(response(out))).containsExactly(ID + "1", ID + "3", ID + "5");
    assertThat(outcome.deadLettered()).isZero();
    assertThat(outcome.failed()).isEqualTo(1);
  }

  @Test
  void noMoveIsStartedOnceTheDeadlineMarginIsReached() throws IOException {
    FakeSender sender = new FakeSender();
    FakeClock clock = new FakeClock(5_000);
    ObjectNode event = fifoEvent(records -> ((ObjectNode) records.get(0)).put("body", "not json"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    Batches.sqs(
        new ByteArrayInputStream(bytes(event)), out, clock, true, new DeadLetters(sender, MAX_RECEIVE_COUNT),
        (record, context) -> {
          clock.remaining = 500;
          charge(record, context);
        });

    assertThat(sender.attempts).isZero();
    assertThat(failures(response(out))).containsExactly(ID + "1", ID + "2", ID + "3", ID + "4", ID + "5");
  }

  @Test
  void standardQueueMovesOnlyRecordsThatCanNeverSucceed() throws IOException {
    FakeSender sender = new FakeSender();
    ObjectNode event = Fixtures.event("sqs-event.json");
    for (JsonNode record : event.get("Records")) {
      receiveCount(record, MAX_RECEIVE_COUNT);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Map<String, RuntimeException> failures =
        Map.of(
            ID + "1", new IdempotencyException(IdempotencyException.Reason.IN_PROGRESS, "in progress", null),
            ID + "2", new IdempotencyException(IdempotencyException.Reason.PAYLOAD_MISMATCH, "other payload", null),
            ID + "3", new IdempotencyException(IdempotencyException.Reason.STORE_UNAVAILABLE, "store down", null),
            ID + "4", new IdempotencyException(IdempotencyException.Reason.KEY_MISSING, "no key", null),
            ID + "5", new IllegalStateException("provider timed out"));

    BatchOutcome outcome =
        Batches.sqs(
            new ByteArrayInputStream(bytes(event)), out, null, false, new DeadLetters(sender, MAX_RECEIVE_COUNT),
            (record, context) -> {
              throw failures.get(record.recordId());
            });

    assertThat(sender.letters).extracting(DeadLetter::reason)
        .containsExactly(DeadLetter.Reason.IDEMPOTENCY_PAYLOAD_MISMATCH, DeadLetter.Reason.IDEMPOTENCY_KEY_MISSING);
    assertThat(sender.letters).extracting(DeadLetter::messageGroupId).containsOnlyNulls();
    assertThat(failures(response(out))).as("in progress, store unavailable, and a failure on the last receive")
        .containsExactly(ID + "1", ID + "3", ID + "5");
    assertThat(outcome.deadLettered()).isEqualTo(2);
  }

  @Test
  void aMessageDeliveredTwiceIsMovedOnce() throws IOException {
    FakeSender sender = new FakeSender();
    ObjectNode event = Fixtures.event("sqs-event.json");
    ArrayNode records = (ArrayNode) event.get("Records");
    records.add(records.get(2).deepCopy());
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    BatchOutcome outcome =
        Batches.sqs(
            new ByteArrayInputStream(bytes(event)), out, null, false, new DeadLetters(sender, MAX_RECEIVE_COUNT),
            this::charge);

    assertThat(sender.letters).extracting(DeadLetter::messageId).containsExactly(ID + "3", ID + "4");
    assertThat(failures(response(out))).isEmpty();
    assertThat(outcome.deadLettered()).isEqualTo(3);
  }

  @Test
  void parallelMovesRecordsThatCanNeverSucceed() throws IOException {
    FakeSender sender = new FakeSender();
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    BatchOutcome outcome =
        Batches.sqsParallel(
            new ByteArrayInputStream(bytes(Fixtures.event("sqs-event.json"))), out, null,
            new DeadLetters(sender, MAX_RECEIVE_COUNT), this::charge);

    assertThat(sender.letters).extracting(DeadLetter::messageId).containsExactlyInAnyOrder(ID + "3", ID + "4");
    assertThat(failures(response(out))).isEmpty();
    assertThat(outcome.succeeded()).isEqualTo(3);
    assertThat(outcome.deadLettered()).isEqualTo(2);
  }

  @Test
  void anEntryThatMovesRecordsFailsInitWithoutASender() {
    assertThatThrownBy(() -> DeadLetters.lookup(MAX_RECEIVE_COUNT).get())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "@SqsHandler(deadLetterUnprocessable = true) needs a DeadLetterSender bean: add the dependency"
                + " dev.kindling:kindling-sqs-dead-letter to the function");
  }

  @Test
  void kinesisStopsAtTheFirstFailureAndReportsItsSequenceNumber() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ObjectReader clicks = Json.reader(Click.class);
    BatchOutcome outcome =
        Batches.stream(
            new ByteArrayInputStream(bytes(Fixtures.event("kinesis-event.json"))), out, null, BatchEvents.Source.KINESIS,
            (record, context) -> processed.add(record.<Click>bind(clicks).page() + "@" + context.attributes().get("partitionKey")));
    assertThat(processed).containsExactly("/home@user-1", "/cart@user-2");
    assertThat(failures(response(out))).containsExactly("495903321123055359165984370180028376684300405206691803");
    assertThat(outcome.skippedAfterFailure()).isEqualTo(1);
  }

  @Test
  void dynamoDbImagesBindAsPlainJson() throws IOException {
    ObjectReader items = Json.reader(OrderItem.class);
    List<DynamoDbChange<OrderItem>> changes = new ArrayList<>();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Batches.stream(
        new ByteArrayInputStream(bytes(Fixtures.event("dynamodb-event.json"))), out, null, BatchEvents.Source.DYNAMODB,
        (record, context) -> changes.add(record.change(items)));
    assertThat(failures(response(out))).isEmpty();
    assertThat(changes).extracting(DynamoDbChange::eventName).containsExactly("INSERT", "MODIFY", "REMOVE");
    DynamoDbChange<OrderItem> modify = changes.get(1);
    assertThat(modify.keys()).isEqualTo(Map.of("id", "ord-1"));
    assertThat(modify.oldImage().status()).isEqualTo("NEW");
    assertThat(modify.newImage().status()).isEqualTo("CHARGED");
    assertThat(modify.newImage().total()).isEqualByComparingTo("25.00");
    assertThat(modify.newImage().lines().get(0)).containsEntry("sku", "BOOK-1");
    assertThat(modify.newImage().tags()).containsExactly("gift");
    assertThat(changes.get(2).newImage()).isNull();
    assertThat(changes.get(2).oldImage().id()).isEqualTo("ord-2");
  }

  private static ObjectNode sqsEvent(String... bodies) {
    ObjectNode event = Json.MAPPER.createObjectNode();
    ArrayNode records = event.putArray("Records");
    for (int i = 0; i < bodies.length; i++) {
      ObjectNode record = records.addObject();
      record.put("messageId", "m-" + (i + 1));
      record.put("eventSource", "aws:sqs");
      record.put("body", bodies[i]);
    }
    return event;
  }

  @Test
  void sqsMessagesWithJavaTimeAndOptionalFieldsBind() throws IOException {
    ObjectReader reminders = Json.reader(Reminder.class);
    List<Reminder> bound = new ArrayList<>();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Batches.sqs(
        new ByteArrayInputStream(bytes(sqsEvent(
            "{\"orderId\":\"o-1\",\"dueDate\":\"2026-03-11\",\"note\":\"call first\"}",
            "{\"orderId\":\"o-2\",\"dueDate\":\"11/03/2026\"}"))),
        out, null, false, (record, context) -> bound.add(record.bind(reminders)));
    assertThat(bound).containsExactly(new Reminder("o-1", LocalDate.of(2026, 3, 11), Optional.of("call first")));
    assertThat(failures(response(out))).containsExactly("m-2");
  }

  @Test
  void anSqsBodyWithContentAfterTheJsonValueFails() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Batches.sqs(
        new ByteArrayInputStream(bytes(sqsEvent(
            "{\"orderId\":\"o-1\",\"amount\":1}",
            "{\"orderId\":\"o-2\",\"amount\":1} {\"orderId\":\"o-3\",\"amount\":1}",
            "{\"orderId\":\"o-4\",\"amount\":1} trailing"))),
        out, null, false, this::charge);
    assertThat(processed).containsExactly("o-1");
    assertThat(failures(response(out))).containsExactly("m-2", "m-3");
  }

  @Test
  void aKinesisRecordWithContentAfterTheJsonValueFails() throws IOException {
    ObjectNode event = Fixtures.event("kinesis-event.json");
    ObjectNode kinesis = (ObjectNode) event.get("Records").get(0).get("kinesis");
    kinesis.put("data", java.util.Base64.getEncoder().encodeToString(
        "{\"userId\":\"u-1\",\"page\":\"/home\"}{}".getBytes(StandardCharsets.UTF_8)));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ObjectReader clicks = Json.reader(Click.class);
    Batches.stream(
        new ByteArrayInputStream(bytes(event)), out, null, BatchEvents.Source.KINESIS,
        (record, context) -> processed.add(record.<Click>bind(clicks).page()));
    assertThat(processed).isEmpty();
    assertThat(failures(response(out))).containsExactly(kinesis.get("sequenceNumber").asText());
  }

  @Test
  void undecodableKinesisDataFailsOnlyItsRecord() throws IOException {
    ObjectNode event = Fixtures.event("kinesis-event.json");
    ObjectNode second = (ObjectNode) event.get("Records").get(1).get("kinesis");
    second.put("data", "%%% not base64 %%%");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Batches.stream(
        new ByteArrayInputStream(bytes(event)), out, null, BatchEvents.Source.KINESIS,
        (record, context) -> processed.add(new String(record.payload(), StandardCharsets.UTF_8)));
    assertThat(processed).hasSize(1);
    assertThat(failures(response(out))).containsExactly(second.get("sequenceNumber").asText());
  }

  @Test
  void aPayloadTypeJacksonCannotBindFailsTheRecordAndIsLoggedAsADefect() throws IOException {
    ObjectReader scheduled = Json.reader(Scheduled.class);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (LogCapture log = LogCapture.start()) {
      Batches.sqs(
          new ByteArrayInputStream(bytes(sqsEvent("{\"orderId\":\"o-1\",\"task\":{}}"))), out, null, false,
          (record, context) -> processed.add(record.<Scheduled>bind(scheduled).orderId()));
      JsonNode line = log.lines().stream().filter(l -> l.path("record_id").asText().equals("m-1")).findFirst().orElseThrow();
      assertThat(line.get("level").asText()).isEqualTo("ERROR");
      assertThat(line.at("/error/type").asText()).isEqualTo(Payloads.PayloadTypeException.class.getName());
      assertThat(line.at("/error/message").asText()).contains("Scheduled").contains("not in the input");
    }
    assertThat(failures(response(out))).containsExactly("m-1");
  }

  @Test
  void aDeleteWithoutAnImageIsSkippedNotBlockingTheShard() throws IOException {
    ObjectReader items = Json.reader(OrderItem.class);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BatchOutcome outcome;
    try (LogCapture log = LogCapture.withEnvironment(Map.of("KINDLING_METRICS_NAMESPACE", "Orders"))) {
      outcome =
          Batches.stream(
              new ByteArrayInputStream(bytes(Fixtures.event("dynamodb-new-image-event.json"))), out, null,
              BatchEvents.Source.DYNAMODB,
              (record, context) -> {
                OrderItem item = record.bind(items);
                processed.add(item.id() + ":" + item.status());
              });
      JsonNode skipped = log.lines().stream()
          .filter(l -> l.path("record_id").asText().equals("e4da3b7fbbce2345d7772b0674a318d5")).findFirst().orElseThrow();
      assertThat(skipped.get("level").asText()).isEqualTo("INFO");
      assertThat(skipped.get("message").asText())
          .contains("REMOVE").contains("no OldImage").contains("NEW_IMAGE").contains("Time to Live").contains("DynamoDbChange");
      JsonNode summary = log.withMessage("Batch processed").get(0);
      assertThat(summary.get("succeeded").asInt()).isEqualTo(2);
      assertThat(summary.get("skipped_without_image").asInt()).isEqualTo(1);
      JsonNode metrics = log.lines().stream().filter(l -> l.has("_aws")).findFirst().orElseThrow();
      assertThat(metrics.get("BatchRecordsSkippedWithoutImage").asInt()).isEqualTo(1);
      assertThat(metrics.get("BatchRecordsSucceeded").asInt()).isEqualTo(2);
    }
    assertThat(failures(response(out))).isEmpty();
    assertThat(processed).containsExactly("ord-3:NEW", "ord-3:CHARGED");
    assertThat(outcome.failed()).isZero();
  }

  @Test
  void aDynamoDbChangeCarriesTheKeysOfADeleteWithoutAnImage() throws IOException {
    ObjectReader items = Json.reader(OrderItem.class);
    List<DynamoDbChange<OrderItem>> changes = new ArrayList<>();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Batches.stream(
        new ByteArrayInputStream(bytes(Fixtures.event("dynamodb-new-image-event.json"))), out, null,
        BatchEvents.Source.DYNAMODB, (record, context) -> changes.add(record.change(items)));
    assertThat(failures(response(out))).isEmpty();
    DynamoDbChange<OrderItem> delete = changes.get(1);
    assertThat(delete.eventName()).isEqualTo("REMOVE");
    assertThat(delete.keys()).isEqualTo(Map.of("id", "ord-1"));
    assertThat(delete.oldImage()).isNull();
    assertThat(delete.newImage()).isNull();
  }

  /** The DynamoDB fixture with the MODIFY record's new image attribute {@code total} replaced. */
  private static ObjectNode dynamoDbEventWithTotal(JsonNode total) {
    ObjectNode event = Fixtures.event("dynamodb-event.json");
    ((ObjectNode) event.get("Records").get(1).at("/dynamodb/NewImage")).set("total", total);
    return event;
  }

  private static final String MODIFY_SEQUENCE_NUMBER = "111000000000000000002";

  @Test
  void aMalformedImageFailsItsOwnRecordAfterTheEarlierOnesRan() throws IOException {
    ObjectReader items = Json.reader(OrderItem.class);
    List<JsonNode> malformed =
        List.of(
            Json.MAPPER.readTree("{\"N\":\"4111-secret\"}"),
            Json.MAPPER.readTree("{\"X\":\"4111-secret\"}"),
            Json.MAPPER.readTree("\"4111-secret\""),
            Json.MAPPER.readTree("{\"S\":\"a\",\"N\":\"1\"}"));
    for (JsonNode total : malformed) {
      processed.clear();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (LogCapture log = LogCapture.start()) {
        BatchOutcome outcome =
            Batches.stream(
                new ByteArrayInputStream(bytes(dynamoDbEventWithTotal(total))), out, null, BatchEvents.Source.DYNAMODB,
                (record, context) -> processed.add(record.<OrderItem>bind(items).status()));
        assertThat(failures(response(out))).as("total %s", total).containsExactly(MODIFY_SEQUENCE_NUMBER);
        assertThat(processed).containsExactly("NEW");
        assertThat(outcome.skippedAfterFailure()).isEqualTo(1);
        assertThat(log.text()).contains("total").doesNotContain("4111");
      }
    }
  }

  @Test
  void aMalformedImageFailsItsOwnRecordForDynamoDbChangeToo() throws IOException {
    ObjectReader items = Json.reader(OrderItem.class);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (LogCapture log = LogCapture.start()) {
      Batches.stream(
          new ByteArrayInputStream(bytes(dynamoDbEventWithTotal(Json.MAPPER.readTree("{\"N\":\"abc\"}")))), out, null,
          BatchEvents.Source.DYNAMODB, (record, context) -> processed.add(record.<OrderItem>change(items).eventName()));
      assertThat(log.text()).contains("NewImage.total").contains("is not a number");
    }
    assertThat(failures(response(out))).containsExactly(MODIFY_SEQUENCE_NUMBER);
    assertThat(processed).containsExactly("INSERT");
  }

  @Test
  void anImageThatIsNotAnObjectFailsItsRecord() throws IOException {
    ObjectReader items = Json.reader(OrderItem.class);
    for (String image : new String[] {"\"oops\"", "[]", "42"}) {
      processed.clear();
      ObjectNode event = Fixtures.event("dynamodb-event.json");
      ((ObjectNode) event.get("Records").get(1).get("dynamodb")).set("NewImage", Json.MAPPER.readTree(image));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      Batches.stream(
          new ByteArrayInputStream(bytes(event)), out, null, BatchEvents.Source.DYNAMODB,
          (record, context) -> processed.add(record.<OrderItem>bind(items).status()));
      assertThat(failures(response(out))).as("image %s", image).containsExactly(MODIFY_SEQUENCE_NUMBER);
      assertThat(processed).containsExactly("NEW");
    }
  }

  @Test
  void aDynamoDbImageBindsAsTextAndBytesToo() throws IOException {
    List<String> texts = new ArrayList<>();
    Batches.stream(
        new ByteArrayInputStream(bytes(Fixtures.event("dynamodb-event.json"))), new ByteArrayOutputStream(), null,
        BatchEvents.Source.DYNAMODB,
        (record, context) -> texts.add(record.text() + "|" + new String(record.payload(), StandardCharsets.UTF_8)));
    assertThat(texts).hasSize(3);
    assertThat(Json.MAPPER.readTree(texts.get(2).split("\\|")[0]).get("id").asText()).isEqualTo("ord-2");
    assertThat(texts.get(0).split("\\|")[0]).isEqualTo(texts.get(0).split("\\|")[1]);
  }

  @Test
  void deadlineReportsUnstartedRecordsInsteadOfTimingOut() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    FakeClock clock = new FakeClock(5_000);
    BatchOutcome outcome =
        Batches.sqs(
            new ByteArrayInputStream(bytes(Fixtures.event("sqs-event.json"))), out, clock, false,
            (record, context) -> {
              processed.add(record.recordId());
              clock.remaining -= 2_001;
            });
    assertThat(processed).as("998 ms left is less than the 1000 ms margin").containsExactly(ID + "1", ID + "2");
    assertThat(failures(response(out))).containsExactly(ID + "3", ID + "4", ID + "5");
    assertThat(outcome.skippedByDeadline()).isEqualTo(3);
  }

  @Test
  void streamDeadlineReportsOnlyTheFirstUnstartedSequenceNumber() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    FakeClock clock = new FakeClock(500);
    Batches.stream(
        new ByteArrayInputStream(bytes(Fixtures.event("kinesis-event.json"))), out, clock, BatchEvents.Source.KINESIS,
        (record, context) -> processed.add(record.recordId()));
    assertThat(processed).isEmpty();
    assertThat(failures(response(out))).containsExactly("495903321123055359165984370180028376684300405206691801");
  }

  @Test
  void parallelCollectsFailuresFromEveryWorkerInRecordOrder() throws IOException {
    ObjectNode event = Json.MAPPER.createObjectNode();
    var records = event.putArray("Records");
    for (int i = 0; i < 200; i++) {
      ObjectNode record = records.addObject();
      record.put("messageId", "m-" + i);
      record.put("eventSource", "aws:sqs");
      record.put("body", "{\"orderId\":\"o-" + i + "\",\"amount\":" + (i % 7 == 0 ? -1 : 1) + "}");
    }
    Set<String> threads = ConcurrentHashMap.newKeySet();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BatchOutcome outcome =
        Batches.sqsParallel(
            new ByteArrayInputStream(bytes(event)), out, null,
            (record, context) -> {
              threads.add(Thread.currentThread().getName());
              charge(record, context);
            });
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 200; i += 7) {
      expected.add("m-" + i);
    }
    assertThat(failures(response(out))).containsExactlyElementsOf(expected);
    assertThat(processed).hasSize(200 - expected.size()).doesNotHaveDuplicates();
    assertThat(outcome.succeeded()).isEqualTo(200 - expected.size());
    assertThat(threads).allMatch(name -> name.startsWith("kindling-batch-"));
  }

  @Test
  void emptyOrForeignEventsFailTheInvocation() {
    assertThatThrownBy(() -> Batches.sqs(new ByteArrayInputStream("{\"Records\":[]}".getBytes()), new ByteArrayOutputStream(), null, false, this::charge))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("The aws:sqs batch has no records");
    assertThatThrownBy(() -> Batches.sqs(new ByteArrayInputStream("[1,2]".getBytes()), new ByteArrayOutputStream(), null, false, this::charge))
        .hasMessageContaining("no Records array");
    assertThatThrownBy(() -> Batches.sqs(new ByteArrayInputStream("{oops".getBytes()), new ByteArrayOutputStream(), null, false, this::charge))
        .hasMessageContaining("not valid JSON");
    assertThatThrownBy(
            () -> Batches.sqs(new ByteArrayInputStream(bytes(Fixtures.event("kinesis-event.json"))), new ByteArrayOutputStream(), null, false, this::charge))
        .hasMessage("Expected aws:sqs records but got aws:kinesis");
  }

  private static final int MAX_RECEIVE_COUNT = 5;

  private BatchOutcome fifoWithDeadLetters(
      ObjectNode event, ByteArrayOutputStream out, DeadLetterSender sender, RecordHandler handler) throws IOException {
    return Batches.sqs(
        new ByteArrayInputStream(bytes(event)), out, null, true, new DeadLetters(sender, MAX_RECEIVE_COUNT), handler);
  }

  /** The FIFO fixture: a-1, b-1, a-2, b-2, a-3 (ids 1 to 5) in groups customer-a and customer-b. */
  private static ObjectNode fifoEvent(Consumer<ArrayNode> change) {
    ObjectNode event = Fixtures.event("sqs-fifo-event.json");
    change.accept((ArrayNode) event.get("Records"));
    return event;
  }

  private static void receiveCount(JsonNode record, int count) {
    ((ObjectNode) record.get("attributes")).put("ApproximateReceiveCount", Integer.toString(count));
  }

  /** Charges every order but {@code orderId}, which fails as a downstream outage would. */
  private RecordHandler failing(String orderId) {
    return (record, context) -> {
      Charge charge = record.bind(CHARGE);
      if (charge.orderId().equals(orderId)) {
        throw new IllegalStateException("provider timed out");
      }
      processed.add(charge.orderId());
    };
  }

  /** Keeps what it is asked to send; refuses everything when told to. */
  private static final class FakeSender implements DeadLetterSender {
    final List<DeadLetter> letters = new ArrayList<>();
    boolean refuse;
    int attempts;

    @Override
    public synchronized void send(DeadLetter letter, Duration timeout) {
      attempts++;
      assertThat(timeout).isPositive();
      if (refuse) {
        throw new IllegalStateException("AccessDenied");
      }
      letters.add(letter);
    }

    DeadLetter only() {
      assertThat(letters).hasSize(1);
      return letters.get(0);
    }
  }

  /** A Lambda context whose remaining time the test moves by hand. */
  private static final class FakeClock implements Context {
    long remaining;

    FakeClock(long remaining) {
      this.remaining = remaining;
    }

    @Override public int getRemainingTimeInMillis() { return (int) remaining; }
    @Override public String getAwsRequestId() { return "req-1"; }
    @Override public String getLogGroupName() { return null; }
    @Override public String getLogStreamName() { return null; }
    @Override public String getFunctionName() { return "f"; }
    @Override public String getFunctionVersion() { return "$LATEST"; }
    @Override public String getInvokedFunctionArn() { return null; }
    @Override public CognitoIdentity getIdentity() { return null; }
    @Override public ClientContext getClientContext() { return null; }
    @Override public int getMemoryLimitInMB() { return 512; }
    @Override public LambdaLogger getLogger() { return null; }
  }
}
