package dev.weir.api.windows;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Event-time sessions: each element opens the window {@code [timestamp, timestamp + gap)}, and
 * windows of one key that overlap or touch merge, so a session lasts until no element arrived for
 * {@code gap}. Fires when the watermark passes the end of the (merged) session ({@link
 * EventTimeTrigger}). Immutable.
 */
public final class EventTimeSessionWindows extends MergingWindowAssigner<Object, TimeWindow> {

  private final long gap;

  private EventTimeSessionWindows(long gap) {
    this.gap = gap;
  }

  /**
   * Sessions that end after {@code gap} without elements.
   *
   * @throws IllegalArgumentException if {@code gap} is not a positive whole number of ms
   */
  public static EventTimeSessionWindows withGap(Duration gap) {
    return new EventTimeSessionWindows(WindowDurations.positiveMillis("session gap", gap));
  }

  @Override
  public Collection<TimeWindow> assignWindows(
      Object element, long timestamp, AssignerContext context) {
    return List.of(new TimeWindow(timestamp, timestamp + gap));
  }

  @Override
  public void mergeWindows(Collection<TimeWindow> windows, MergeCallback<TimeWindow> callback) {
    Sessions.merge(windows, callback);
  }

  @Override
  public Trigger<Object, Window> defaultTrigger() {
    return EventTimeTrigger.create();
  }

  @Override
  public boolean isEventTime() {
    return true;
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
    return "EventTimeSessionWindows(gap " + gap() + ")";
  }
}
