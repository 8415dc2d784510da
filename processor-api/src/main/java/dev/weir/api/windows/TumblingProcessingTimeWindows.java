package dev.weir.api.windows;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Processing-time windows of a fixed size that do not overlap: each element belongs to the window
 * that contains the worker's clock when the element is processed, {@code [start, start + size)}
 * with {@code start = now - (now - offset) mod size}. Fires when the clock passes the end ({@link
 * ProcessingTimeTrigger}). Results depend on when records are processed, so replaying a topic
 * gives other results: prefer {@link TumblingEventTimeWindows} unless that is what you want.
 * Immutable.
 */
public final class TumblingProcessingTimeWindows extends WindowAssigner<Object, TimeWindow> {

  private final long size;
  private final long offset;

  private TumblingProcessingTimeWindows(long size, long offset) {
    this.size = size;
    this.offset = offset;
  }

  /**
   * Windows of {@code size}, aligned to the epoch.
   *
   * @throws IllegalArgumentException if {@code size} is not a positive whole number of ms
   */
  public static TumblingProcessingTimeWindows of(Duration size) {
    return of(size, Duration.ZERO);
  }

  /**
   * Windows of {@code size} that start at {@code offset} past each multiple of {@code size}.
   *
   * @throws IllegalArgumentException if {@code size} is not a positive whole number of ms, or
   *     {@code offset} is not a whole number of ms shorter than {@code size} (either sign)
   */
  public static TumblingProcessingTimeWindows of(Duration size, Duration offset) {
    long sizeMillis = WindowDurations.positiveMillis("window size", size);
    return new TumblingProcessingTimeWindows(
        sizeMillis, WindowDurations.offsetMillis(offset, sizeMillis, "window size"));
  }

  @Override
  public Collection<TimeWindow> assignWindows(
      Object element, long timestamp, AssignerContext context) {
    long start = TimeWindow.windowStart(context.currentProcessingTime(), offset, size);
    return List.of(new TimeWindow(start, start + size));
  }

  @Override
  public Trigger<Object, Window> defaultTrigger() {
    return ProcessingTimeTrigger.create();
  }

  @Override
  public boolean isEventTime() {
    return false;
  }

  @Override
  public Optional<Duration> maxTimeToWindowEnd() {
    return Optional.of(Duration.ofMillis(size));
  }

  public Duration size() {
    return Duration.ofMillis(size);
  }

  public Duration offset() {
    return Duration.ofMillis(offset);
  }

  @Override
  public String toString() {
    String offsetText = offset == 0 ? "" : ", offset " + offset();
    return "TumblingProcessingTimeWindows(" + size() + offsetText + ")";
  }
}
