package dev.weir.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class OutputGapTest {

  @Test
  void longestGapCountsTheEdgesOfTheWindow() {
    List<Long> arrivals = List.of(90L, 105L, 110L, 400L, 450L, 2000L);
    // Inside [100, 1000]: 100 -> 105 -> 110 -> 400 -> 450 -> (end) 1000; the last stretch is longest.
    assertThat(OutputWatcher.longestGap(arrivals, 100, 1000)).isEqualTo(550);
    assertThat(OutputWatcher.longestGap(arrivals, 100, 460)).isEqualTo(290);
  }

  @Test
  void noOutputAtAllIsOneGap() {
    assertThat(OutputWatcher.longestGap(List.of(), 100, 1000)).isEqualTo(900);
  }
}
