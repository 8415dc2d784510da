package dev.weir.api.windows;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Processing-time sessions: each element opens the window {@code [now, now + gap)} by the worker's
 * clock, and windows of one key that overlap or touch merge, so a session lasts until no element
 * was processed for {@code gap}. Fires when the clock passes the end of the session ({@link
 * ProcessingTimeTrigger}). Immutable.
 */
public final class ProcessingTimeSessionWindows extends MergingWindowAssigner<Object, TimeWindow> {

  private final long gap;

  private ProcessingTimeSessionWindows(long gap) {
    this.gap = gap;
  }

  /**
   * Sessions that end after {@code gap} without elements.
   *
   * @throws IllegalArgumentException if {@code gap} is not a positive whole number of ms
   */
  public static ProcessingTimeSessionWindows withGap(Duration gap) {
    return new ProcessingTimeSessionWindows(WindowDurations.positiveMillis("session gap", gap));
  }

  @Override
  public Collection<TimeWindow> assignWindows(
      Object element, long timestamp, AssignerContext context) {
    long now = context.currentProcessingTime();
    return List.of(new TimeWindow(now, now + gap));
  }

  @Override
  public void mergeWindows(Collection<TimeWindow> windows, MergeCallback<TimeWindow> callback) {
    Sessions.merge(windows, callback);
  }

  @Override
  public Trigger<Object, Window> defaultTrigger() {
    return ProcessingTimeTrigger.create();
  }

  @Override
  public boolean isEventTime() {
    return false;
  }

  /** The gap: a session's state is rewritten by each of its elements, and ends a gap after. */
  @Override
  public Optional<Duration> maxTimeToWindowEnd() {
    return Optional.of(Duration.ofMillis(gap));
  }

  public Duration gap() {
    return Duration.ofMillis(gap);
  }

  @Override
  public String toString() {
    return "ProcessingTimeSessionWindows(gap " + gap() + ")";
  }
}
