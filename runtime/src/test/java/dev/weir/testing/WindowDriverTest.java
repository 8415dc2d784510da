package dev.weir.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.weir.api.KafkaSink;
import dev.weir.api.KafkaSource;
import dev.weir.api.KeyedStream;
import dev.weir.api.OutputTag;
import dev.weir.api.Pipeline;
import dev.weir.api.Repartition;
import dev.weir.api.functions.AggregateFunction;
import dev.weir.api.functions.Collector;
import dev.weir.api.time.WatermarkStrategy;
import dev.weir.api.windows.ContinuousProcessingTimeTrigger;
import dev.weir.api.windows.CountTrigger;
import dev.weir.api.windows.EventTimeSessionWindows;
import dev.weir.api.windows.EventTimeTrigger;
import dev.weir.api.windows.GlobalWindows;
import dev.weir.api.windows.ProcessWindowFunction;
import dev.weir.api.windows.PurgingTrigger;
import dev.weir.api.windows.SlidingEventTimeWindows;
import dev.weir.api.windows.TimeWindow;
import dev.weir.api.windows.TumblingEventTimeWindows;
import dev.weir.api.windows.TumblingProcessingTimeWindows;
import dev.weir.config.WeirConfig;
import dev.weir.serde.Serdes;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Window semantics through {@link PipelineTestDriver}: the real runtime operators, task
 * watermarks, timers kept as keyed state, repartition topics and side outputs. Every expectation
 * is computed by hand in the comments, in seconds after {@link #T0}: a source with an
 * out-of-orderness bound B has the watermark "largest timestamp - B - 1 ms" after a record; a
 * window [s, e) fires once the watermark reaches e - 1 ms and its result carries e - 1 ms.
 *
 * <p>Window results are labelled "key@[start,end)=result" with start and end in seconds after
 * T0.
 */
class WindowDriverTest {

  private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
  private static final long T0_MS = T0.toEpochMilli();

  private static final String EVENTS = "events";
  private static final String OUT = "out";
  private static final String LATE_TOPIC = "late";
  private static final OutputTag<String> LATE = OutputTag.of("late", Serdes.string());

  /** Counts elements; merges, so it works for sessions. */
  static final class Count implements AggregateFunction<String, Long, Long> {
    @Override
    public Long createAccumulator() {
      return 0L;
    }

    @Override
    public Long add(String value, Long accumulator) {
      return accumulator + 1;
    }

    @Override
    public Long result(Long accumulator) {
      return accumulator;
    }

    @Override
    public Long merge(Long a, Long b) {
      return a + b;
    }
  }

  /**
   * "key@[start,end)=e1,e2,... wm=watermark": every element of the window in the order it holds
   * them, and the watermark the firing saw.
   */
  static final class Describe implements ProcessWindowFunction<String, String, String, TimeWindow> {
    @Override
    public void process(
        String key, Context<TimeWindow> context, Iterable<String> elements, Collector<String> out) {
      List<String> all = new ArrayList<>();
      elements.forEach(all::add);
      out.collect(
          label(key, context.window(), String.join(",", all))
              + " wm="
              + seconds(context.currentWatermark()));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers

  /** T0 plus {@code seconds}. */
  private static Instant at(long seconds) {
    return T0.plusSeconds(seconds);
  }

  /** The max timestamp of a window that ends {@code endSeconds} after T0: end - 1 ms. */
  private static Instant maxOf(long endSeconds) {
    return at(endSeconds).minusMillis(1);
  }

  /** Seconds after T0, "10" or "9.999". */
  private static String seconds(long epochMillis) {
    long millis = epochMillis - T0_MS;
    return millis % 1000 == 0
        ? Long.toString(millis / 1000)
        : BigDecimal.valueOf(millis, 3).toPlainString();
  }

  private static String label(String key, TimeWindow window, Object result) {
    return key + "@[" + seconds(window.start()) + "," + seconds(window.end()) + ")=" + result;
  }

  private static <V> TestRecord<String, V> record(String key, V value, Instant timestamp) {
    return new TestRecord<>(key, value, timestamp);
  }

  /** A stream keyed by the record key of topic "events", with these watermarks. */
  private static KeyedStream<String, String> events(
      Pipeline pipeline, WatermarkStrategy<String> watermarks) {
    return pipeline.keyedSource(
        KafkaSource.of(EVENTS, Serdes.string(), Serdes.string()).withWatermarks(watermarks));
  }

  private static WatermarkStrategy<String> bounded(long seconds) {
    return WatermarkStrategy.forBoundedOutOfOrderness(Duration.ofSeconds(seconds));
  }

  private static void sinkTo(KeyedStream<String, String> results, String topic) {
    results.sinkTo(KafkaSink.of(topic, Serdes.string(), Serdes.string()));
  }

  /** Sends the value "key+second" (e.g. "a7") with key and event time T0 + second. */
  private static void send(TestInput<String, String> input, String key, long second) {
    input.send(key, key + second, at(second));
  }

  private static TestInput<String, String> events(PipelineTestDriver driver) {
    return driver.input(EVENTS, Serdes.string(), Serdes.string());
  }

  private static TestOutput<String, String> out(PipelineTestDriver driver) {
    return driver.output(OUT, Serdes.string(), Serdes.string());
  }

  private static TestOutput<byte[], String> late(PipelineTestDriver driver) {
    return driver.output(LATE_TOPIC, Serdes.bytes(), Serdes.string());
  }

  private static double lateRecordsDropped(PipelineTestDriver driver, String operator) {
    return driver
        .meters()
        .get("weir.late.records.dropped")
        .tag("operator", operator)
        .counter()
        .count();
  }

  // ---------------------------------------------------------------------------------------------

  @Nested
  class Tumbling {

    @Test
    void eachWindowFiresOnceTheWatermarkReachesItsEndAndOutOfOrderRecordsWithinTheBoundCount() {
      Pipeline pipeline = Pipeline.create();
      sinkTo(
          events(pipeline, bounded(5))
              .window(TumblingEventTimeWindows.of(Duration.ofSeconds(10)))
              .aggregate("counts", new Count(), Serdes.longs(), WindowDriverTest::label),
          OUT);

      try (PipelineTestDriver driver = PipelineTestDriver.create(pipeline)) {
        TestInput<String, String> events = events(driver);
        TestOutput<String, String> out = out(driver);

        send(events, "a", 1);
        send(events, "b", 3);
        send(events, "a", 12); // watermark 12 - 5 - 0.001 = 6.999
        send(events, "a", 8); // out of order, but 8 > 6.999: counted in [0,10)
        send(events, "b", 9);
        assertThat(out.readAll()).isEmpty();
        assertThat(driver.watermark(EVENTS)).contains(maxOf(7));

        // The record itself goes into [10,20) under the old watermark; then 15 - 5 - 0.001 = 9.999
        // reaches [0,10)'s max timestamp: both keys' windows fire, stamped 9.999.
        send(events, "a", 15);
        assertThat(out.readAll())
            .containsExactlyInAnyOrder(
                record("a", "a@[0,10)=2", maxOf(10)), record("b", "b@[0,10)=2", maxOf(10)));
        assertThat(driver.watermark(EVENTS)).contains(maxOf(10));

        // 19.998 is one ms short of [10,20)'s max timestamp.
        driver.advanceWatermark(maxOf(20).minusMillis(1));
        assertThat(out.readAll()).isEmpty();
        // [10,20) holds a12 and a15; b has no window there, so emits nothing.
        driver.advanceWatermark(maxOf(20));
        assertThat(out.readAll()).containsExactly(record("a", "a@[10,20)=2", maxOf(20)));
      }
    }

    @Test
    void anOffsetShiftsTheWindowBounds() {
      Pipeline pipeline = Pipeline.create();
      sinkTo(
          events(pipeline, bounded(2))
              // Windows start 3 s past each multiple of 10 s: [-7,3), [3,13), [13,23).
              .window(TumblingEventTimeWindows.of(Duration.ofSeconds(10), Duration.ofSeconds(3)))
              .aggregate("shifted", new Count(), Serdes.longs(), WindowDriverTest::label),
          OUT);

      try (PipelineTestDriver driver = PipelineTestDriver.create(pipeline)) {
        TestInput<String, String> events = events(driver);
        TestOutput<String, String> out = out(driver);

        send(events, "a", 2); // [-7,3)
        send(events, "a", 3); // [3,13): the start belongs to the window
        assertThat(out.readAll()).isEmpty();
        // Watermark 11 - 2 - 0.001 = 8.999 passes 2.999, the max timestamp of [-7,3).
        send(events, "a", 11);
        assertThat(out.readAll()).containsExactly(record("a", "a@[-7,3)=1", maxOf(3)));

        send(events, "a", 10); // out of order, 10 > 8.999: [3,13)
        send(events, "a", 13); // [13,23); watermark 10.999
        driver.advanceWatermark(maxOf(13).minusMillis(1));
        assertThat(out.readAll()).isEmpty();
        driver.advanceWatermark(maxOf(13)); // 12.999
        assertThat(out.readAll()).containsExactly(record("a", "a@[3,13)=3", maxOf(13)));
      }
    }
  }

  @Nested
  class Sliding {

    @Test
    void eachElementIsInSizeOverSlideWindowsAndEachWindowFiresAtItsOwnEnd() {
      Pipeline pipeline = Pipeline.create();
      sinkTo(
          events(pipeline, bounded(5))
              // Size 10 s, slide 5 s: each element is in 2 windows.
              .window(SlidingEventTimeWindows.of(Duration.ofSeconds(10), Duration.ofSeconds(5)))
              .reduce(
                  "sliding",
                  (a, b) -> a + "," + b,
                  Serdes.string(),
                  WindowDriverTest::label),
          OUT);

      try (PipelineTestDriver driver = PipelineTestDriver.create(pipeline)) {
        TestInput<String, String> events = events(driver);
        TestOutput<String, String> out = out(driver);

        send(events, "a", 7); // [0,10) and [5,15); watermark 1.999
        send(events, "a", 3); // out of order: [-5,5) and [0,10), both still open
        assertThat(out.readAll()).isEmpty();

        // a12 goes into [5,15) and [10,20); then the watermark 6.999 passes 4.999.
        send(events, "a", 12);
        assertThat(out.readAll()).containsExactly(record("a", "a@[-5,5)=a3", maxOf(5)));

        driver.advanceWatermark(maxOf(10)); // 9.999
        assertThat(out.readAll()).containsExactly(record("a", "a@[0,10)=a7,a3", maxOf(10)));

        // Watermark 19.999 reaches 14.999 and 19.999.
        driver.advanceWatermark(maxOf(20));
        assertThat(out.readAll())
            .containsExactly(
                record("a", "a@[5,15)=a7,a12", maxOf(15)), record("a", "a@[10,20)=a12", maxOf(20)));
      }
    }

    @Test
    void aRecordLateForOnlySomeOfItsWindowsGoesIntoTheOthersAndIsNotLate() {
      Pipeline pipeline = Pipeline.create();
      KeyedStream<String, String> counts =
          events(pipeline, bounded(0))
              .window(SlidingEventTimeWindows.of(Duration.ofSeconds(10), Duration.ofSeconds(5)))
              .sideOutputLateData(LATE)
              .aggregate("sliding-late", new Count(), Serdes.longs(), WindowDriverTest::label);
      sinkTo(counts, OUT);
      counts.sideOutput(LATE).sinkTo(KafkaSink.valuesOnly(LATE_TOPIC, Serdes.string()));

      try (PipelineTestDriver driver = PipelineTestDriver.create(pipeline)) {
        TestInput<String, String> events = events(driver);
        TestOutput<String, String> out = out(driver);

        driver.advanceWatermark(maxOf(10)); // 9.999
        // a7 belongs to [0,10), which is past (9.999 <= 9.999, no lateness), and to [5,15),
        // which is open: it goes into [5,15) only, and is not reported late.
        send(events, "a", 7);
        assertThat(out.readAll()).isEmpty();
        assertThat(late(driver).readAll()).isEmpty();
        assertThat(lateRecordsDropped(driver, "sliding-late")).isZero();

        driver.advanceWatermark(maxOf(15));
        assertThat(out.readAll()).containsExactly(record("a", "a@[5,15)=1", maxOf(15)));
      }
    }
  }

  @Nested
  class Sessions {

    @Test
    void aRecordThatBridgesTwoSessionsMergesThemAndTheirCounts() {
      Pipeline pipeline = Pipeline.create();
      sinkTo(
          events(pipeline, bounded(10))
              .window(EventTimeSessionWindows.withGap(Duration.ofSeconds(5)))
              .aggregate("sessions", new Count(), Serdes.longs(), WindowDriverTest::label),
          OUT);

      try (PipelineTestDriver driver = PipelineTestDriver.create(pipeline)) {
        TestInput<String, String> events = events(driver);
        TestOutput<String, String> out = out(driver);

        send(events, "a", 0); // session [0,5)
        send(events, "a", 8); // [8,13): 5 < 8, a separate session
        send(events, "b", 1); // b's own session [1,6)
        // [4,9) overlaps [0,5) and [8,13): the three become [0,13), with count 1 + 1 + 1.
        send(events, "a", 4);
        assertThat(out.readAll()).isEmpty(); // watermark 8 - 10 - 0.001 < 0

        // 5.999 closes b's session; a's old [0,5) is gone (merged), so a emits nothing.
        driver.advanceWatermark(maxOf(6));
        assertThat(out.readAll()).containsExactly(record("b", "b@[1,6)=1", maxOf(6)));

        driver.advanceWatermark(maxOf(13).minusMillis(1));
        assertThat(out.readAll()).isEmpty();
        driver.advanceWatermark(maxOf(13));
        assertThat(out.readAll()).containsExactly(record("a", "a@[0,13)=3", maxOf(13)));

        // A new session after the gap starts from zero.
        send(events, "a", 20);
        driver.advanceWatermark(maxOf(25));
        assertThat(out.readAll()).containsExactly(record("a", "a@[20,25)=1", maxOf(25)));
      }
    }

    @Test
    void aMergedProcessSessionSeesTheElementsOfAllItsParts() {
      Pipeline pipeline = Pipeline.create();
      sinkTo(
          events(pipeline, bounded(10))
              .window(EventTimeSessionWindows.withGap(Duration.ofSeconds(5)))
              .process("session-elements", new Describe(), Serdes.string()),
          OUT);

      try (PipelineTestDriver driver = PipelineTestDriver.create(pipeline)) {
        TestInput<String, String> events = events(driver);
        TestOutput<String, String> out = out(driver);

        send(events, "a", 0); // [0,5)
        send(events, "a", 8); // [8,13)
        send(events, "a", 4); // [4,9) bridges them: [0,13)
        // The merged parts' elements follow one another (earliest part first), then the bridge.
        driver.advanceWatermark(maxOf(13));
        assertThat(out.readAll())
            .containsExactly(record("a", "a@[0,13)=a0,a8,a4 wm=12.999", maxOf(13)));
      }
    }
  }

  @Nested
  class Lateness {

    @Test
    void aLateRecordWithinTheLatenessReEmitsTheWindowAndBeyondItGoesToTheSideOutput() {
      Pipeline pipeline = Pipeline.create();
      KeyedStream<String, String> counts =
          events(pipeline, WatermarkStrategy.forMonotonousTimestamps())
              .window(TumblingEventTimeWindows.of(Duration.ofSeconds(10)))
              .allowedLateness(Duration.ofSeconds(5))
              .sideOutputLateData(LATE)
              .aggregate("counts", new Count(), Serdes.longs(), WindowDriverTest::label);
      sinkTo(counts, OUT);
      counts.sideOutput(LATE).sinkTo(KafkaSink.valuesOnly(LATE_TOPIC, Serdes.string()));

      try (PipelineTestDriver driver = PipelineTestDriver.create(pipeline)) {
        TestInput<String, String> events = events(driver);
        TestOutput<String, String> out = out(driver);
        TestOutput<byte[], String> late = late(driver);

        send(events, "a", 1);
        send(events, "a", 3);
        // Watermark 10 - 0 - 0.001 = 9.999: [0,10) fires on time. Its state lives on until
        // 9.999 + 5 = 14.999.
        send(events, "a", 10);
        assertThat(out.readAll()).containsExactly(record("a", "a@[0,10)=2", maxOf(10)));

        // Late (4 < 9.999) but 14.999 > 9.999: added, and the window fires again at once.
        send(events, "a", 4);
        assertThat(out.readValues()).containsExactly("a@[0,10)=3");

        send(events, "a", 14); // watermark 13.999; [10,20) has a10, a14
        send(events, "a", 5); // 14.999 > 13.999: still allowed
        assertThat(out.readValues()).containsExactly("a@[0,10)=4");
        assertThat(late.readAll()).isEmpty();

        // Watermark 14.999 reaches [0,10)'s cleanup time: deleted, nothing emitted.
        send(events, "a", 15);
        assertThat(out.readAll()).isEmpty();

        // Now [0,10) is gone for good: 9.999 + 5 <= 14.999. The record goes to the side output
        // with its own timestamp, and nothing is re-emitted (no state left to re-emit).
        send(events, "a", 6);
        assertThat(out.readAll()).isEmpty();
        assertThat(late.readAll())
            .singleElement()
            .satisfies(
                record -> {
                  assertThat(record.value()).isEqualTo("a6");
                  assertThat(record.timestamp()).isEqualTo(at(6));
                });
        assertThat(lateRecordsDropped(driver, "counts")).isZero();

        // The next window is unaffected: a10, a14, a15.
        driver.advanceWatermark(maxOf(20));
        assertThat(out.readAll()).containsExactly(record("a", "a@[10,20)=3", maxOf(20)));
      }
    }

    @Test
    void withoutASideOutputALateRecordIsDroppedAndCounted() {
      Pipeline pipeline = Pipeline.create();
      sinkTo(
          events(pipeline, bounded(0))
              .window(TumblingEventTimeWindows.of(Duration.ofSeconds(10)))
              .aggregate("dropping", new Count(), Serdes.longs(), WindowDriverTest::label),
          OUT);

      try (PipelineTestDriver driver = PipelineTestDriver.create(pipeline)) {
        TestInput<String, String> events = events(driver);
        TestOutput<String, String> out = out(driver);

        send(events, "a", 1);
        driver.advanceWatermark(maxOf(10));
        assertThat(out.readAll()).containsExactly(record("a", "a@[0,10)=1", maxOf(10)));
        assertThat(lateRecordsDropped(driver, "dropping")).isZero();

        // No lateness: 9.999 + 0 <= 9.999, so a2 and b9 are late; the window is not re-emitted.
        send(events, "a", 2);
        send(events, "b", 9);
        assertThat(out.readAll()).isEmpty();
        assertThat(lateRecordsDropped(driver, "dropping")).isEqualTo(2);

        send(events, "a", 10); // on time for [10,20): not counted
        assertThat(lateRecordsDropped(driver, "dropping")).isEqualTo(2);
        driver.advanceWatermark(maxOf(20));
        assertThat(out.readValues()).containsExactly("a@[10,20)=1");
      }
    }

    @Test
    void aLateFiringCarriesTheWindowsMaxTimestamp() {
      // Window.maxTimestamp(): "results are emitted with it as their timestamp"; Flink stamps
      // every firing, late ones included, with window.maxTimestamp().
      Pipeline pipeline = Pipeline.create();
      sinkTo(
          events(pipeline, bounded(0))
              .window(TumblingEventTimeWindows.of(Duration.ofSeconds(10)))
              .allowedLateness(Duration.ofSeconds(5))
              .aggregate("counts", new Count(), Serdes.longs(), WindowDriverTest::label),
          OUT);

      try (PipelineTestDriver driver = PipelineTestDriver.create(pipeline)) {
        TestInput<String, String> events = events(driver);
        TestOutput<String, String> out = out(driver);

        send(events, "a", 1);
        driver.advanceWatermark(maxOf(10));
        assertThat(out.readAll()).containsExactly(record("a", "a@[0,10)=1", maxOf(10)));

        send(events, "a", 4); // late, within the lateness: re-fires [0,10)
        assertThat(out.readAll()).containsExactly(record("a", "a@[0,10)=2", maxOf(10)));
      }
    }
  }

  @Nested
  class Triggers {

    @Test
    void earlyFiringsFollowTheClockAndTheWatermarkStillGivesTheFinalResult() {
      Pipeline pipeline = Pipeline.create();
      sinkTo(
          events(pipeline, WatermarkStrategy.forMonotonousTimestamps())
              .window(TumblingEventTimeWindows.of(Duration.ofSeconds(60)))
              .trigger(EventTimeTrigger.withEarlyFirings(Duration.ofSeconds(10)))
              .aggregate("early", new Count(), Serdes.longs(), WindowDriverTest::label),
          OUT);

      // The processing-time clock starts at the epoch, far from the event times.
      try (PipelineTestDriver driver = PipelineTestDriver.create(pipeline)) {
        TestInput<String, String> events = events(driver);
        TestOutput<String, String> out = out(driver);

        send(events, "a", 5); // clock 0: an early firing at the next multiple of 10 s, clock 10 s
        driver.advanceProcessingTime(Duration.ofMillis(9_999));
        assertThat(out.readAll()).isEmpty();
        driver.advanceProcessingTime(Duration.ofMillis(1)); // clock 10 s
        assertThat(out.readValues()).containsExactly("a@[0,60)=1");

        driver.advanceProcessingTime(Duration.ofSeconds(10)); // clock 20 s: nothing new, no firing
        assertThat(out.readAll()).isEmpty();

        send(events, "a", 20); // clock 20 s: early firing at 30 s
        send(events, "a", 25); // already scheduled
        driver.advanceProcessingTime(Duration.ofSeconds(10)); // clock 30 s
        assertThat(out.readValues()).containsExactly("a@[0,60)=3");

        // Watermark 61 - 0.001 = 60.999 passes 59.999: the on-time result, stamped 59.999, even
        // though nothing came since the last early one. a61 opens [60,120), early firing at 40 s.
        send(events, "a", 61);
        assertThat(out.readAll()).containsExactly(record("a", "a@[0,60)=3", maxOf(60)));

        driver.advanceProcessingTime(Duration.ofSeconds(10)); // clock 40 s: only [60,120)
        assertThat(out.readValues()).containsExactly("a@[60,120)=1");
        driver.advanceProcessingTime(Duration.ofMinutes(5));
        assertThat(out.readAll()).isEmpty();
      }
    }

    @Test
    void anEarlyFiringCarriesTheWindowsMaxTimestamp() {
      // An early result of an event-time window is a result of that window: Flink stamps it with
      // window.maxTimestamp(), and Window.maxTimestamp() says results are emitted with it. Stamped
      // with the worker's clock, it would land in another window (or be late) downstream.
      Pipeline pipeline = Pipeline.create();
      sinkTo(
          events(pipeline, WatermarkStrategy.forMonotonousTimestamps())
              .window(TumblingEventTimeWindows.of(Duration.ofSeconds(60)))
              .trigger(EventTimeTrigger.withEarlyFirings(Duration.ofSeconds(10)))
              .aggregate("early", new Count(), Serdes.longs(), WindowDriverTest::label),
          OUT);

      try (PipelineTestDriver driver = PipelineTestDriver.create(pipeline)) {
        send(events(driver), "a", 5);
        driver.advanceProcessingTime(Duration.ofSeconds(10));
        assertThat(out(driver).readAll()).containsExactly(record("a", "a@[0,60)=1", maxOf(60)));
      }
    }

    @Test
    void aContinuousProcessingTimeTriggerEmitsEveryIntervalAndAtTheWindowsEnd() {
      Pipeline pipeline = Pipeline.create();
      sinkTo(
          events(pipeline, WatermarkStrategy.noWatermarks())
              .window(TumblingProcessingTimeWindows.of(Duration.ofSeconds(60)))
              .trigger(ContinuousProcessingTimeTrigger.of(Duration.ofSeconds(20)))
              .aggregate("continuous", new Count(), Serdes.longs(), WindowDriverTest::label),
          OUT);

      // The clock starts at T0, so the processing-time windows are [0,60), [60,120)...
      try (PipelineTestDriver driver =
          PipelineTestDriver.create(pipeline, WeirConfig.builder().build(), T0)) {
        TestInput<String, String> events = events(driver);
        TestOutput<String, String> out = out(driver);

        driver.advanceProcessingTime(Duration.ofSeconds(5));
        events.send("a", "x", Instant.EPOCH); // clock 5: first firing at 20
        driver.advanceProcessingTime(Duration.ofSeconds(14)); // 19
        assertThat(out.readAll()).isEmpty();
        driver.advanceProcessingTime(Duration.ofSeconds(1)); // 20
        // Every result of a window carries its max timestamp, whatever made it fire.
        assertThat(out.readAll()).containsExactly(record("a", "a@[0,60)=1", maxOf(60)));

        driver.advanceProcessingTime(Duration.ofSeconds(10)); // 30
        events.send("a", "y", Instant.EPOCH);
        driver.advanceProcessingTime(Duration.ofSeconds(10)); // 40: fires again, every interval
        assertThat(out.readValues()).containsExactly("a@[0,60)=2");
        // The last firing is at the window's max timestamp, 59.999; then the window is deleted.
        driver.advanceProcessingTime(Duration.ofMillis(19_999));
        assertThat(out.readAll()).containsExactly(record("a", "a@[0,60)=2", maxOf(60)));
        driver.advanceProcessingTime(Duration.ofMinutes(2));
        assertThat(out.readAll()).isEmpty();
      }
    }

    @Test
    void aPurgingCountTriggerOnTheGlobalWindowEmitsEveryNElementsPerKey() {
      Pipeline pipeline = Pipeline.create();
      sinkTo(
          events(pipeline, bounded(0))
              .window(GlobalWindows.create())
              .trigger(PurgingTrigger.of(CountTrigger.of(3)))
              .reduce("triples", (a, b) -> a + "," + b, Serdes.string()),
          OUT);

      try (PipelineTestDriver driver = PipelineTestDriver.create(pipeline)) {
        TestInput<String, String> events = events(driver);
        TestOutput<String, String> out = out(driver);

        for (int second = 1; second <= 7; second++) {
          send(events, "a", second);
          if (second <= 4) {
            send(events, "b", second);
          }
        }
        // a: a1..a3 fire, then a4..a6; a7 waits. b: b1..b3 fire; b4 waits. Each result holds
        // only the elements since the last one (purging).
        assertThat(out.readAll())
            .extracting(TestRecord::key, TestRecord::value)
            .containsExactly(
                tuple("a", "a1,a2,a3"),
                tuple("b", "b1,b2,b3"),
                tuple("a", "a4,a5,a6"));

        // The global window never ends: neither time fires it.
        driver.advanceWatermark(at(3600));
        driver.advanceProcessingTime(Duration.ofHours(1));
        assertThat(out.readAll()).isEmpty();

        send(events, "b", 5);
        send(events, "b", 6);
        assertThat(out.readValues()).containsExactly("b4,b5,b6");
      }
    }

    @Test
    void aCountTriggerWithoutPurgingEmitsARunningResult() {
      Pipeline pipeline = Pipeline.create();
      sinkTo(
          events(pipeline, WatermarkStrategy.noWatermarks())
              .window(GlobalWindows.create())
              .trigger(CountTrigger.of(2))
              .aggregate(
                  "pairs",
                  new Count(),
                  Serdes.longs(),
                  (key, window, count) -> key + "=" + count),
          OUT);

      try (PipelineTestDriver driver = PipelineTestDriver.create(pipeline)) {
        TestInput<String, String> events = events(driver);
        TestOutput<String, String> out = out(driver);
        for (int second = 1; second <= 5; second++) {
          send(events, "a", second);
        }
        // Fires at the 2nd and 4th element; the contents stay, so the count keeps growing.
        assertThat(out.readValues()).containsExactly("a=2", "a=4");
      }
    }
  }

  @Nested
  class ProcessingTime {

    @Test
    void tumblingProcessingTimeWindowsFireWhenTheClockPassesTheirEnd() {
      Pipeline pipeline = Pipeline.create();
      sinkTo(
          events(pipeline, WatermarkStrategy.noWatermarks())
              .window(TumblingProcessingTimeWindows.of(Duration.ofSeconds(10)))
              .aggregate("per-10s", new Count(), Serdes.longs(), WindowDriverTest::label),
          OUT);

      try (PipelineTestDriver driver =
          PipelineTestDriver.create(pipeline, WeirConfig.builder().build(), T0)) {
        TestInput<String, String> events = events(driver);
        TestOutput<String, String> out = out(driver);

        // The record timestamps do not matter: the clock picks the window.
        events.send("a", "x", at(500));
        driver.advanceProcessingTime(Duration.ofSeconds(4)); // clock 4
        events.send("a", "y", at(-500));
        events.send("b", "z", Instant.EPOCH);
        driver.advanceWatermark(at(3600)); // event time does not close them
        driver.advanceProcessingTime(Duration.ofMillis(5_998)); // 9.998
        assertThat(out.readAll()).isEmpty();

        driver.advanceProcessingTime(Duration.ofMillis(1)); // 9.999: [0,10)'s max timestamp
        assertThat(out.readAll())
            .containsExactlyInAnyOrder(
                record("a", "a@[0,10)=2", maxOf(10)), record("b", "b@[0,10)=1", maxOf(10)));

        driver.advanceProcessingTime(Duration.ofMillis(1)); // 10: [10,20)
        events.send("a", "w", Instant.EPOCH);
        driver.advanceProcessingTime(Duration.ofSeconds(10)); // 20
        assertThat(out.readAll()).containsExactly(record("a", "a@[10,20)=1", maxOf(20)));
      }
    }
  }

  @Nested
  class Process {

    @Test
    void aProcessWindowFunctionSeesAllElementsInArrivalOrderAndTheWindowBounds() {
      Pipeline pipeline = Pipeline.create();
      sinkTo(
          events(pipeline, bounded(5))
              .window(TumblingEventTimeWindows.of(Duration.ofSeconds(10)))
              .allowedLateness(Duration.ofSeconds(10))
              .process("describe", new Describe(), Serdes.string()),
          OUT);

      try (PipelineTestDriver driver = PipelineTestDriver.create(pipeline)) {
        TestInput<String, String> events = events(driver);
        TestOutput<String, String> out = out(driver);

        send(events, "a", 4);
        send(events, "a", 9);
        send(events, "a", 2); // out of order: kept in arrival order, not time order
        send(events, "b", 5);
        send(events, "a", 12); // [10,20); watermark 6.999
        assertThat(out.readAll()).isEmpty();

        driver.advanceWatermark(maxOf(10)); // 9.999
        assertThat(out.readAll())
            .containsExactlyInAnyOrder(
                record("a", "a@[0,10)=a4,a9,a2 wm=9.999", maxOf(10)),
                record("b", "b@[0,10)=b5 wm=9.999", maxOf(10)));

        // Late within the 10 s lateness: the function sees every element again, plus the new one.
        send(events, "a", 1);
        assertThat(out.readValues()).containsExactly("a@[0,10)=a4,a9,a2,a1 wm=9.999");

        // 19.999: [10,20) fires; [0,10) lives until 9.999 + 10 = 19.999 and is then deleted.
        driver.advanceWatermark(maxOf(20));
        assertThat(out.readAll())
            .containsExactly(record("a", "a@[10,20)=a12 wm=19.999", maxOf(20)));
      }
    }
  }

  @Nested
  class AcrossStages {

    @Test
    void watermarksCrossRepartitionTopicsAndResultsLandInTheDownstreamWindowOfTheirMaxTimestamp() {
      // clicks "user:second" -> keyBy user (repartition "by-user") -> 10 s counts per user
      //   -> "per-user", and -> keyBy "all" (repartition "all") -> 20 s sums -> "totals".
      Pipeline pipeline = Pipeline.create();
      KeyedStream<String, Long> perUser =
          pipeline
              .source(
                  KafkaSource.of("clicks", Serdes.string(), Serdes.string())
                      .withWatermarks(
                          WatermarkStrategy.<String>forBoundedOutOfOrderness(Duration.ofSeconds(2))
                              // Event time comes from the value, not the Kafka timestamp.
                              .withTimestampAssigner(
                                  (value, recordTimestamp) ->
                                      at(Long.parseLong(value.substring(value.indexOf(':') + 1)))
                                          .toEpochMilli())))
              .keyBy(
                  Repartition.<String, String>by(
                          value -> value.substring(0, value.indexOf(':')), Serdes.string())
                      .named("by-user"))
              .window(TumblingEventTimeWindows.of(Duration.ofSeconds(10)))
              .aggregate("clicks-per-user", new Count(), Serdes.longs());
      perUser.sinkTo(KafkaSink.of("per-user", Serdes.string(), Serdes.longs()));
      perUser
          .asStream()
          .keyBy(
              Repartition.<Long, String>by(count -> "all", Serdes.string())
                  .valueSerde(Serdes.longs())
                  .named("all"))
          .window(TumblingEventTimeWindows.of(Duration.ofSeconds(20)))
          .reduce("total-clicks", Long::sum, Serdes.longs())
          .sinkTo(KafkaSink.of("totals", Serdes.string(), Serdes.longs()));

      try (PipelineTestDriver driver = PipelineTestDriver.create(pipeline)) {
        TestInput<String, String> clicks = driver.input("clicks", Serdes.string(), Serdes.string());
        TestOutput<String, Long> counts = driver.output("per-user", Serdes.string(), Serdes.longs());
        TestOutput<String, Long> totals = driver.output("totals", Serdes.string(), Serdes.longs());
        String byUser = "test-driver-by-user-repartition";
        String all = "test-driver-all-repartition";

        clicks.send("a:1", Instant.EPOCH);
        clicks.send("b:4", Instant.EPOCH);
        clicks.send("a:11", Instant.EPOCH); // source watermark 11 - 2 - 0.001 = 8.999
        assertThat(counts.readAll()).isEmpty();
        assertThat(driver.watermark("clicks")).contains(maxOf(9));
        // The watermark crossed the repartition topic at the source task's commit.
        assertThat(driver.watermark(byUser)).contains(maxOf(9));

        // 9.999 at the source, then downstream: both users' [0,10) fire, stamped 9.999.
        clicks.send("b:12", Instant.EPOCH);
        assertThat(counts.readAll())
            .containsExactlyInAnyOrder(record("a", 1L, maxOf(10)), record("b", 1L, maxOf(10)));
        assertThat(driver.watermark(byUser)).contains(maxOf(10));
        assertThat(driver.watermark(all)).contains(maxOf(10));
        assertThat(totals.readAll()).isEmpty();

        clicks.send("a:15", Instant.EPOCH);
        clicks.send("b:23", Instant.EPOCH); // watermark 20.999 everywhere
        // Per user [10,20): a has a11, a15; b has b12; stamped 19.999. The next stage puts the
        // four counts (two stamped 9.999, two 19.999) into its [0,20), which fires at 19.999.
        assertThat(counts.readAll())
            .containsExactlyInAnyOrder(record("a", 2L, maxOf(20)), record("b", 1L, maxOf(20)));
        assertThat(totals.readAll()).containsExactly(record("all", 5L, maxOf(20)));
        assertThat(driver.watermark(all)).contains(maxOf(21));
      }
    }
  }
}
