package dev.kindling.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kindling.runtime.idempotency.IdempotencyRecord;
import dev.kindling.runtime.idempotency.InMemoryIdempotencyStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Parallel SQS records still running when the deadline margin is reached ("stragglers"): code
 * that ignores interrupts goes on after the invocation has returned. Such a record is reported
 * for retry, so its redelivery must not run it a second time while it may still complete, and
 * its thread must not take a worker from the next invocation.
 */
class ParallelStragglersTest {
  /** Stragglers ignore interrupts until the test lets them go. */
  private final CountDownLatch release = new CountDownLatch(1);
  private final InMemoryIdempotencyStore store = new InMemoryIdempotencyStore();
  private final IdempotencyGuard guard = new IdempotencyGuard("Payments.charge(Charge)", null, "PT1H", true).withStore(store);

  @AfterEach
  void letStragglersGo() {
    release.countDown();
  }

  @Test
  void aStragglerIsNeverRunAgainWhileItMayStillComplete() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    RecordHandler slowCharge =
        (record, context) ->
            guard.call(record.recordId(), record.text(), context.lambdaContext(), () -> {
              runs.incrementAndGet();
              awaitIgnoringInterrupts(release);
              return null;
            }, ResultCodec.none());

    // The margin (1 s) is reached 300 ms in, while the record runs: it is reported for retry.
    BatchOutcome first = parallel(event("m-1"), 1_300, slowCharge);
    assertThat(first.failures()).containsExactly("m-1");

    // Redelivered after the first invocation's deadline has passed, with the straggler still running.
    Thread.sleep(1_200);
    BatchOutcome redelivery = parallel(event("m-1"), 10_000, slowCharge);
    assertThat(redelivery.failures()).as("in progress elsewhere: retried later").containsExactly("m-1");
    assertThat(runs).as("the side effect ran once").hasValue(1);

    // The straggler completes; the next redelivery is a duplicate of a completed record.
    release.countDown();
    awaitCompleted("m-1");
    BatchOutcome last = parallel(event("m-1"), 10_000, slowCharge);
    assertThat(last.failures()).isEmpty();
    assertThat(runs).hasValue(1);
  }

  @Test
  void stragglersDoNotStarveTheNextInvocation() throws Exception {
    String[] stuck = new String[16];
    for (int i = 0; i < stuck.length; i++) {
      stuck[i] = "stuck-" + i;
    }
    parallel(event(stuck), 1_200, (record, context) -> awaitIgnoringInterrupts(release));

    Set<String> ran = ConcurrentHashMap.newKeySet();
    BatchOutcome next = parallel(event("a", "b", "c", "d", "e"), 3_000, (record, context) -> ran.add(record.recordId()));

    assertThat(next.failures()).isEmpty();
    assertThat(ran).containsExactlyInAnyOrder("a", "b", "c", "d", "e");
  }

  private void awaitCompleted(String messageId) throws InterruptedException {
    for (int i = 0; i < 200; i++) {
      if (store.find(storeId(messageId)).map(r -> r.status() == IdempotencyRecord.Status.COMPLETED).orElse(false)) {
        return;
      }
      Thread.sleep(10);
    }
    throw new AssertionError("The straggler did not complete " + messageId);
  }

  private static String storeId(String key) {
    return "local.Payments.charge(Charge)#" + IdempotencyGuard.md5(key);
  }

  private static BatchOutcome parallel(ObjectNode event, long remainingMillis, RecordHandler handler) throws IOException {
    return Batches.sqsParallel(
        new ByteArrayInputStream(Json.MAPPER.writeValueAsBytes(event)), new ByteArrayOutputStream(),
        TestContexts.remaining(remainingMillis), handler);
  }

  private static ObjectNode event(String... messageIds) {
    ObjectNode event = Json.MAPPER.createObjectNode();
    ArrayNode records = event.putArray("Records");
    for (String id : List.of(messageIds)) {
      ObjectNode record = records.addObject();
      record.put("messageId", id);
      record.put("eventSource", "aws:sqs");
      record.put("body", "{\"orderId\":\"" + id + "\"}");
    }
    return event;
  }

  /** What JDBC, blocking I/O or a CPU loop does: an interrupt does not stop it. */
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
