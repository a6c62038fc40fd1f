package dev.kindling.bench.harness;

import java.util.Arrays;
import java.util.List;

/**
 * Order statistics of a sample of durations (or any numbers).
 *
 * @param count  the sample size
 * @param median the middle value; the mean of the two middle values for an even count
 * @param p90    the 90th percentile, nearest-rank: the smallest value at least 90% of the sample is not above
 * @param min    the smallest value
 * @param max    the largest value
 */
public record Stats(int count, double median, double p90, double min, double max) {

  public static Stats of(List<? extends Number> sample) {
    if (sample.isEmpty()) {
      throw new IllegalArgumentException("empty sample");
    }
    double[] sorted = sample.stream().mapToDouble(Number::doubleValue).sorted().toArray();
    return new Stats(sorted.length, median(sorted), percentile(sorted, 90), sorted[0], sorted[sorted.length - 1]);
  }

  /** The median of an ascending array. */
  static double median(double[] sorted) {
    requireSorted(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
  }

  /** The nearest-rank percentile of an ascending array: the value at rank ceil(p/100 * n), 1-based. */
  static double percentile(double[] sorted, double p) {
    requireSorted(sorted);
    if (p <= 0 || p > 100) {
      throw new IllegalArgumentException("percentile must be in (0, 100]: " + p);
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(rank, 1) - 1];
  }

  private static void requireSorted(double[] values) {
    if (values.length == 0) {
      throw new IllegalArgumentException("empty sample");
    }
    for (int i = 1; i < values.length; i++) {
      if (values[i - 1] > values[i]) {
        throw new IllegalArgumentException("not sorted: " + Arrays.toString(values));
      }
    }
  }
}
