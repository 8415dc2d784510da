package dev.weir.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.api.KafkaSink;
import dev.weir.api.KafkaSource;
import dev.weir.api.Pipeline;
import dev.weir.api.functions.Collector;
import dev.weir.api.functions.KeyedProcessFunction;
import dev.weir.api.state.MapState;
import dev.weir.api.state.MapStateDescriptor;
import dev.weir.api.state.StateDescriptor;
import dev.weir.api.state.StateTtl;
import dev.weir.api.state.ValueState;
import dev.weir.api.state.ValueStateDescriptor;
import dev.weir.api.time.WatermarkStrategy;
import dev.weir.config.WeirConfig;
import dev.weir.serde.Serdes;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Keyed state with a time to live, expired on read and cleaned up as time moves. */
class StateTtlDriverTest {

  private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

  /** Counts per key in a ValueState, and per (key, value) in a MapState; emits "count/seen". */
  static final class Counter extends KeyedProcessFunction<String, String, String> {
    private final ValueStateDescriptor<Long> countDescriptor;
    private final MapStateDescriptor<String, Long> seenDescriptor;
    private ValueState<Long> count;
    private MapState<String, Long> seen;

    Counter(ValueStateDescriptor<Long> count, MapStateDescriptor<String, Long> seen) {
      this.countDescriptor = count;
      this.seenDescriptor = seen;
    }

    @Override
    public void open(OpenContext context) {
      count = context.state(countDescriptor);
      seen = context.state(seenDescriptor);
    }

    @Override
    public void processElement(String value, Context<String> context, Collector<String> out) {
      long next = count.value() == null ? 1 : count.value() + 1;
      count.update(next);
      Long times = seen.get(value);
      seen.put(value, times == null ? 1 : times + 1);
      out.collect(next + "/" + seen.get(value));
    }
  }

  private static Pipeline pipeline(StateTtl ttl) {
    ValueStateDescriptor<Long> count =
        StateDescriptor.value("count", Serdes.longs()).withTtl(ttl);
    MapStateDescriptor<String, Long> seen =
        StateDescriptor.map("seen", Serdes.string(), Serdes.longs()).withTtl(ttl);
    Pipeline pipeline = Pipeline.create();
    pipeline
        .keyedSource(
            KafkaSource.of("in", Serdes.string(), Serdes.string())
                .withWatermarks(WatermarkStrategy.forMonotonousTimestamps()))
        .process("counter", () -> new Counter(count, seen), count, seen)
        .sinkTo(KafkaSink.of("out", Serdes.string(), Serdes.string()));
    return pipeline;
  }

  @Test
  void processingTimeTtlExpiresEntriesAfterTheirLastWrite() {
    try (PipelineTestDriver driver =
        PipelineTestDriver.create(
            pipeline(StateTtl.processingTime(Duration.ofMinutes(1))),
            WeirConfig.builder().build(),
            T0)) {
      TestInput<String, String> in = driver.input("in", Serdes.string(), Serdes.string());
      TestOutput<String, String> out = driver.output("out", Serdes.string(), Serdes.string());
      in.send("a", "x", T0);
      in.send("a", "x", T0);
      driver.advanceProcessingTime(Duration.ofSeconds(30));
      // Written again at 30 s: it now lives until 90 s.
      in.send("a", "x", T0);
      driver.advanceProcessingTime(Duration.ofSeconds(59));
      in.send("a", "y", T0);
      assertThat(out.readValues()).containsExactly("1/1", "2/2", "3/3", "4/1");

      // 61 s after the last write both the count and the map entries are gone, and the cleanup
      // removed them from the store without anything reading them.
      driver.advanceProcessingTime(Duration.ofSeconds(61));
      assertThat(driver.valueState("count", "a", Serdes.string(), Serdes.longs())).isNull();
      in.send("a", "x", T0);
      assertThat(out.readValues()).containsExactly("1/1");
    }
  }

  @Test
  void eventTimeTtlFollowsTheWatermark() {
    try (PipelineTestDriver driver =
        PipelineTestDriver.create(pipeline(StateTtl.eventTime(Duration.ofMinutes(10))))) {
      TestInput<String, String> in = driver.input("in", Serdes.string(), Serdes.string());
      TestOutput<String, String> out = driver.output("out", Serdes.string(), Serdes.string());
      in.send("b", "x", T0.plusSeconds(60));
      // Written when the watermark is 60 s - 1 ms: it lives until the watermark is 10 min later.
      in.send("b", "x", T0.plusSeconds(120));
      // The watermark moves to 9 minutes past that write: the entry lives on.
      in.send("c", "x", T0.plusSeconds(60 + 9 * 60));
      assertThat(driver.valueState("count", "b", Serdes.string(), Serdes.longs())).isEqualTo(2L);
      // The processing clock does not matter for event-time TTL.
      driver.advanceProcessingTime(Duration.ofDays(1));
      assertThat(driver.valueState("count", "b", Serdes.string(), Serdes.longs())).isEqualTo(2L);
      // 10 minutes of event time after the last write: expired and cleaned up.
      driver.advanceWatermark(T0.plusSeconds(60 + 10 * 60));
      assertThat(driver.valueState("count", "b", Serdes.string(), Serdes.longs())).isNull();
      in.send("b", "x", T0.plusSeconds(2000));
      assertThat(out.readValues()).containsExactly("1/1", "2/2", "1/1", "1/1");
    }
  }
}
