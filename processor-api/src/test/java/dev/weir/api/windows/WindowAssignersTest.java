package dev.weir.api.windows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which windows the assigners make, and which arguments they refuse. */
class WindowAssignersTest {

  private static final WindowAssigner.AssignerContext CLOCK_AT_1005 = () -> 1005;

  @ParameterizedTest(name = "start of {0} with offset {1}, size {2} is {3}")
  @CsvSource({
    "0, 0, 10, 0",
    "9, 0, 10, 0",
    "10, 0, 10, 10",
    "-1, 0, 10, -10",
    "-10, 0, 10, -10",
    "-11, 0, 10, -20",
    "2, 3, 10, -7",
    "3, 3, 10, 3",
    "12, 3, 10, 3",
    "5, -3, 10, -3",
    "7, -3, 10, 7"
  })
  void windowStartFollowsFlinkAndWorksForNegativeTimes(
      long timestamp, long offset, long size, long start) {
    assertThat(TimeWindow.windowStart(timestamp, offset, size)).isEqualTo(start);
  }

  @Test
  void aTimeWindowIsHalfOpen() {
    TimeWindow window = new TimeWindow(0, 10);

    assertThat(window.maxTimestamp()).isEqualTo(9);
    assertThat(window.intersects(new TimeWindow(10, 20))).isTrue();
    assertThat(window.intersects(new TimeWindow(11, 20))).isFalse();
    assertThat(window.cover(new TimeWindow(15, 20))).isEqualTo(new TimeWindow(0, 20));
    assertThat(window).hasToString("TimeWindow[0, 10)");
    assertThatThrownBy(() -> new TimeWindow(5, 5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("A time window must end after it starts, found start 5 and end 5");
  }

  @Test
  void tumblingWindowsPutEachElementInOneWindow() {
    var assigner = TumblingEventTimeWindows.of(Duration.ofMillis(10), Duration.ofMillis(3));

    assertThat(assigner.assignWindows("x", 12, CLOCK_AT_1005))
        .containsExactly(new TimeWindow(3, 13));
    assertThat(assigner.isEventTime()).isTrue();
    assertThat(assigner.defaultTrigger()).isSameAs(EventTimeTrigger.create());
    assertThat(assigner.maxTimeToWindowEnd()).contains(Duration.ofMillis(10));
  }

  @Test
  void processingTimeAssignersUseTheClockNotTheTimestamp() {
    assertThat(
            TumblingProcessingTimeWindows.of(Duration.ofMillis(10))
                .assignWindows("x", 12, CLOCK_AT_1005))
        .containsExactly(new TimeWindow(1000, 1010));
    assertThat(
            SlidingProcessingTimeWindows.of(Duration.ofMillis(10), Duration.ofMillis(5))
                .assignWindows("x", 12, CLOCK_AT_1005))
        .containsExactly(new TimeWindow(1005, 1015), new TimeWindow(1000, 1010));
    assertThat(
            ProcessingTimeSessionWindows.withGap(Duration.ofMillis(10))
                .assignWindows("x", 12, CLOCK_AT_1005))
        .containsExactly(new TimeWindow(1005, 1015));
    assertThat(TumblingProcessingTimeWindows.of(Duration.ofMillis(10)).defaultTrigger())
        .isSameAs(ProcessingTimeTrigger.create());
  }

  @Test
  void slidingWindowsPutEachElementInEveryWindowThatContainsIt() {
    var assigner = SlidingEventTimeWindows.of(Duration.ofMillis(10), Duration.ofMillis(3));

    assertThat(assigner.assignWindows("x", 7, CLOCK_AT_1005))
        .containsExactly(new TimeWindow(6, 16), new TimeWindow(3, 13), new TimeWindow(0, 10));
  }

  @Test
  void sessionWindowsMergeWhatOverlapsOrTouches() {
    var assigner = EventTimeSessionWindows.withGap(Duration.ofMillis(10));
    List<String> merges = new ArrayList<>();

    assigner.mergeWindows(
        List.of(
            new TimeWindow(30, 40),
            new TimeWindow(0, 10),
            new TimeWindow(10, 20),
            new TimeWindow(50, 60),
            new TimeWindow(35, 45)),
        (merged, result) -> merges.add(merged + " -> " + result));

    assertThat(merges)
        .containsExactly(
            "[TimeWindow[0, 10), TimeWindow[10, 20)] -> TimeWindow[0, 20)",
            "[TimeWindow[30, 40), TimeWindow[35, 45)] -> TimeWindow[30, 45)");
    assertThat(assigner.assignWindows("x", 7, CLOCK_AT_1005))
        .containsExactly(new TimeWindow(7, 17));
  }

  @Test
  void theGlobalWindowHoldsEverythingAndNeverFiresByItself() throws Exception {
    var assigner = GlobalWindows.create();

    assertThat(assigner.assignWindows("x", 7, CLOCK_AT_1005)).containsExactly(GlobalWindow.get());
    assertThat(GlobalWindow.get().maxTimestamp()).isEqualTo(Long.MAX_VALUE);
    assertThat(assigner.maxTimeToWindowEnd()).isEmpty();
    assertThat(assigner.defaultTrigger().onElement("x", 7, GlobalWindow.get(), null))
        .isEqualTo(TriggerResult.CONTINUE);
  }

  @Test
  void durationsMustBePositiveWholeMilliseconds() {
    assertThatThrownBy(() -> TumblingEventTimeWindows.of(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("The window size must be positive, found PT0S");
    assertThatThrownBy(() -> TumblingEventTimeWindows.of(Duration.ofNanos(1_500_000)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("The window size must be a whole number of milliseconds, found PT0.0015S");
    assertThatThrownBy(
            () -> SlidingEventTimeWindows.of(Duration.ofSeconds(10), Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("The window slide must be positive, found PT-1S");
    assertThatThrownBy(() -> EventTimeSessionWindows.withGap(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("The session gap must be positive, found PT0S");
    assertThatThrownBy(() -> ContinuousProcessingTimeTrigger.of(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("The firing interval must be positive, found PT0S");
    assertThatThrownBy(() -> EventTimeTrigger.withEarlyFirings(Duration.ofMillis(-5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("The early firing interval must be positive, found PT-0.005S");
    assertThatThrownBy(() -> TumblingEventTimeWindows.of(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("window size");
  }

  @Test
  void anOffsetMustBeShorterThanThePeriod() {
    assertThatThrownBy(
            () -> TumblingEventTimeWindows.of(Duration.ofHours(1), Duration.ofHours(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("The offset must be shorter than the window size (PT1H), found PT-1H");
    assertThatThrownBy(
            () ->
                SlidingEventTimeWindows.of(
                    Duration.ofHours(1), Duration.ofMinutes(10), Duration.ofMinutes(10)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("The offset must be shorter than the slide (PT10M), found PT10M");
  }

  @Test
  void aCountTriggerNeedsAPositiveCount() {
    assertThatThrownBy(() -> CountTrigger.of(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("A count trigger needs a positive count, found 0");
    assertThat(CountTrigger.of(3)).hasToString("CountTrigger(3)");
    assertThat(PurgingTrigger.of(CountTrigger.of(3)))
        .hasToString("PurgingTrigger(CountTrigger(3))");
  }

  @Test
  void triggerResultsSayWhetherToFireAndPurge() {
    assertThat(TriggerResult.FIRE.isFire()).isTrue();
    assertThat(TriggerResult.FIRE.isPurge()).isFalse();
    assertThat(TriggerResult.FIRE_AND_PURGE.isFire()).isTrue();
    assertThat(TriggerResult.FIRE_AND_PURGE.isPurge()).isTrue();
    assertThat(TriggerResult.PURGE.isFire()).isFalse();
    assertThat(TriggerResult.CONTINUE.isPurge()).isFalse();
  }
}
