package dev.weir.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.bench.jobs.Guarantee;
import dev.weir.bench.jobs.Workload;
import org.junit.jupiter.api.Test;

class E2eOptionsTest {

  @Test
  void defaultsAreTheFullRun() {
    E2eOptions o = E2eOptions.parse(new String[0]);
    assertThat(o.records).isEqualTo(5_000_000);
    assertThat(o.workloads).containsExactly(Workload.values());
    assertThat(o.guarantees).containsExactly(Guarantee.values());
    assertThat(o.contenders).containsExactly("raw", "kafka-streams", "weir");
    assertThat(o.commandLine()).isEqualTo(
        "java -jar ops/bench/target/weir-bench.jar e2e --records 5000000 --rounds 3"
            + " --workloads stateless,count,tumbling,sliding,repartition"
            + " --guarantees exactly_once,at_least_once --contenders raw,kafka-streams,weir");
  }

  @Test
  void parsesListsAndNumbers() {
    E2eOptions o = E2eOptions.parse(new String[] {
        "--records", "1_000_000", "--rounds", "2", "--workloads", "2,tumbling",
        "--guarantees", "exactly-once", "--contenders", "ks,weir", "--latency"});
    assertThat(o.records).isEqualTo(1_000_000);
    assertThat(o.workloads).containsExactly(Workload.COUNT, Workload.TUMBLING);
    assertThat(o.guarantees).containsExactly(Guarantee.EXACTLY_ONCE);
    assertThat(o.contenders).containsExactly("kafka-streams", "weir");
    assertThat(o.latency).isTrue();
    assertThat(o.timeoutSeconds).isEqualTo(260);
  }

  @Test
  void namesTheBadFlag() {
    assertThatThrownBy(() -> E2eOptions.parse(new String[] {"--records", "0"}))
        .hasMessage("--records must be positive, found 0");
    assertThatThrownBy(() -> E2eOptions.parse(new String[] {"--contenders", "flink"}))
        .hasMessage("Unknown contender 'flink'; expected raw, kafka-streams or weir");
    assertThatThrownBy(() -> E2eOptions.parse(new String[] {"--records", "20000"}))
        .hasMessageStartingWith("--records 20000 is too few for workload tumbling")
        .hasMessageContaining("no window closes before 306000 records");
    assertThat(
            E2eOptions.parse(new String[] {"--records", "20000", "--workloads", "count,sliding"})
                .records)
        .isEqualTo(20_000);
  }
}
