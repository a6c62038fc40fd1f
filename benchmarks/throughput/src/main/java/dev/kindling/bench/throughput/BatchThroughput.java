package dev.kindling.bench.throughput;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.kindling.runtime.internal.Beans;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Batches per second through a generated entry and through a hand-written loop doing the same
 * work: a 10-record SQS batch (JSON parse, validation, method call), the same batch with
 * {@code @Idempotent} on the in-memory store, and a 100-record Kinesis batch.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class BatchThroughput {
  private static final int DISTINCT_BATCHES = 4096;

  private final byte[][] sqs = new byte[DISTINCT_BATCHES][];
  private final byte[][] kinesis = new byte[DISTINCT_BATCHES][];
  private RequestStreamHandler generatedSqs;
  private RequestStreamHandler generatedIdempotentSqs;
  private RequestStreamHandler handWrittenSqs;
  private RequestStreamHandler generatedKinesis;
  private RequestStreamHandler handWrittenKinesis;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
  private ResettableStore store;
  private int next;

  @Setup(Level.Trial)
  public void setUp() {
    generatedSqs = new Ledger_ChargeSqsHandler();
    generatedIdempotentSqs = new Ledger_ChargeOnceSqsHandler();
    generatedKinesis = new Ledger_ClickKinesisHandler();
    Ledger ledger = Beans.get(Ledger.class);
    store = Beans.get(ResettableStore.class);
    handWrittenSqs = HandWrittenBatches.sqs(ledger);
    handWrittenKinesis = HandWrittenBatches.kinesis(ledger);
    for (int i = 0; i < DISTINCT_BATCHES; i++) {
      sqs[i] = Events.sqs(i, 10);
      kinesis[i] = Events.kinesis(i, 100);
    }
  }

  /** The next SQS batch; when the batches repeat, the store forgets them, so keys are claimed again. */
  private byte[] nextSqs(boolean resetOnWrap) {
    if (next == DISTINCT_BATCHES) {
      next = 0;
      if (resetOnWrap) {
        store.reset();
      }
    }
    return sqs[next++];
  }

  private int run(RequestStreamHandler handler, byte[] event) throws IOException {
    out.reset();
    handler.handleRequest(new ByteArrayInputStream(event), out, null);
    return out.size();
  }

  @Benchmark
  public int sqs10Generated() throws IOException {
    return run(generatedSqs, nextSqs(false));
  }

  @Benchmark
  public int sqs10HandWritten() throws IOException {
    return run(handWrittenSqs, nextSqs(false));
  }

  @Benchmark
  public int sqs10GeneratedIdempotent() throws IOException {
    return run(generatedIdempotentSqs, nextSqs(true));
  }

  @Benchmark
  public int kinesis100Generated() throws IOException {
    return run(generatedKinesis, kinesis[(next++) & (DISTINCT_BATCHES - 1)]);
  }

  @Benchmark
  public int kinesis100HandWritten() throws IOException {
    return run(handWrittenKinesis, kinesis[(next++) & (DISTINCT_BATCHES - 1)]);
  }
}
