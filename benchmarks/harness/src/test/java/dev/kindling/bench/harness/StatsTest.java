package dev.kindling.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatsTest {

  @Test
  void oddSampleHasTheMiddleValueAsMedianWhateverTheInputOrder() {
    Stats stats = Stats.of(List.of(310.0, 290.0, 1200.0, 300.0, 305.0));

    assertThat(stats.count()).isEqualTo(5);
    assertThat(stats.median()).isEqualTo(305.0);
    assertThat(stats.min()).isEqualTo(290.0);
    assertThat(stats.max()).isEqualTo(1200.0);
  }

  @Test
  void evenSampleAveragesTheTwoMiddleValues() {
    assertThat(Stats.of(List.of(4, 1, 3, 2)).median()).isEqualTo(2.5);
    assertThat(Stats.of(List.of(7, 7)).median()).isEqualTo(7.0);
  }

  @Test
  void p90IsNearestRank() {
    // 1..10: rank ceil(0.9 * 10) = 9 -> 9; 1..15: rank ceil(13.5) = 14 -> 14; 1..20: rank 18 -> 18.
    assertThat(Stats.of(range(10)).p90()).isEqualTo(9.0);
    assertThat(Stats.of(range(15)).p90()).isEqualTo(14.0);
    assertThat(Stats.of(range(20)).p90()).isEqualTo(18.0);
    assertThat(Stats.of(List.of(42)).p90()).isEqualTo(42.0);
    assertThat(Stats.percentile(new double[] {1, 2, 3, 4}, 100)).isEqualTo(4.0);
    assertThat(Stats.percentile(new double[] {1, 2, 3, 4}, 1)).isEqualTo(1.0);
  }

  @Test
  void oneOutlierMovesNeitherMedianNorMin() {
    Stats calm = Stats.of(List.of(300, 301, 302, 303, 304, 305, 306, 307, 308, 309, 310));
    Stats noisy = Stats.of(List.of(300, 301, 302, 303, 304, 305, 306, 307, 308, 309, 5000));

    assertThat(noisy.median()).isEqualTo(calm.median()).isEqualTo(305.0);
    assertThat(noisy.min()).isEqualTo(300.0);
    assertThat(noisy.max()).isEqualTo(5000.0);
  }

  @Test
  void rejectsEmptyAndUnsortedInput() {
    assertThatThrownBy(() -> Stats.of(List.of())).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Stats.median(new double[] {2, 1})).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Stats.percentile(new double[] {1}, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void classLoadLogGroupsByOwnerAndSource() {
    ClassLoadLog log = ClassLoadLog.parse(List.of(
        "[0.010s][info][class,load] java.lang.Object source: shared objects file",
        "[0.200s][info][class,load] com.amazonaws.services.lambda.runtime.api.client.AWSLambda source: file:/x/ric.jar",
        "[0.300s][info][class,load] io.micronaut.context.DefaultBeanContext source: file:/x/micronaut-inject.jar",
        "[0.310s][info][class,load] io.micronaut.context.DefaultBeanContext$$Lambda$12/0x0000000800c01234 source: io.micronaut.context.DefaultBeanContext",
        "[0.400s][info][class,load] dev.kindling.bench.kindling.GreetingFunction source: file:/x/function.jar",
        "not a class-load line"));

    assertThat(log.total()).isEqualTo(5);
    assertThat(log.fromArchive()).isEqualTo(1);
    assertThat(log.generated()).isEqualTo(1);
    assertThat(log.byGroup()).containsEntry("Micronaut", 2).containsEntry("JDK", 1)
        .containsEntry("RIC + lambda-core", 1).containsEntry("function code", 1);
    assertThat(log.firstSeenSeconds()).containsEntry("Micronaut", 0.300);
    assertThat(log.lastSeconds()).isEqualTo(0.400);
  }

  private static List<Integer> range(int n) {
    return java.util.stream.IntStream.rangeClosed(1, n).boxed().toList();
  }
}
