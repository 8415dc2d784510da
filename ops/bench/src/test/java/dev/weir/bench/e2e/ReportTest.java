package dev.weir.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.bench.jobs.Guarantee;
import dev.weir.bench.jobs.Workload;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportTest {

  private static RunResult run(int round, Workload w, String contender, long millis) {
    return new RunResult("throughput", round, w, Guarantee.EXACTLY_ONCE, contender, 1_000_000, 10,
        1000, millis, 400 * 1024, 20.0, -1, -1, -1, 0, contender.equals("weir") ? 1_500_000 : 900_000,
        null);
  }

  @Test
  void mediansAndPerRoundRatios() {
    List<RunResult> results = List.of(
        run(1, Workload.COUNT, "weir", 10_000), run(1, Workload.COUNT, "kafka-streams", 20_000),
        run(2, Workload.COUNT, "weir", 12_000), run(2, Workload.COUNT, "kafka-streams", 18_000),
        run(3, Workload.COUNT, "weir", 11_000), run(3, Workload.COUNT, "kafka-streams", 33_000),
        run(1, Workload.STATELESS, "raw", 5_000));
    String table = Report.throughputTable(results, List.of(Workload.COUNT), List.of(Guarantee.EXACTLY_ONCE));
    // Weir's median is 1e6 records / 11 s; KS / Weir per round: 0.5, 0.667, 0.333 -> median 0.5.
    assertThat(table).contains("| 2 running count per key | exactly_once | 200,000 (w1) | 50,000 | 90,909 | 0.50 | 2.00 |");
    assertThat(table).contains("| 400 / 400 | 20.0 / 20.0 | 10 / 10 | 0.90 / 1.50 | 3/3 / 3/3 |");
  }

  @Test
  void failedRunsAreLeftOutOfMediansButCounted() {
    RunResult failed = new RunResult("throughput", 2, Workload.COUNT, Guarantee.EXACTLY_ONCE, "weir",
        1_000_000, 0, -1, -1, -1, -1, -1, -1, -1, 0, -1, "timed out");
    List<RunResult> results = List.of(run(1, Workload.COUNT, "weir", 10_000), failed);
    String table = Report.throughputTable(results, List.of(Workload.COUNT), List.of(Guarantee.EXACTLY_ONCE));
    assertThat(table).contains("| 100,000 |").contains("1/2 |");
  }

  @Test
  void percentilesByNearestRank() {
    long[] sorted = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    assertThat(Report.percentile(sorted, 0.5)).isEqualTo(5);
    assertThat(Report.percentile(sorted, 0.99)).isEqualTo(10);
    assertThat(Report.percentile(new long[0], 0.5)).isEqualTo(-1);
  }
}
