package dev.weir.internal.windows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.api.KafkaSource;
import dev.weir.api.KeyedStream;
import dev.weir.api.OutputTag;
import dev.weir.api.Pipeline;
import dev.weir.api.functions.AggregateFunction;
import dev.weir.api.state.StateDescriptor;
import dev.weir.api.windows.ContinuousProcessingTimeTrigger;
import dev.weir.api.windows.CountTrigger;
import dev.weir.api.windows.EventTimeSessionWindows;
import dev.weir.api.windows.EventTimeTrigger;
import dev.weir.api.windows.GlobalWindows;
import dev.weir.api.windows.ProcessingTimeSessionWindows;
import dev.weir.api.windows.PurgingTrigger;
import dev.weir.api.windows.SlidingEventTimeWindows;
import dev.weir.api.windows.SlidingProcessingTimeWindows;
import dev.weir.api.windows.TimeWindow;
import dev.weir.api.windows.Trigger;
import dev.weir.api.windows.TriggerResult;
import dev.weir.api.windows.TumblingEventTimeWindows;
import dev.weir.api.windows.TumblingProcessingTimeWindows;
import dev.weir.api.windows.Window;
import dev.weir.serde.Serdes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Window semantics, hand-computed, through the operator a pipeline builds, run by {@link
 * WindowHarness}. Every test runs twice: once with one operator instance, once with a new
 * instance before every call (so nothing may live in Java fields between calls).
 */
class WindowOperatorTest {

  private static final OutputTag<Long> LATE = OutputTag.of("late-numbers", Serdes.longs());

  /** Counts elements; merges, so it works with sessions. */
  static final AggregateFunction<Long, Long, Long> COUNT =
      new AggregateFunction<>() {
        @Override
        public Long createAccumulator() {
          return 0L;
        }

        @Override
        public Long add(Long value, Long accumulator) {
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
      };

  private static KeyedStream<String, Long> numbers(Pipeline pipeline) {
    return pipeline.keyedSource(
        KafkaSource.of("numbers", Serdes.string(), Serdes.longs()).named("numbers"));
  }

  /**
   * 10 ms windows sliding by 5 ms whose process function, {@code listed}, emits each window's
   * elements as {@code key@[start,end)=[elements]}.
   */
  private static Pipeline listingSlidingWindows() {
    Pipeline pipeline = Pipeline.create();
    numbers(pipeline)
        .window(SlidingEventTimeWindows.of(Duration.ofMillis(10), Duration.ofMillis(5)))
        .process(
            "listed",
            (key, context, elements, out) -> {
              List<Long> all = new ArrayList<>();
              elements.forEach(all::add);
              out.collect(label(key, context.window(), all));
            },
            Serdes.longs());
    return pipeline;
  }

  /** {@code key@[start,end)=result}, or {@code key@global=result}. */
  static String label(String key, Window window, Object result) {
    String bounds =
        window instanceof TimeWindow time ? "[" + time.start() + "," + time.end() + ")" : "global";
    return key + "@" + bounds + "=" + result;
  }

  private static WindowHarness<String, Long, String> harness(
      Pipeline pipeline, String operator, boolean restart) throws Exception {
    return WindowHarness.<String, Long, String>of(pipeline, operator, Serdes.string())
        .restartingEachCall(restart);
  }

  private static void assertClean(WindowHarness<?, ?, ?> harness, String operator) {
    assertThat(harness.stateEntries(operator + ".windows")).as("window entries").isZero();
    assertThat(harness.timerCount()).as("timers").isZero();
  }

  @Nested
  class Tumbling {

    @ParameterizedTest(name = "restart each call: {0}")
    @ValueSource(booleans = {false, true})
    void emitsEachKeysWindowOnceTheWatermarkReachesItsMaxTimestamp(boolean restart)
        throws Exception {
      Pipeline pipeline = Pipeline.create();
      numbers(pipeline)
          .window(TumblingEventTimeWindows.of(Duration.ofMillis(10)))
          .reduce("sums", Long::sum, Serdes.longs(), WindowOperatorTest::label);
      var harness = harness(pipeline, "sums", restart);

      harness.processElement("a", 1L, 1);
      harness.processElement("a", 2L, 5);
      harness.processElement("a", 4L, 12);
      harness.processElement("b", 10L, 3);
      harness.processElement("a", 8L, 7); // out of order, and the watermark allows it

      harness.advanceWatermark(8);
      assertThat(harness.takeValues()).isEmpty();

      harness.advanceWatermark(9); // = end - 1 of [0, 10)
      assertThat(harness.outputs())
          .extracting(WindowHarness.Output::timestamp)
          .containsExactly(9L, 9L);
      assertThat(harness.takeValues()).containsExactly("a@[0,10)=11", "b@[0,10)=10");

      harness.advanceWatermark(19);
      assertThat(harness.takeValues()).containsExactly("a@[10,20)=4");
      assertClean(harness, "sums");
    }

    @ParameterizedTest(name = "restart each call: {0}")
    @ValueSource(booleans = {false, true})
    void anOffsetShiftsTheWindowsAndNegativeTimestampsWork(boolean restart) throws Exception {
      Pipeline pipeline = Pipeline.create();
      numbers(pipeline)
          .window(TumblingEventTimeWindows.of(Duration.ofMillis(10), Duration.ofMillis(3)))
          .reduce("sums", Long::sum, Serdes.longs(), WindowOperatorTest::label);
      var harness = harness(pipeline, "sums", restart);

      harness.processElement("a", 1L, 2); // [-7, 3)
      harness.processElement("a", 2L, 3); // [3, 13)
      harness.processElement("a", 4L, 12); // [3, 13)
      harness.processElement("a", 8L, 13); // [13, 23)
      harness.processElement("a", 16L, -8); // [-17, -7)
      harness.advanceWatermark(30);

      assertThat(harness.takeValues())
          .containsExactly("a@[-17,-7)=16", "a@[-7,3)=1", "a@[3,13)=6", "a@[13,23)=8");
      assertClean(harness, "sums");
    }
  }

  @Nested
  class Sliding {

    @ParameterizedTest(name = "restart each call: {0}")
    @ValueSource(booleans = {false, true})
    void eachElementIsInSizeOverSlideWindows(boolean restart) throws Exception {
      Pipeline pipeline = Pipeline.create();
      numbers(pipeline)
          .window(SlidingEventTimeWindows.of(Duration.ofMillis(10), Duration.ofMillis(5)))
          .reduce("sums", Long::sum, Serdes.longs(), WindowOperatorTest::label);
      var harness = harness(pipeline, "sums", restart);

      harness.processElement("a", 1L, 2); // [-5, 5) and [0, 10)
      harness.processElement("a", 2L, 7); // [0, 10) and [5, 15)
      harness.processElement("a", 4L, 11); // [5, 15) and [10, 20)
      assertThat(harness.stateEntries("sums.windows")).isEqualTo(4);

      harness.advanceWatermark(9);
      assertThat(harness.takeValues()).containsExactly("a@[-5,5)=1", "a@[0,10)=3");
      harness.advanceWatermark(100);
      assertThat(harness.takeValues()).containsExactly("a@[5,15)=6", "a@[10,20)=4");
      assertClean(harness, "sums");
    }

    @ParameterizedTest(name = "restart each call: {0}")
    @ValueSource(booleans = {false, true})
    void aRecordLateForSomeOfItsWindowsGoesIntoTheOthersAndIsNotReportedLate(boolean restart)
        throws Exception {
      Pipeline pipeline = Pipeline.create();
      numbers(pipeline)
          .window(SlidingEventTimeWindows.of(Duration.ofMillis(10), Duration.ofMillis(5)))
          .sideOutputLateData(LATE)
          .reduce("sums", Long::sum, Serdes.longs(), WindowOperatorTest::label);
      var harness = harness(pipeline, "sums", restart);

      harness.advanceWatermark(12);
      harness.processElement("a", 1L, 8); // [0, 10) is late, [5, 15) is not
      harness.advanceWatermark(14);

      assertThat(harness.takeValues()).containsExactly("a@[5,15)=1");
      assertThat(harness.sideOutput(LATE)).isEmpty();
      assertThat(harness.counter("late.records.dropped")).isZero();
      assertClean(harness, "sums");
    }
  }

  @Nested
  class Sessions {

    @ParameterizedTest(name = "restart each call: {0}")
    @ValueSource(booleans = {false, true})
    void aRecordThatBridgesTwoSessionsMergesThemAndTheirState(boolean restart) throws Exception {
      Pipeline pipeline = Pipeline.create();
      numbers(pipeline)
          .window(EventTimeSessionWindows.withGap(Duration.ofMillis(10)))
          .aggregate("sessions", COUNT, Serdes.longs(), WindowOperatorTest::label);
      var harness = harness(pipeline, "sessions", restart);

      harness.processElement("a", 1L, 0); // [0, 10)
      harness.processElement("a", 1L, 18); // [18, 28)
      assertThat(harness.stateEntries("sessions.windows")).isEqualTo(2);
      assertThat(harness.eventTimerTimes()).containsExactly(9L, 27L);

      harness.processElement("a", 1L, 9); // [9, 19) overlaps both: [0, 28)
      assertThat(harness.stateEntries("sessions.windows")).isEqualTo(1);
      // The timers moved to the merged window's end - 1.
      assertThat(harness.eventTimerTimes()).containsExactly(27L);

      harness.advanceWatermark(26);
      assertThat(harness.takeValues()).isEmpty();
      harness.advanceWatermark(27);
      assertThat(harness.takeValues()).containsExactly("a@[0,28)=3");
      assertClean(harness, "sessions");
    }

    @ParameterizedTest(name = "restart each call: {0}")
    @ValueSource(booleans = {false, true})
    void sessionsMergeWhenTheyTouchAndStayApartWhenAGapSeparatesThem(boolean restart)
        throws Exception {
      Pipeline pipeline = Pipeline.create();
      numbers(pipeline)
          .window(EventTimeSessionWindows.withGap(Duration.ofMillis(10)))
          .aggregate("sessions", COUNT, Serdes.longs(), WindowOperatorTest::label);
      var harness = harness(pipeline, "sessions", restart);

      harness.processElement("a", 1L, 0);
      harness.processElement("a", 1L, 10); // [10, 20) touches [0, 10): one session
      harness.processElement("a", 1L, 31); // more than the gap after 20: a new session
      harness.processElement("a", 1L, 33); // inside [31, 41): no new window
      harness.advanceWatermark(100);

      assertThat(harness.takeValues()).containsExactly("a@[0,20)=2", "a@[31,43)=2");
      assertClean(harness, "sessions");
    }

    @ParameterizedTest(name = "restart each call: {0}")
    @ValueSource(booleans = {false, true})
    void aMergedProcessWindowSeesTheElementsOfAllItsParts(boolean restart) throws Exception {
      Pipeline pipeline = Pipeline.create();
      numbers(pipeline)
          .window(EventTimeSessionWindows.withGap(Duration.ofMillis(10)))
          .process(
              "session-elements",
              (key, context, elements, out) -> {
                List<Long> all = new ArrayList<>();
                elements.forEach(all::add);
                out.collect(label(key, context.window(), all));
              },
              Serdes.longs());
      var harness = harness(pipeline, "session-elements", restart);

      harness.processElement("a", 1L, 0);
      harness.processElement("a", 2L, 18);
      harness.processElement("a", 3L, 9);
      harness.advanceWatermark(27);

      assertThat(harness.takeValues()).containsExactly("a@[0,28)=[1, 2, 3]");
      assertClean(harness, "session-elements");
      assertThat(harness.stateEntries("session-elements.elements")).isZero();
    }

    @ParameterizedTest(name = "restart each call: {0}")
    @ValueSource(booleans = {false, true})
    void aRecordTooLateForItsOwnSessionJoinsALiveSessionItTouches(boolean restart)
        throws Exception {
      Pipeline pipeline = Pipeline.create();
      numbers(pipeline)
          .window(EventTimeSessionWindows.withGap(Duration.ofMillis(10)))
          .sideOutputLateData(LATE)
          .aggregate("sessions", COUNT, Serdes.longs(), WindowOperatorTest::label);
      var harness = harness(pipeline, "sessions", restart);

      harness.processElement("a", 1L, 20); // [20, 30)
      harness.advanceWatermark(20);
      harness.processElement("a", 1L, 11); // [11, 21) alone would be late; merged: [11, 30)
      harness.processElement("a", 1L, 0); // [0, 10) is late and touches nothing live

      assertThat(harness.sideOutput(LATE)).extracting(WindowHarness.Output::value)
          .containsExactly(1L);
      harness.advanceWatermark(29);
      assertThat(harness.takeValues()).containsExactly("a@[11,30)=2");
      assertClean(harness, "sessions");
    }

    @ParameterizedTest(name = "restart each call: {0}")
    @ValueSource(booleans = {false, true})
    void processingTimeSessionsMergeAndFireByTheClock(boolean restart) throws Exception {
      Pipeline pipeline = Pipeline.create();
      numbers(pipeline)
          .window(ProcessingTimeSessionWindows.withGap(Duration.ofMillis(10)))
          .aggregate("sessions", COUNT, Serdes.longs(), WindowOperatorTest::label);
      var harness = harness(pipeline, "sessions", restart);

      harness.advanceProcessingTime(100);
      harness.processElement("a", 1L, 0); // [100, 110)
      harness.advanceProcessingTime(105);
      harness.processElement("a", 1L, 0); // [105, 115): merged into [100, 115)
      harness.advanceProcessingTime(113);
      assertThat(harness.takeValues()).isEmpty();
      harness.advanceProcessingTime(114);

      assertThat(harness.takeValues()).containsExactly("a@[100,115)=2");
      assertClean(harness, "sessions");
    }
  }

  @Nested
  class Lateness {

    @ParameterizedTest(name = "restart each call: {0}")
    @ValueSource(booleans = {false, true})
    void aLateRecordWithinTheAllowedLatenessUpdatesAndReEmitsTheWindow(boolean restart)
        throws Exception {
      Pipeline pipeline = Pipeline.create();
      numbers(pipeline)
          .window(TumblingEventTimeWindows.of(Duration.ofMillis(10)))
          .allowedLateness(Duration.ofMillis(5))
          .reduce("sums", Long::sum, Serdes.longs(), WindowOperatorTest::label);
      var harness = harness(pipeline, "sums", restart);

      harness.processElement("a", 1L, 1);
      harness.advanceWatermark(9);
      assertThat(harness.takeValues()).containsExactly("a@[0,10)=1");

      harness.processElement("a", 2L, 3); // late, but 9 + 5 > 9
      assertThat(harness.takeValues()).containsExactly("a@[0,10)=3");
      harness.advanceWatermark(13);
      harness.processElement("a", 4L, 4); // 9 + 5 > 13: still allowed
      assertThat(harness.takeValues()).containsExactly("a@[0,10)=7");

      harness.advanceWatermark(14); // 9 + 5 <= 14: the window is deleted, nothing emitted
      assertThat(harness.takeValues()).isEmpty();
      assertClean(harness, "sums");

      harness.processElement("a", 8L, 5); // too late, and no side output: dropped and counted
      assertThat(harness.takeValues()).isEmpty();
      assertThat(harness.counter("late.records.dropped")).isEqualTo(1);
      assertClean(harness, "sums");
    }

    @ParameterizedTest(name = "restart each call: {0}")
    @ValueSource(booleans = {false, true})
    void aRecordBeyondTheAllowedLatenessGoesToTheLateDataSideOutput(boolean restart)
        throws Exception {
      Pipeline pipeline = Pipeline.create();
      numbers(pipeline)
          .window(TumblingEventTimeWindows.of(Duration.ofMillis(10)))
          .allowedLateness(Duration.ofMillis(5))
          .sideOutputLateData(LATE)
          .reduce("sums", Long::sum, Serdes.longs(), WindowOperatorTest::label);
      var harness = harness(pipeline, "sums", restart);

      harness.processElement("a", 1L, 1);
      harness.advanceWatermark(20);
      assertThat(harness.takeValues()).containsExactly("a@[0,10)=1");

      harness.processElement("a", 2L, 3); // 9 + 5 <= 20
      harness.processElement("a", 4L, 16); // [10, 20): 19 + 5 > 20, allowed; fires at once

      assertThat(harness.sideOutput(LATE)).containsExactly(new WindowHarness.Output<>("a", 2L, 3));
      assertThat(harness.counter("late.records.dropped")).isZero();
      assertThat(harness.takeValues()).containsExactly("a@[10,20)=4");
      harness.advanceWatermark(24);
      assertClean(harness, "sums");
    }
  }

  /**
   * Tumbling and sliding windows with their default trigger find the windows a timer is for by
   * point reads, from the timer's time alone: the window whose max timestamp it is, and the window
   * whose cleanup time it is. Each test checks that no prefix scan of the windows state was made,
   * and hand-computed results that a wrong window would change.
   */
  @Nested
  class FixedSizeWindowTimers {

    @ParameterizedTest(name = "restart each call: {0}")
    @ValueSource(booleans = {false, true})
    void oneTimerFiresOneSlidingWindowAndDeletesTheOneBeforeIt(boolean restart) throws Exception {
      Pipeline pipeline = Pipeline.create();
      numbers(pipeline)
          .window(SlidingEventTimeWindows.of(Duration.ofMillis(10), Duration.ofMillis(5)))
          .allowedLateness(Duration.ofMillis(5))
          .sideOutputLateData(LATE)
          .reduce("sums", Long::sum, Serdes.longs(), WindowOperatorTest::label);
      var harness = harness(pipeline, "sums", restart);

      harness.processElement("a", 1L, 2); // [-5, 5) and [0, 10)
      harness.processElement("a", 2L, 7); // [0, 10) and [5, 15)
      harness.processElement("a", 4L, 12); // [5, 15) and [10, 20)
      // A window's cleanup time (max timestamp + 5) is the next one's max timestamp.
      assertThat(harness.eventTimerTimes()).containsExactly(4L, 9L, 14L, 19L, 24L);

      harness.advanceWatermark(9); // at 9: fires [0, 10), deletes [-5, 5)
      assertThat(harness.takeValues()).containsExactly("a@[-5,5)=1", "a@[0,10)=3");
      assertThat(harness.stateEntries("sums.windows")).isEqualTo(3);

      harness.processElement("a", 8L, 8); // late for [0, 10), but allowed: fires it at once
      assertThat(harness.takeValues()).containsExactly("a@[0,10)=11");
      harness.advanceWatermark(13);
      harness.processElement("a", 16L, 6); // 9 + 5 > 13: still allowed
      assertThat(harness.takeValues()).containsExactly("a@[0,10)=27");

      harness.advanceWatermark(14); // at 14: deletes [0, 10), fires [5, 15)
      assertThat(harness.takeValues()).containsExactly("a@[5,15)=30");
      assertThat(harness.stateEntries("sums.windows")).isEqualTo(2);

      harness.processElement("a", 32L, 3); // [-5, 5) and [0, 10) are gone: too late
      assertThat(harness.sideOutput(LATE)).containsExactly(new WindowHarness.Output<>("a", 32L, 3));
      assertThat(harness.takeValues()).isEmpty();

      harness.advanceWatermark(24);
      assertThat(harness.takeValues()).containsExactly("a@[10,20)=4");
      assertClean(harness, "sums");
      assertThat(harness.scans("sums.windows")).isZero();
    }

    @ParameterizedTest(name = "restart each call: {0}")
    @ValueSource(booleans = {false, true})
    void withoutLatenessTheFiringWindowIsTheCleanedOneAndEmitsOnce(boolean restart)
        throws Exception {
      var harness = harness(listingSlidingWindows(), "listed", restart);

      harness.processElement("a", 1L, 1);
      harness.processElement("a", 2L, 6);
      harness.processElement("b", 10L, 3);
      harness.processElement("a", 4L, 11);
      harness.processElement("a", 8L, 16);
      harness.advanceWatermark(100); // every window of both keys, in time order

      assertThat(harness.takeValues())
          .containsExactly(
              "a@[-5,5)=[1]",
              "b@[-5,5)=[10]",
              "a@[0,10)=[1, 2]",
              "b@[0,10)=[10]",
              "a@[5,15)=[2, 4]",
              "a@[10,20)=[4, 8]",
              "a@[15,25)=[8]");
      assertClean(harness, "listed");
      assertThat(harness.stateEntries("listed.elements")).isZero();
      assertThat(harness.scans("listed.windows")).isZero();
    }

    @ParameterizedTest(name = "restart each call: {0}")
    @ValueSource(booleans = {false, true})
    void offsetSlidingWindowsFireAndAreDeletedOnTime(boolean restart) throws Exception {
      Pipeline pipeline = Pipeline.create();
      numbers(pipeline)
          .window(
              SlidingEventTimeWindows.of(
                  Duration.ofMillis(10), Duration.ofMillis(5), Duration.ofMillis(2)))
          .allowedLateness(Duration.ofMillis(3))
          .sideOutputLateData(LATE)
          .reduce("sums", Long::sum, Serdes.longs(), WindowOperatorTest::label);
      var harness = harness(pipeline, "sums", restart);

      harness.processElement("a", 1L, 4); // [-3, 7) and [2, 12)
      harness.processElement("a", 2L, 9); // [2, 12) and [7, 17)
      harness.advanceWatermark(6);
      assertThat(harness.takeValues()).containsExactly("a@[-3,7)=1");

      harness.advanceWatermark(9); // 6 + 3: deletes [-3, 7)
      harness.processElement("a", 4L, 5); // too late for [-3, 7), on time for [2, 12)
      assertThat(harness.takeValues()).isEmpty();
      assertThat(harness.sideOutput(LATE)).isEmpty();
      harness.advanceWatermark(11);
      assertThat(harness.takeValues()).containsExactly("a@[2,12)=7");

      harness.advanceWatermark(13);
      harness.processElement("a", 8L, 10); // allowed late for [2, 12): fires it at once
      assertThat(harness.takeValues()).containsExactly("a@[2,12)=15");
      harness.advanceWatermark(14); // 11 + 3: deletes [2, 12)
      harness.processElement("a", 16L, 3); // too late for both its windows
      assertThat(harness.sideOutput(LATE)).containsExactly(new WindowHarness.Output<>("a", 16L, 3));

      harness.advanceWatermark(19);
      assertThat(harness.takeValues()).containsExactly("a@[7,17)=10");
      assertClean(harness, "sums");
      assertThat(harness.scans("sums.windows")).isZero();
    }

    @ParameterizedTest(name = "restart each call: {0}")
    @ValueSource(booleans = {false, true})
    void processingTimeWindowsFireAndAreDeletedByTheClock(boolean restart) throws Exception {
      Pipeline pipeline = Pipeline.create();
      KeyedStream<String, Long> numbers = numbers(pipeline);
      numbers
          .window(
              SlidingProcessingTimeWindows.of(
                  Duration.ofMillis(10), Duration.ofMillis(5), Duration.ofMillis(1)))
          .reduce("sliding", Long::sum, Serdes.longs(), WindowOperatorTest::label);
      numbers
          .window(TumblingProcessingTimeWindows.of(Duration.ofMillis(10), Duration.ofMillis(3)))
          .reduce("tumbling", Long::sum, Serdes.longs(), WindowOperatorTest::label);
      var sliding = harness(pipeline, "sliding", restart);
      var tumbling = harness(pipeline, "tumbling", restart);

      for (var harness : List.of(sliding, tumbling)) {
        harness.advanceProcessingTime(4);
        harness.processElement("a", 1L, 1_000); // sliding: [-4, 6) and [1, 11); tumbling: [3, 13)
        harness.advanceProcessingTime(7);
        harness.processElement("a", 2L, 1_000); // sliding: [1, 11) and [6, 16); tumbling: [3, 13)
        harness.advanceProcessingTime(13);
        harness.processElement("a", 4L, 1_000); // sliding: [6, 16) and [11, 21); tumbling: [13, 23)
        harness.advanceProcessingTime(100);
      }

      assertThat(sliding.takeValues())
          .containsExactly("a@[-4,6)=1", "a@[1,11)=3", "a@[6,16)=6", "a@[11,21)=4");
      assertThat(tumbling.takeValues()).containsExactly("a@[3,13)=3", "a@[13,23)=4");
      assertClean(sliding, "sliding");
      assertClean(tumbling, "tumbling");
      assertThat(sliding.scans("sliding.windows")).isZero();
      assertThat(tumbling.scans("tumbling.windows")).isZero();
    }

    @ParameterizedTest(name = "restart each call: {0}")
    @ValueSource(booleans = {false, true})
    void anyTriggerButTheDefaultOneIsLeftToTheScan(boolean restart) throws Exception {
      Pipeline pipeline = Pipeline.create();
      KeyedStream<String, Long> numbers = numbers(pipeline);
      numbers
          .window(TumblingEventTimeWindows.of(Duration.ofMillis(10)))
          .trigger(EventTimeTrigger.create()) // the default, set by hand
          .reduce("default", Long::sum, Serdes.longs(), WindowOperatorTest::label);
      numbers
          .window(TumblingEventTimeWindows.of(Duration.ofMillis(10)))
          .trigger(PurgingTrigger.of(EventTimeTrigger.create()))
          .reduce("purging", Long::sum, Serdes.longs(), WindowOperatorTest::label);
      var byDefault = harness(pipeline, "default", restart);
      var purging = harness(pipeline, "purging", restart);

      for (var harness : List.of(byDefault, purging)) {
        harness.processElement("a", 1L, 1);
        harness.processElement("a", 2L, 12);
        harness.advanceWatermark(19);
        assertThat(harness.takeValues()).containsExactly("a@[0,10)=1", "a@[10,20)=2");
      }
      assertClean(byDefault, "default");
      assertClean(purging, "purging");
      assertThat(byDefault.scans("default.windows")).isZero();
      assertThat(purging.scans("purging.windows")).isPositive();
    }
  }

  @Nested
  class Triggers {

    @ParameterizedTest(name = "restart each call: {0}")
    @ValueSource(booleans = {false, true})
    void aCountTriggerFiresEveryNElementsAndTheWindowIsStillDeletedAtItsEnd(boolean restart)
        throws Exception {
      Pipeline pipeline = Pipeline.create();
      numbers(pipeline)
          .window(TumblingEventTimeWindows.of(Duration.ofMillis(100)))
          .trigger(CountTrigger.of(2))
          .reduce("sums", Long::sum, Serdes.longs(), WindowOperatorTest::label);
      var harness = harness(pipeline, "sums", restart);

      for (long i = 1; i <= 5; i++) {
        harness.processElement("a", i, i);
      }
      assertThat(harness.takeValues()).containsExactly("a@[0,100)=3", "a@[0,100)=10");

      harness.advanceWatermark(99); // a count trigger does not fire on time
      assertThat(harness.takeValues()).isEmpty();
      assertClean(harness, "sums");
    }

    @ParameterizedTest(name = "restart each call: {0}")
    @ValueSource(booleans = {false, true})
    void aPurgingTriggerEmptiesTheWindowOnEachFiring(boolean restart) throws Exception {
      Pipeline pipeline = Pipeline.create();
      numbers(pipeline)
          .window(TumblingEventTimeWindows.of(Duration.ofMillis(100)))
          .trigger(PurgingTrigger.of(CountTrigger.of(2)))
          .reduce("sums", Long::sum, Serdes.longs(), WindowOperatorTest::label);
      var harness = harness(pipeline, "sums", restart);

      for (long i = 1; i <= 5; i++) {
        harness.processElement("a", i, i);
      }
      assertThat(harness.takeValues()).containsExactly("a@[0,100)=3", "a@[0,100)=7");

      harness.advanceWatermark(99);
      assertThat(harness.takeValues()).isEmpty();
      assertClean(harness, "sums");
    }

    @ParameterizedTest(name = "restart each call: {0}")
    @ValueSource(booleans = {false, true})
    void aGlobalWindowWithAPurgingCountTriggerEmitsEveryNElementsPerKey(boolean restart)
        throws Exception {
      Pipeline pipeline = Pipeline.create();
      numbers(pipeline)
          .window(GlobalWindows.create())
          .trigger(PurgingTrigger.of(CountTrigger.of(3)))
          .reduce("every-three", Long::sum, Serdes.longs(), WindowOperatorTest::label);
      var harness = harness(pipeline, "every-three", restart);

      for (long i = 1; i <= 7; i++) {
        harness.processElement("a", i, i);
      }
      harness.processElement("b", 10L, 1);
      harness.processElement("b", 20L, 2);
      harness.processElement("b", 30L, 3);
      harness.advanceWatermark(Long.MAX_VALUE);
      harness.advanceProcessingTime(Long.MAX_VALUE);

      assertThat(harness.takeValues()).containsExactly("a@global=6", "a@global=15", "b@global=60");
      // The global window never ends: one entry per key stays (a holds 7 and a count of 1).
      assertThat(harness.stateEntries("every-three.windows")).isEqualTo(2);
      assertThat(harness.timerCount()).isZero();
    }

    @ParameterizedTest(name = "restart each call: {0}")
    @ValueSource(booleans = {false, true})
    void aGlobalWindowWithoutATriggerNeverFires(boolean restart) throws Exception {
      Pipeline pipeline = Pipeline.create();
      numbers(pipeline)
          .window(GlobalWindows.create())
          .reduce("never", Long::sum, Serdes.longs(), WindowOperatorTest::label);
      var harness = harness(pipeline, "never", restart);

      harness.processElement("a", 1L, 1);
      harness.advanceWatermark(Long.MAX_VALUE);
      harness.advanceProcessingTime(Long.MAX_VALUE);

      assertThat(harness.takeValues()).isEmpty();
    }

    @ParameterizedTest(name = "restart each call: {0}")
    @ValueSource(booleans = {false, true})
    void aContinuousProcessingTimeTriggerEmitsEarlyResultsAndTheFinalOne(boolean restart)
        throws Exception {
      Pipeline pipeline = Pipeline.create();
      numbers(pipeline)
          .window(TumblingProcessingTimeWindows.of(Duration.ofMillis(100)))
          .trigger(ContinuousProcessingTimeTrigger.of(Duration.ofMillis(30)))
          .reduce("early", Long::sum, Serdes.longs(), WindowOperatorTest::label);
      var harness = harness(pipeline, "early", restart);

      harness.advanceProcessingTime(5);
      harness.processElement("a", 1L, 1_000); // the window of the clock: [0, 100)
      harness.advanceProcessingTime(10);
      harness.processElement("a", 2L, 1_000);
      harness.advanceProcessingTime(29);
      assertThat(harness.takeValues()).isEmpty();
      harness.advanceProcessingTime(30);
      assertThat(harness.takeValues()).containsExactly("a@[0,100)=3");

      harness.advanceProcessingTime(40);
      harness.processElement("a", 4L, 1_000);
      harness.advanceProcessingTime(60);
      assertThat(harness.takeValues()).containsExactly("a@[0,100)=7");
      harness.advanceProcessingTime(90);
      assertThat(harness.takeValues()).containsExactly("a@[0,100)=7");
      harness.advanceProcessingTime(99); // the end: last firing, then the window is deleted
      assertThat(harness.takeValues()).containsExactly("a@[0,100)=7");
      assertClean(harness, "early");
    }

    @ParameterizedTest(name = "restart each call: {0}")
    @ValueSource(booleans = {false, true})
    void processingTimeWindowsFireWhenTheClockPassesTheirEnd(boolean restart) throws Exception {
      Pipeline pipeline = Pipeline.create();
      numbers(pipeline)
          .window(TumblingProcessingTimeWindows.of(Duration.ofMillis(100)))
          .reduce("sums", Long::sum, Serdes.longs(), WindowOperatorTest::label);
      var harness = harness(pipeline, "sums", restart);

      harness.advanceProcessingTime(5);
      harness.processElement("a", 1L, 1);
      harness.advanceProcessingTime(50);
      harness.processElement("a", 2L, 1);
      harness.advanceProcessingTime(98);
      assertThat(harness.takeValues()).isEmpty();
      harness.advanceProcessingTime(99);
      assertThat(harness.takeValues()).containsExactly("a@[0,100)=3");

      harness.advanceProcessingTime(120);
      harness.processElement("a", 4L, 1);
      harness.advanceProcessingTime(150);
      harness.processElement("a", 8L, 1);
      harness.advanceProcessingTime(199);
      assertThat(harness.takeValues()).containsExactly("a@[100,200)=12");
      assertClean(harness, "sums");
    }

    @ParameterizedTest(name = "restart each call: {0}")
    @ValueSource(booleans = {false, true})
    void earlyFiringsEmitWhileTheWindowIsOpenOnlyWhenThereIsSomethingNew(boolean restart)
        throws Exception {
      Pipeline pipeline = Pipeline.create();
      numbers(pipeline)
          .window(TumblingEventTimeWindows.of(Duration.ofMillis(100)))
          .trigger(EventTimeTrigger.withEarlyFirings(Duration.ofMillis(30)))
          .reduce("early", Long::sum, Serdes.longs(), WindowOperatorTest::label);
      var harness = harness(pipeline, "early", restart);

      harness.advanceProcessingTime(5);
      harness.processElement("a", 1L, 10);
      harness.advanceProcessingTime(30);
      assertThat(harness.takeValues()).containsExactly("a@[0,100)=1");
      harness.advanceProcessingTime(60); // nothing new since
      assertThat(harness.takeValues()).isEmpty();

      harness.advanceProcessingTime(61);
      harness.processElement("a", 2L, 20); // schedules an early firing at 90
      harness.advanceWatermark(99); // on time first: the early firing is cancelled
      assertThat(harness.takeValues()).containsExactly("a@[0,100)=3");
      harness.advanceProcessingTime(90);
      assertThat(harness.takeValues()).isEmpty();
      assertClean(harness, "early");
    }
  }

  @Nested
  class TriggerState {

    @ParameterizedTest(name = "restart each call: {0}")
    @ValueSource(booleans = {false, true})
    void aTriggerAskingForListStateIsToldWhichKindsItMayUse(boolean restart) throws Exception {
      Trigger<Object, Window> listing =
          new Trigger<>() {
            @Override
            public TriggerResult onElement(
                Object element, long timestamp, Window window, TriggerContext context) {
              context.state(StateDescriptor.list("seen", Serdes.longs()));
              return TriggerResult.CONTINUE;
            }

            @Override
            public TriggerResult onEventTime(long time, Window window, TriggerContext context) {
              return TriggerResult.CONTINUE;
            }

            @Override
            public TriggerResult onProcessingTime(
                long time, Window window, TriggerContext context) {
              return TriggerResult.CONTINUE;
            }

            @Override
            public void clear(Window window, TriggerContext context) {}
          };
      Pipeline pipeline = Pipeline.create();
      numbers(pipeline)
          .window(TumblingEventTimeWindows.of(Duration.ofMillis(10)))
          .trigger(listing)
          .reduce("sums", Long::sum, Serdes.longs());
      var harness = harness(pipeline, "sums", restart);

      assertThatThrownBy(() -> harness.processElement("a", 1L, 1))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "Trigger state must be a value, reducing or aggregating state, found"
                  + " ListStateDescriptor[seen]: keep what needs a list or map in the window's"
                  + " contents instead.");
    }

    @ParameterizedTest(name = "restart each call: {0}")
    @ValueSource(booleans = {false, true})
    void countsOfMergedSessionsAddUp(boolean restart) throws Exception {
      Pipeline pipeline = Pipeline.create();
      numbers(pipeline)
          .window(EventTimeSessionWindows.withGap(Duration.ofMillis(10)))
          .trigger(CountTrigger.of(4))
          .aggregate("sessions", COUNT, Serdes.longs(), WindowOperatorTest::label);
      var harness = harness(pipeline, "sessions", restart);

      harness.processElement("a", 1L, 0); // [0, 10): count 1
      harness.processElement("a", 1L, 1); // [0, 11): count 2
      harness.processElement("a", 1L, 20); // [20, 30): count 1
      assertThat(harness.takeValues()).isEmpty();
      harness.processElement("a", 1L, 10); // bridges: [0, 30), counts 2 + 1, then this one: 4
      assertThat(harness.takeValues()).containsExactly("a@[0,30)=4");
      harness.advanceWatermark(29);
      assertThat(harness.takeValues()).isEmpty();
      assertClean(harness, "sessions");
    }
  }

  @Nested
  class ProcessWindows {

    @ParameterizedTest(name = "restart each call: {0}")
    @ValueSource(booleans = {false, true})
    void aProcessWindowFunctionSeesAllElementsInOrderAndTheWindowBounds(boolean restart)
        throws Exception {
      OutputTag<Long> sizes = OutputTag.of("sizes", Serdes.longs());
      Pipeline pipeline = Pipeline.create();
      numbers(pipeline)
          .window(TumblingEventTimeWindows.of(Duration.ofMillis(10)))
          .process(
              "listed",
              (key, context, elements, out) -> {
                List<Long> all = new ArrayList<>();
                elements.forEach(all::add);
                out.collect(label(key, context.window(), all));
                context.output(sizes, (long) all.size());
              },
              Serdes.longs());
      var harness = harness(pipeline, "listed", restart);

      harness.processElement("a", 3L, 1);
      harness.processElement("a", 1L, 2);
      harness.processElement("a", 7L, 15);
      harness.processElement("a", 2L, 5);
      harness.advanceWatermark(9);
      assertThat(harness.takeValues()).containsExactly("a@[0,10)=[3, 1, 2]");
      assertThat(harness.stateEntries("listed.elements")).isEqualTo(1);

      harness.advanceWatermark(19);
      assertThat(harness.takeValues()).containsExactly("a@[10,20)=[7]");
      assertThat(harness.sideOutput(sizes))
          .extracting(WindowHarness.Output::value)
          .containsExactly(3L, 1L);
      assertClean(harness, "listed");
      assertThat(harness.stateEntries("listed.elements")).isZero();
    }

    @ParameterizedTest(name = "restart each call: {0}")
    @ValueSource(booleans = {false, true})
    void slidingProcessWindowsKeepEachElementOncePerWindow(boolean restart) throws Exception {
      var harness = harness(listingSlidingWindows(), "listed", restart);

      harness.processElement("a", 1L, 2);
      harness.processElement("a", 2L, 7);
      assertThat(harness.stateEntries("listed.elements")).isEqualTo(4);
      harness.advanceWatermark(100);

      assertThat(harness.takeValues())
          .containsExactly("a@[-5,5)=[1]", "a@[0,10)=[1, 2]", "a@[5,15)=[2]");
      assertClean(harness, "listed");
      assertThat(harness.stateEntries("listed.elements")).isZero();
    }
  }
}
