package dev.weir.api.windows;

import java.time.Duration;

/**
 * Fires a window once the watermark reaches its max timestamp ({@code end - 1}): the default
 * trigger of event-time windows. An element that arrives after that, within the allowed lateness,
 * fires the window again at once, so the updated result is emitted. Stateless; merges.
 */
public final class EventTimeTrigger extends Trigger<Object, Window> {

  private static final EventTimeTrigger INSTANCE = new EventTimeTrigger();

  private EventTimeTrigger() {}

  public static EventTimeTrigger create() {
    return INSTANCE;
  }

  /**
   * Fires like {@link #create()}, and also emits early results while the window is open: {@code
   * interval} of processing time after an element arrived that is not yet in an emitted result.
   * A window that receives nothing new emits nothing new.
   *
   * @throws IllegalArgumentException if {@code interval} is not a positive whole number of ms
   */
  public static Trigger<Object, Window> withEarlyFirings(Duration interval) {
    return new EarlyFiringEventTimeTrigger(
        WindowDurations.positiveMillis("early firing interval", interval));
  }

  @Override
  public TriggerResult onElement(
      Object element, long timestamp, Window window, TriggerContext context) {
    if (window.maxTimestamp() <= context.currentWatermark()) {
      // The window already fired: a late element that is still allowed re-emits it.
      return TriggerResult.FIRE;
    }
    context.registerEventTimeTimer(window.maxTimestamp());
    return TriggerResult.CONTINUE;
  }

  @Override
  public TriggerResult onEventTime(long time, Window window, TriggerContext context) {
    return time == window.maxTimestamp() ? TriggerResult.FIRE : TriggerResult.CONTINUE;
  }

  @Override
  public TriggerResult onProcessingTime(long time, Window window, TriggerContext context) {
    return TriggerResult.CONTINUE;
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
  }

  @Override
  public void clear(Window window, TriggerContext context) {
    context.deleteEventTimeTimer(window.maxTimestamp());
  }

  @Override
  public String toString() {
    return "EventTimeTrigger";
  }
}
