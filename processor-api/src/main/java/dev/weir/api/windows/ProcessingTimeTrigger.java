package dev.weir.api.windows;

/**
 * Fires a window once the worker's clock reaches its max timestamp ({@code end - 1}): the default
 * trigger of processing-time windows. Stateless; merges.
 */
public final class ProcessingTimeTrigger extends Trigger<Object, Window> {

  private static final ProcessingTimeTrigger INSTANCE = new ProcessingTimeTrigger();

  private ProcessingTimeTrigger() {}

  public static ProcessingTimeTrigger create() {
    return INSTANCE;
  }

  @Override
  public TriggerResult onElement(
      Object element, long timestamp, Window window, TriggerContext context) {
    context.registerProcessingTimeTimer(window.maxTimestamp());
    return TriggerResult.CONTINUE;
  }

  @Override
  public TriggerResult onEventTime(long time, Window window, TriggerContext context) {
    return TriggerResult.CONTINUE;
  }

  @Override
  public TriggerResult onProcessingTime(long time, Window window, TriggerContext context) {
    return time == window.maxTimestamp() ? TriggerResult.FIRE : TriggerResult.CONTINUE;
  }

  @Override
  public boolean canMerge() {
    return true;
  }

  @Override
  public void onMerge(Window window, OnMergeContext context) {
    if (window.maxTimestamp() > context.currentProcessingTime()) {
      context.registerProcessingTimeTimer(window.maxTimestamp());
    }
  }

  @Override
  public void clear(Window window, TriggerContext context) {
    context.deleteProcessingTimeTimer(window.maxTimestamp());
  }

  @Override
  public String toString() {
    return "ProcessingTimeTrigger";
  }
}
