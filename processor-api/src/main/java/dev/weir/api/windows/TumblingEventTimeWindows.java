package dev.weir.api.windows;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Event-time windows of a fixed size that do not overlap: each element belongs to exactly one,
 * {@code [start, start + size)} with {@code start = timestamp - (timestamp - offset) mod size}.
 * Without an offset, windows are aligned to the epoch (a 1-hour window starts on the hour, UTC);
 * an offset shifts them, for example {@code of(Duration.ofDays(1), Duration.ofHours(-8))} for days
 * in UTC+8. Fires when the watermark passes the end ({@link EventTimeTrigger}). Immutable.
 */
public final class TumblingEventTimeWindows extends WindowAssigner<Object, TimeWindow> {

  private final long size;
  private final long offset;

  private TumblingEventTimeWindows(long size, long offset) {
    this.size = size;
    this.offset = offset;
  }

  /**
   * Windows of {@code size}, aligned to the epoch.
   *
   * @throws IllegalArgumentException if {@code size} is not a positive whole number of ms
   */
  public static TumblingEventTimeWindows of(Duration size) {
    return of(size, Duration.ZERO);
  }

  /**
   * Windows of {@code size} that start at {@code offset} past each multiple of {@code size}.
   *
   * @throws IllegalArgumentException if {@code size} is not a positive whole number of ms, or
   *     {@code offset} is not a whole number of ms shorter than {@code size} (either sign)
   */
  public static TumblingEventTimeWindows of(Duration size, Duration offset) {
    long sizeMillis = WindowDurations.positiveMillis("window size", size);
    return new TumblingEventTimeWindows(
        sizeMillis, WindowDurations.offsetMillis(offset, sizeMillis, "window size"));
  }

  @Override
  public Collection<TimeWindow> assignWindows(
      Object element, long timestamp, AssignerContext context) {
    long start = TimeWindow.windowStart(timestamp, offset, size);
    return List.of(new TimeWindow(start, start + size));
  }

  @Override
  public Trigger<Object, Window> defaultTrigger() {
    return EventTimeTrigger.create();
  }

  @Override
  public boolean isEventTime() {
    return true;
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
    return "TumblingEventTimeWindows(" + size() + offsetText + ")";
  }
}
