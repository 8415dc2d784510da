package dev.weir.bench.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class JobSpecTest {

  @Test
  void survivesTheTripToTheChildProcess() {
    JobSpec spec = new JobSpec("weir", Workload.SLIDING, Guarantee.AT_LEAST_ONCE, "127.0.0.1:9092",
        "b1-weir", "in", "out", Path.of("/tmp/state"));
    assertThat(JobSpec.parse(spec.toArgs().toArray(String[]::new))).isEqualTo(spec);
  }

  @Test
  void everyContenderBuildsEveryWorkloadWithoutABroker() {
    for (Workload w : Workload.values()) {
      JobSpec spec = new JobSpec("x", w, Guarantee.EXACTLY_ONCE, "127.0.0.1:9092", "app", "in", "out",
          Path.of("/tmp/unused"));
      assertThat(WeirJob.pipeline(spec)).isNotNull();
      assertThat(KafkaStreamsJob.topology(spec).describe().subtopologies()).isNotEmpty();
      assertThat(WeirJob.config(spec).commitInterval()).isEqualTo(Guarantee.EXACTLY_ONCE.commitInterval());
    }
  }
}
