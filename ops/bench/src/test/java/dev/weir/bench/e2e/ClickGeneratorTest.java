package dev.weir.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.bench.jobs.BenchSerdes;
import dev.weir.bench.jobs.Click;
import org.junit.jupiter.api.Test;

class ClickGeneratorTest {

  @Test
  void writesJsonThatTheContendersRead() {
    ClickGenerator generator = new ClickGenerator(1000, 50, 0.8, 3, true);
    for (int i = 0; i < 1000; i++) {
      byte[] json = generator.next(1_000_000 + i);
      Click click = BenchSerdes.CLICK.deserializer().deserialize("t", json);
      assertThat(click.userId()).isEqualTo(generator.key);
      assertThat(click.ts()).isEqualTo(generator.timestamp);
      assertThat(click.kept()).isEqualTo(generator.kept);
      assertThat(click.page()).startsWith("/p/");
    }
  }

  @Test
  void delaysSomeEventsByLessThanTheOutOfOrdernessBound() {
    ClickGenerator generator = new ClickGenerator(1000, 50, 0.8, 3, true);
    int delayed = 0;
    for (int i = 0; i < 10_000; i++) {
      long eventTime = 10_000_000 + i;
      generator.next(eventTime);
      long delay = eventTime - generator.timestamp;
      assertThat(delay).isBetween(0L, ClickGenerator.MAX_DELAY_MS);
      delayed += delay > 0 ? 1 : 0;
    }
    assertThat(delayed).isBetween(800, 1200);
    assertThat(ClickGenerator.MAX_DELAY_MS)
        .isLessThan(dev.weir.bench.jobs.Workload.OUT_OF_ORDERNESS.toMillis());
  }

  @Test
  void latencyEventsAreNotDelayed() {
    ClickGenerator generator = new ClickGenerator(1000, 50, 0.8, 3, false);
    for (int i = 0; i < 1000; i++) {
      generator.next(5_000 + i);
      assertThat(generator.timestamp).isEqualTo(5_000 + i);
    }
  }
}
