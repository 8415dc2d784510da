package dev.weir.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcStatsTest {

  @Test
  void readsUserAndSystemTimeAfterACommandWithSpacesAndParentheses() {
    String stat = "4242 (java (x) y) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 130 0 0 20 0 30 0 1 2 3";
    assertThat(ProcStats.cpuSecondsOf(stat)).isEqualTo(3.8);
  }

  @Test
  void measuresThisProcess() {
    long pid = ProcessHandle.current().pid();
    assertThat(ProcStats.peakRssKib(pid)).isPositive();
    assertThat(ProcStats.cpuSeconds(pid)).isPositive();
  }
}
