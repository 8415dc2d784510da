package dev.weir.api.windows;

/** Never fires: the default trigger of {@link GlobalWindows}. */
final class NeverTrigger extends Trigger<Object, Window> {

  static final NeverTrigger INSTANCE = new NeverTrigger();

  private NeverTrigger() {}

  @Override
  public TriggerResult onElement(
      Object element, long timestamp, Window window, TriggerContext context) {
    return TriggerResult.CONTINUE;
  }

  @Override
  public TriggerResult onEventTime(long time, Window window, TriggerContext context) {
    return TriggerResult.CONTINUE;
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
  public void onMerge(Window window, OnMergeContext context) {}

  @Override
  public void clear(Window window, TriggerContext context) {}

  @Override
  public String toString() {
    return "NeverTrigger";
  }
}
