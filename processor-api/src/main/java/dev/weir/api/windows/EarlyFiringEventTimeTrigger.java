package dev.weir.api.windows;

import dev.weir.api.state.ReducingState;
import dev.weir.api.state.ReducingStateDescriptor;
import dev.weir.api.state.StateDescriptor;
import dev.weir.serde.Serdes;
import java.time.Duration;

/**
 * {@link EventTimeTrigger} plus early results: an element that arrives while the window is open
 * schedules a firing at the next multiple of the interval by the worker's clock, unless one is
 * already scheduled. Made by {@link EventTimeTrigger#withEarlyFirings}.
 */
final class EarlyFiringEventTimeTrigger extends Trigger<Object, Window> {

  private static final ReducingStateDescriptor<Long> EARLY_FIRE_TIME =
      StateDescriptor.reducing("early-fire-time", Math::min, Serdes.longs());

  private final long interval;

  EarlyFiringEventTimeTrigger(long interval) {
    this.interval = interval;
  }

  @Override
  public TriggerResult onElement(
      Object element, long timestamp, Window window, TriggerContext context) {
    if (window.maxTimestamp() <= context.currentWatermark()) {
      return TriggerResult.FIRE;
    }
    context.registerEventTimeTimer(window.maxTimestamp());
    ReducingState<Long> early = context.state(EARLY_FIRE_TIME);
    if (early.get() == null) {
      long now = context.currentProcessingTime();
      long next = now - Math.floorMod(now, interval) + interval;
      early.add(next);
      context.registerProcessingTimeTimer(next);
    }
    return TriggerResult.CONTINUE;
  }

  @Override
  public TriggerResult onEventTime(long time, Window window, TriggerContext context) {
    if (time != window.maxTimestamp()) {
      return TriggerResult.CONTINUE;
    }
    cancelEarlyFiring(context);
    return TriggerResult.FIRE;
  }

  @Override
  public TriggerResult onProcessingTime(long time, Window window, TriggerContext context) {
    ReducingState<Long> early = context.state(EARLY_FIRE_TIME);
    Long due = early.get();
    if (due == null || due != time) {
      return TriggerResult.CONTINUE;
    }
    early.clear();
    // Once the watermark passed the end, the window fired for good; late elements re-fire it.
    return window.maxTimestamp() > context.currentWatermark()
        ? TriggerResult.FIRE
        : TriggerResult.CONTINUE;
  }

  @Override
  public boolean canMerge() {
    return true;
  }

  @Override
  public void onMerge(Window window, OnMergeContext context) {
    if (window.maxTimestamp() > context.currentWatermark()) {
      context.registerEventTimeTimer(window.maxTimestamp());
    }
    context.mergeState(EARLY_FIRE_TIME);
    Long next = context.state(EARLY_FIRE_TIME).get();
    if (next != null) {
      context.registerProcessingTimeTimer(next);
    }
  }

  @Override
  public void clear(Window window, TriggerContext context) {
    context.deleteEventTimeTimer(window.maxTimestamp());
    cancelEarlyFiring(context);
  }

  @Override
  public String toString() {
    return "EventTimeTrigger.withEarlyFirings(" + Duration.ofMillis(interval) + ")";
  }

  private static void cancelEarlyFiring(TriggerContext context) {
    ReducingState<Long> early = context.state(EARLY_FIRE_TIME);
    Long due = early.get();
    if (due != null) {
      context.deleteProcessingTimeTimer(due);
      early.clear();
    }
  }
}
