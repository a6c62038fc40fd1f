package dev.kindling.idempotency.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kindling.runtime.internal.BatchOutcome;
import dev.kindling.runtime.internal.Batches;
import dev.kindling.runtime.internal.IdempotencyGuard;
import dev.kindling.runtime.internal.RecordHandler;
import dev.kindling.runtime.internal.ResultCodec;
import dev.kindling.test.TestContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A parallel SQS record still running at the deadline margin, on DynamoDB: its claim is extended
 * past the invocation (a conditional write on its own claim token), so the redelivery finds it in
 * progress instead of running the method a second time; the straggler then completes its own claim.
 */
class StragglerOnDynamoDbTest {
  @RegisterExtension static final DynamoDbLocalExtension DYNAMO = new DynamoDbLocalExtension();

  private static DynamoDbIdempotencyStore store;

  @BeforeAll
  static void createStore() {
    store = DYNAMO.storeBuilder().build();
  }

  @AfterAll
  static void closeStore() {
    store.close();
  }

  @Test
  void aStragglersClaimOutlivesItsInvocationAndItsCompletionStands() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger runs = new AtomicInteger();
    IdempotencyGuard guard = new IdempotencyGuard("Payments.charge(Charge)", null, "PT1H", true).withStore(store);
    String messageId = "m-" + UUID.randomUUID();
    RecordHandler slowCharge =
        (record, context) ->
            guard.call(record.recordId(), record.text(), context.lambdaContext(), () -> {
              runs.incrementAndGet();
              awaitIgnoringInterrupts(release);
              return null;
            }, ResultCodec.none());
    try {
      assertThat(parallel(messageId, 1_300, slowCharge).failures()).containsExactly(messageId);
      Thread.sleep(1_200);

      assertThat(parallel(messageId, 10_000, slowCharge).failures()).as("still in progress").containsExactly(messageId);
      assertThat(runs).hasValue(1);
      Map<String, AttributeValue> claim = DYNAMO.item(idOf(messageId));
      assertThat(Long.parseLong(claim.get("in_progress_expiration").n()))
          .as("extended by the straggler lease")
          .isGreaterThan(System.currentTimeMillis() + 60_000);
    } finally {
      release.countDown();
    }
    // The straggler kept its thread's interrupt (as well-behaved code does): its completion must still reach DynamoDB.
    for (int i = 0; i < 300 && !"COMPLETED".equals(DYNAMO.item(idOf(messageId)).get("status").s()); i++) {
      Thread.sleep(10);
    }
    assertThat(DYNAMO.item(idOf(messageId)).get("status").s()).isEqualTo("COMPLETED");

    // Another execution environment (a fresh guard, no local cache) sees a duplicate of a completed record.
    IdempotencyGuard elsewhere = new IdempotencyGuard("Payments.charge(Charge)", null, "PT1H", true).withStore(store);
    RecordHandler sameCharge =
        (record, context) ->
            elsewhere.call(record.recordId(), record.text(), context.lambdaContext(), () -> {
              runs.incrementAndGet();
              return null;
            }, ResultCodec.none());
    assertThat(parallel(messageId, 10_000, sameCharge).failures()).isEmpty();
    assertThat(runs).hasValue(1);
  }

  private static String idOf(String messageId) throws Exception {
    java.security.MessageDigest md5 = java.security.MessageDigest.getInstance("MD5");
    return "local.Payments.charge(Charge)#" + java.util.HexFormat.of().formatHex(md5.digest(messageId.getBytes(StandardCharsets.UTF_8)));
  }

  private static BatchOutcome parallel(String messageId, long remainingMillis, RecordHandler handler) throws IOException {
    String event =
        "{\"Records\":[{\"messageId\":\"" + messageId + "\",\"eventSource\":\"aws:sqs\",\"body\":\"{}\"}]}";
    return Batches.sqsParallel(
        new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), new ByteArrayOutputStream(),
        TestContext.withRemainingMillis(remainingMillis), handler);
  }

  private static void awaitIgnoringInterrupts(CountDownLatch latch) {
    boolean interrupted = false;
    while (true) {
      try {
        if (latch.await(30, TimeUnit.SECONDS)) {
          break;
        }
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
