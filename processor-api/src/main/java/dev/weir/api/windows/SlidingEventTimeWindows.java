package dev.weir.api.windows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Event-time windows of a fixed size that start every {@code slide}: with a size of 10 minutes and
 * a slide of 5, an element belongs to two windows. Windows start at {@code offset} past each
 * multiple of {@code slide} (aligned to the epoch without an offset). Each element is kept once per
 * window it belongs to. Fires when the watermark passes a window's end ({@link EventTimeTrigger}).
 * Immutable.
 */
public final class SlidingEventTimeWindows extends WindowAssigner<Object, TimeWindow> {

  private final long size;
  private final long slide;
  private final long offset;

  private SlidingEventTimeWindows(long size, long slide, long offset) {
    this.size = size;
    this.slide = slide;
    this.offset = offset;
  }

  /**
   * Windows of {@code size} starting every {@code slide}, aligned to the epoch.
   *
   * @throws IllegalArgumentException if {@code size} or {@code slide} is not a positive whole
   *     number of ms
   */
  public static SlidingEventTimeWindows of(Duration size, Duration slide) {
    return of(size, slide, Duration.ZERO);
  }

  /**
   * Windows of {@code size} starting at {@code offset} past each multiple of {@code slide}.
   *
   * @throws IllegalArgumentException if {@code size} or {@code slide} is not a positive whole
   *     number of ms, or {@code offset} is not a whole number of ms shorter than {@code slide}
   */
  public static SlidingEventTimeWindows of(Duration size, Duration slide, Duration offset) {
    long sizeMillis = WindowDurations.positiveMillis("window size", size);
    long slideMillis = WindowDurations.positiveMillis("window slide", slide);
    return new SlidingEventTimeWindows(
        sizeMillis, slideMillis, WindowDurations.offsetMillis(offset, slideMillis, "slide"));
  }

  @Override
  public Collection<TimeWindow> assignWindows(
      Object element, long timestamp, AssignerContext context) {
    return slidingWindows(timestamp, size, slide, offset);
  }

  /** The windows that contain {@code timestamp}, latest first. */
  static List<TimeWindow> slidingWindows(long timestamp, long size, long slide, long offset) {
    List<TimeWindow> windows = new ArrayList<>((int) Math.min(size / slide + 1, 1024));
    long lastStart = TimeWindow.windowStart(timestamp, offset, slide);
    for (long start = lastStart; start > timestamp - size; start -= slide) {
      windows.add(new TimeWindow(start, start + size));
    }
    return windows;
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

  public Duration slide() {
    return Duration.ofMillis(slide);
  }

  public Duration offset() {
    return Duration.ofMillis(offset);
  }

  @Override
  public String toString() {
    String offsetText = offset == 0 ? "" : ", offset " + offset();
    return "SlidingEventTimeWindows(" + size() + ", slide " + slide() + offsetText + ")";
  }
}
