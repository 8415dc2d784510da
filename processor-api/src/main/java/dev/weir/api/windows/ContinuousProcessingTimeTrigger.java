package dev.weir.api.windows;

import dev.weir.api.state.ReducingState;
import dev.weir.api.state.ReducingStateDescriptor;
import dev.weir.api.state.StateDescriptor;
import dev.weir.serde.Serdes;
import java.time.Duration;

/**
 * Fires a window every {@code interval} of processing time, on the multiples of {@code interval}
 * (by the worker's clock), from the first element on, and at the window's max timestamp by the
 * clock. With processing-time windows it emits early results before the window ends and the final
 * one at its end. As in Flink it replaces the window's default trigger: with event-time windows,
 * use {@link EventTimeTrigger#withEarlyFirings} to keep the firing at the watermark. Keeps the
 * next firing time in trigger state; merges.
 */
public final class ContinuousProcessingTimeTrigger extends Trigger<Object, Window> {

  private static final ReducingStateDescriptor<Long> FIRE_TIME =
      StateDescriptor.reducing("fire-time", Math::min, Serdes.longs());

  private final long interval;

  private ContinuousProcessingTimeTrigger(long interval) {
    this.interval = interval;
  }

  /**
   * Fires every {@code interval}.
   *
   * @throws IllegalArgumentException if {@code interval} is not a positive whole number of ms
   */
  public static ContinuousProcessingTimeTrigger of(Duration interval) {
    return new ContinuousProcessingTimeTrigger(
        WindowDurations.positiveMillis("firing interval", interval));
  }

  @Override
  public TriggerResult onElement(
      Object element, long timestamp, Window window, TriggerContext context) {
    ReducingState<Long> fireTime = context.state(FIRE_TIME);
    if (fireTime.get() == null) {
      long now = context.currentProcessingTime();
      registerNext(now - Math.floorMod(now, interval), window, context, fireTime);
    }
    return TriggerResult.CONTINUE;
  }

  @Override
  public TriggerResult onEventTime(long time, Window window, TriggerContext context) {
    return TriggerResult.CONTINUE;
  }

  @Override
  public TriggerResult onProcessingTime(long time, Window window, TriggerContext context) {
    ReducingState<Long> fireTime = context.state(FIRE_TIME);
    Long due = fireTime.get();
    if (due == null || due != time) {
      return TriggerResult.CONTINUE;
    }
    fireTime.clear();
    if (time < window.maxTimestamp()) {
      registerNext(time, window, context, fireTime);
    }
    return TriggerResult.FIRE;
  }

  @Override
  public boolean canMerge() {
    return true;
  }

  @Override
  public void onMerge(Window window, OnMergeContext context) {
    context.mergeState(FIRE_TIME);
    Long next = context.state(FIRE_TIME).get();
    if (next != null) {
      context.registerProcessingTimeTimer(next);
    }
  }

  @Override
  public void clear(Window window, TriggerContext context) {
    ReducingState<Long> fireTime = context.state(FIRE_TIME);
    Long due = fireTime.get();
    if (due != null) {
      context.deleteProcessingTimeTimer(due);
      fireTime.clear();
    }
  }

  /** The time between firings. */
  public Duration interval() {
    return Duration.ofMillis(interval);
  }

  @Override
  public String toString() {
    return "ContinuousProcessingTimeTrigger(" + interval() + ")";
  }

  private void registerNext(
      long time, Window window, TriggerContext context, ReducingState<Long> fireTime) {
    long next = Math.min(time + interval, window.maxTimestamp());
    fireTime.add(next);
    context.registerProcessingTimeTimer(next);
  }
}
