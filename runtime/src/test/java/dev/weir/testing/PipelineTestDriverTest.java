package dev.weir.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.api.KafkaSink;
import dev.weir.api.KafkaSource;
import dev.weir.api.KeyedStream;
import dev.weir.api.OutputTag;
import dev.weir.api.Pipeline;
import dev.weir.api.functions.Collector;
import dev.weir.api.functions.KeyedProcessFunction;
import dev.weir.api.state.MapState;
import dev.weir.api.state.MapStateDescriptor;
import dev.weir.api.state.StateDescriptor;
import dev.weir.api.time.TimeDomain;
import dev.weir.api.time.WatermarkStrategy;
import dev.weir.serde.Serdes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PipelineTestDriverTest {

  private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

  static final MapStateDescriptor<Long, Long> COUNTS =
      StateDescriptor.map("counts", Serdes.longs(), Serdes.longs());
  static final OutputTag<String> TOO_LATE = OutputTag.of("too-late", Serdes.string());

  /**
   * Counts values per key and 10 s bucket; emits "key@bucketEnd=count" when the watermark passes a
   * bucket; a value for a bucket already passed goes to the side output; a value "remind" sets a
   * processing-time timer 1 minute ahead that emits "key:reminder".
   */
  static final class Buckets extends KeyedProcessFunction<String, String, String> {
    private MapState<Long, Long> counts;

    @Override
    public void open(OpenContext context) {
      counts = context.state(COUNTS);
    }

    @Override
    public void processElement(String value, Context<String> context, Collector<String> out) {
      if (value.equals("remind")) {
        context
            .timerService()
            .registerProcessingTimeTimer(context.timerService().currentProcessingTime() + 60_000);
        return;
      }
      long end = (Math.floorDiv(context.timestamp(), 10_000) + 1) * 10_000;
      if (end - 1 <= context.timerService().currentWatermark()) {
        context.output(TOO_LATE, context.key() + ":" + value);
        return;
      }
      Long count = counts.get(end);
      counts.put(end, count == null ? 1 : count + 1);
      context.timerService().registerEventTimeTimer(end - 1);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext<String> context, Collector<String> out) {
      if (context.timeDomain() == TimeDomain.PROCESSING_TIME) {
        out.collect(context.key() + ":reminder");
        return;
      }
      long end = timestamp + 1;
      out.collect(context.key() + "@" + Instant.ofEpochMilli(end) + "=" + counts.get(end));
      counts.remove(end);
    }
  }

  private static Pipeline pipeline() {
    Pipeline pipeline = Pipeline.create();
    KeyedStream<String, String> buckets =
        pipeline
            .source(
                KafkaSource.of("events", Serdes.string(), Serdes.string())
                    .withWatermarks(
                        WatermarkStrategy.forBoundedOutOfOrderness(Duration.ofSeconds(5))))
            // values are "user:payload"; key by user through a repartition topic
            .keyBy(value -> value.substring(0, value.indexOf(':')), Serdes.string())
            .mapValues(value -> value.substring(value.indexOf(':') + 1))
            .process("buckets", Buckets::new, COUNTS);
    buckets.sinkTo(KafkaSink.of("out", Serdes.string(), Serdes.string()));
    buckets.sideOutput(TOO_LATE).sinkTo(KafkaSink.valuesOnly("late", Serdes.string()));
    return pipeline;
  }

  @Test
  void eventTimeTimersFireAsTheWatermarkPassesAcrossARepartition() {
    try (PipelineTestDriver driver = PipelineTestDriver.create(pipeline())) {
      TestInput<String, String> events = driver.input("events", Serdes.string(), Serdes.string());
      TestOutput<String, String> out = driver.output("out", Serdes.string(), Serdes.string());

      events.send("a:x", T0.plusSeconds(1));
      events.send("b:x", T0.plusSeconds(3));
      events.send("a:x", T0.plusSeconds(12));
      // Out of order, but within the 5 s bound: still counted in the first bucket.
      events.send("a:x", T0.plusSeconds(8));
      assertThat(out.readAll()).isEmpty();

      // 16 s - 5 s - 1 ms passes the first bucket's end (10 s - 1 ms).
      events.send("b:x", T0.plusSeconds(16));
      assertThat(out.readValues())
          .containsExactlyInAnyOrder(
              "a@2024-01-01T00:00:10Z=2", "b@2024-01-01T00:00:10Z=1");
      assertThat(driver.watermark("events")).contains(T0.plusSeconds(11).minusMillis(1));

      driver.advanceWatermark(T0.plusSeconds(30));
      List<TestRecord<String, String>> second = out.readAll();
      assertThat(second)
          .extracting(TestRecord::value)
          .containsExactlyInAnyOrder("a@2024-01-01T00:00:20Z=1", "b@2024-01-01T00:00:20Z=1");
      // Output keeps the key and carries the timer's time.
      assertThat(second)
          .allSatisfy(
              record -> {
                assertThat(record.value()).startsWith(record.key() + "@");
                assertThat(record.timestamp()).isEqualTo(T0.plusSeconds(20).minusMillis(1));
              });
    }
  }

  @Test
  void lateValuesGoToTheSideOutput() {
    try (PipelineTestDriver driver = PipelineTestDriver.create(pipeline())) {
      TestInput<String, String> events = driver.input("events", Serdes.string(), Serdes.string());
      TestOutput<byte[], String> late = driver.output("late", Serdes.bytes(), Serdes.string());
      driver.advanceWatermark(T0.plusSeconds(25));
      events.send("a:old", T0.plusSeconds(2));
      assertThat(late.readValues()).containsExactly("a:old");
    }
  }

  @Test
  void processingTimeTimersFollowTheManualClock() {
    try (PipelineTestDriver driver =
        PipelineTestDriver.create(
            pipeline(), dev.weir.config.WeirConfig.builder().build(), T0)) {
      TestInput<String, String> events = driver.input("events", Serdes.string(), Serdes.string());
      TestOutput<String, String> out = driver.output("out", Serdes.string(), Serdes.string());
      events.send("c:remind", T0);
      driver.advanceProcessingTime(Duration.ofSeconds(59));
      assertThat(out.readAll()).isEmpty();
      driver.advanceProcessingTime(Duration.ofSeconds(1));
      assertThat(out.readValues()).containsExactly("c:reminder");
      assertThat(driver.processingTime()).isEqualTo(T0.plusSeconds(60));
    }
  }

  @Test
  void malformedInputGoesToTheDeadLetterTopic() {
    Pipeline pipeline = Pipeline.create();
    pipeline
        .source(KafkaSource.of("numbers", Serdes.string(), Serdes.longs()))
        .map(n -> n * 2)
        .sinkTo(KafkaSink.valuesOnly("doubled", Serdes.longs()));
    try (PipelineTestDriver driver = PipelineTestDriver.create(pipeline)) {
      TestInput<String, Long> numbers = driver.input("numbers", Serdes.string(), Serdes.longs());
      numbers.send(21L, T0);
      numbers.sendRaw(null, new byte[] {1, 2, 3}, T0);
      assertThat(driver.output("doubled", Serdes.bytes(), Serdes.longs()).readValues())
          .containsExactly(42L);
      assertThat(driver.output("test-driver-dlq", Serdes.bytes(), Serdes.bytes()).readValues())
          .singleElement()
          .isEqualTo(new byte[] {1, 2, 3});
    }
  }

  @Test
  void theSameInputGivesTheSameOutput() {
    List<List<String>> runs = new ArrayList<>();
    for (int run = 0; run < 2; run++) {
      try (PipelineTestDriver driver = PipelineTestDriver.create(pipeline())) {
        TestInput<String, String> events = driver.input("events", Serdes.string(), Serdes.string());
        for (int i = 0; i < 200; i++) {
          events.send("user-" + (i % 7) + ":x", T0.plusMillis(i * 397L % 60_000));
        }
        driver.advanceWatermark(T0.plusSeconds(120));
        runs.add(driver.output("out", Serdes.string(), Serdes.string()).readValues());
      }
    }
    assertThat(runs.get(0)).isNotEmpty().isEqualTo(runs.get(1));
  }

  @Test
  void stateCanBeInspectedAndUnknownTopicsAreRefused() {
    try (PipelineTestDriver driver = PipelineTestDriver.create(pipeline())) {
      assertThatThrownBy(() -> driver.input("nope", Serdes.string(), Serdes.string()))
          .hasMessageContaining("No source of the pipeline reads topic 'nope'")
          .hasMessageContaining("[events]");
      assertThatThrownBy(() -> driver.valueState("nope", "a", Serdes.string(), Serdes.longs()))
          .hasMessageContaining("declares state 'nope'");
    }
  }
}
