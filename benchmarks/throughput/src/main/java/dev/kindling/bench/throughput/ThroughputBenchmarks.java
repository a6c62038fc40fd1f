package dev.kindling.bench.throughput;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link BatchThroughput} and prints each generated entry's throughput as a ratio to its
 * baseline from the same run. The benchmarks are interleaved: every round runs each of them once,
 * in a fork of its own, so that a machine that slows down for a while slows all of them alike;
 * the ratios are of the medians over the rounds. Settings: {@code -Dbench.rounds} (default 5),
 * {@code -Dbench.iterations} (measured iterations per fork, default 3) and {@code -Dbench.seconds}
 * (per iteration, default 2).
 */
public final class ThroughputBenchmarks {
  private static final List<String> BENCHMARKS = List.of(
      "sqs10HandWritten", "sqs10Generated", "sqs10GeneratedIdempotent", "kinesis100HandWritten", "kinesis100Generated");

  private ThroughputBenchmarks() {}

  public static void main(String[] args) throws RunnerException {
    int rounds = Integer.getInteger("bench.rounds", 5);
    int iterations = Integer.getInteger("bench.iterations", 3);
    int seconds = Integer.getInteger("bench.seconds", 2);
    Map<String, List<Double>> scores = new LinkedHashMap<>();
    BENCHMARKS.forEach(name -> scores.put(name, new ArrayList<>()));
    for (int round = 1; round <= rounds; round++) {
      for (String name : BENCHMARKS) {
        Options options =
            new OptionsBuilder()
                .include(BatchThroughput.class.getName() + "." + name + "$")
                .forks(1)
                .warmupIterations(3)
                .warmupTime(TimeValue.seconds(seconds))
                .measurementIterations(iterations)
                .measurementTime(TimeValue.seconds(seconds))
                // As Lambda's java17 runtime runs a function (LambdaJvmOptions.java17): C1 only, serial GC.
                .jvmArgsAppend("-Xmx445m", "-XX:+UseSerialGC", "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1")
                .verbosity(org.openjdk.jmh.runner.options.VerboseMode.SILENT)
                .build();
        for (RunResult result : new Runner(options).run()) {
          scores.get(name).add(result.getPrimaryResult().getScore());
        }
      }
      System.out.printf(Locale.ROOT, "round %d/%d: %s%n", round, rounds, lastOfEach(scores));
    }
    System.out.println();
    System.out.printf(Locale.ROOT, "Batches per second, median of %d interleaved rounds (each a fork, %d x %d s measured)%n",
        rounds, iterations, seconds);
    scores.forEach((name, values) -> System.out.printf(Locale.ROOT, "  %-26s %10.0f   (rounds: %s)%n", name,
        median(values), values.stream().map(v -> String.format(Locale.ROOT, "%.0f", v)).toList()));
    System.out.println();
    ratio(scores, "SQS 10 records: generated / hand-written (target >= 0.9)", "sqs10Generated", "sqs10HandWritten");
    ratio(scores, "Kinesis 100 records: generated / hand-written", "kinesis100Generated", "kinesis100HandWritten");
    ratio(scores, "SQS 10 records: @Idempotent (in-memory) / without", "sqs10GeneratedIdempotent", "sqs10Generated");
    double perRecordMicros =
        (1e6 / median(scores.get("sqs10GeneratedIdempotent")) - 1e6 / median(scores.get("sqs10Generated"))) / 10;
    System.out.printf(Locale.ROOT, "  idempotency overhead per record (in-memory store): %.2f µs%n", perRecordMicros);
  }

  private static String lastOfEach(Map<String, List<Double>> scores) {
    StringBuilder text = new StringBuilder();
    scores.forEach((name, values) -> text.append(String.format(Locale.ROOT, "%s=%.0f ", name, values.get(values.size() - 1))));
    return text.toString().trim();
  }

  private static void ratio(Map<String, List<Double>> scores, String label, String measured, String baseline) {
    double a = median(scores.get(measured));
    double b = median(scores.get(baseline));
    System.out.printf(Locale.ROOT, "  %-60s %8.0f / %8.0f = %.2f×%n", label, a, b, a / b);
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
