package dev.weir.api.windows;

import java.time.Duration;
import java.util.Collection;
import java.util.Optional;

/**
 * Processing-time windows of a fixed size that start every {@code slide}: an element belongs to
 * the windows that contain the worker's clock when it is processed. Windows start at {@code
 * offset} past each multiple of {@code slide}. Fires when the clock passes a window's end ({@link
 * ProcessingTimeTrigger}). Immutable.
 */
public final class SlidingProcessingTimeWindows extends WindowAssigner<Object, TimeWindow> {

  private final long size;
  private final long slide;
  private final long offset;

  private SlidingProcessingTimeWindows(long size, long slide, long offset) {
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
  public static SlidingProcessingTimeWindows of(Duration size, Duration slide) {
    return of(size, slide, Duration.ZERO);
  }

  /**
   * Windows of {@code size} starting at {@code offset} past each multiple of {@code slide}.
   *
   * @throws IllegalArgumentException if {@code size} or {@code slide} is not a positive whole
   *     number of ms, or {@code offset} is not a whole number of ms shorter than {@code slide}
   */
  public static SlidingProcessingTimeWindows of(Duration size, Duration slide, Duration offset) {
    long sizeMillis = WindowDurations.positiveMillis("window size", size);
    long slideMillis = WindowDurations.positiveMillis("window slide", slide);
    return new SlidingProcessingTimeWindows(
        sizeMillis, slideMillis, WindowDurations.offsetMillis(offset, slideMillis, "slide"));
  }

  @Override
  public Collection<TimeWindow> assignWindows(
      Object element, long timestamp, AssignerContext context) {
    return SlidingEventTimeWindows.slidingWindows(
        context.currentProcessingTime(), size, slide, offset);
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

  public Duration slide() {
    return Duration.ofMillis(slide);
  }

  public Duration offset() {
    return Duration.ofMillis(offset);
  }

  @Override
  public String toString() {
    String offsetText = offset == 0 ? "" : ", offset " + offset();
    return "SlidingProcessingTimeWindows(" + size() + ", slide " + slide() + offsetText + ")";
  }
}
