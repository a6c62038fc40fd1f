package dev.kindling.bench.throughput;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link BatchThroughput} and prints each generated entry's throughput as a ratio to its
 * baseline from the same run. Iterations and forks come from {@code -Dbench.forks},
 * {@code -Dbench.iterations} and {@code -Dbench.seconds}.
 */
public final class ThroughputBenchmarks {
  private ThroughputBenchmarks() {}

  public static void main(String[] args) throws RunnerException {
    int forks = Integer.getInteger("bench.forks", 2);
    int iterations = Integer.getInteger("bench.iterations", 5);
    int seconds = Integer.getInteger("bench.seconds", 2);
    Options options =
        new OptionsBuilder()
            .include(BatchThroughput.class.getName())
            .forks(forks)
            .warmupIterations(3)
            .warmupTime(TimeValue.seconds(seconds))
            .measurementIterations(iterations)
            .measurementTime(TimeValue.seconds(seconds))
            .jvmArgsAppend("-Xmx512m", "-Dorg.slf4j.simpleLogger.defaultLogLevel=off")
            .build();
    Collection<RunResult> results = new Runner(options).run();
    Map<String, Double> score = new HashMap<>();
    for (RunResult result : results) {
      String name = result.getParams().getBenchmark();
      score.put(name.substring(name.lastIndexOf('.') + 1), result.getPrimaryResult().getScore());
    }
    System.out.println();
    System.out.println("Batches per second (same run)");
    ratio(score, "SQS 10 records: generated / hand-written", "sqs10Generated", "sqs10HandWritten");
    ratio(score, "Kinesis 100 records: generated / hand-written", "kinesis100Generated", "kinesis100HandWritten");
    ratio(score, "SQS 10 records: @Idempotent (in-memory) / without", "sqs10GeneratedIdempotent", "sqs10Generated");
    double perRecordMicros =
        (1e6 / score.get("sqs10GeneratedIdempotent") - 1e6 / score.get("sqs10Generated")) / 10;
    System.out.printf("  idempotency overhead per record: %.2f µs%n", perRecordMicros);
  }

  private static void ratio(Map<String, Double> score, String label, String measured, String baseline) {
    double a = score.get(measured);
    double b = score.get(baseline);
    System.out.printf("  %-55s %10.0f / %10.0f = %.2f×%n", label, a, b, a / b);
  }
}
