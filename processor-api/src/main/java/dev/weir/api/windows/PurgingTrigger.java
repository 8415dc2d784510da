package dev.weir.api.windows;

import java.util.Objects;

/**
 * Wraps a trigger so that each firing also discards the window's contents ({@link
 * TriggerResult#FIRE} becomes {@link TriggerResult#FIRE_AND_PURGE}): each result then covers only
 * the elements since the previous one. Merges if the wrapped trigger does.
 *
 * @param <T> the type of the elements it sees
 * @param <W> the type of the windows it decides for
 */
public final class PurgingTrigger<T, W extends Window> extends Trigger<T, W> {

  private final Trigger<T, W> nested;

  private PurgingTrigger(Trigger<T, W> nested) {
    this.nested = nested;
  }

  /** {@code nested}, purging on each firing. */
  public static <T, W extends Window> PurgingTrigger<T, W> of(Trigger<T, W> nested) {
    return new PurgingTrigger<>(Objects.requireNonNull(nested, "nested"));
  }

  @Override
  public TriggerResult onElement(T element, long timestamp, W window, TriggerContext context)
      throws Exception {
    return purging(nested.onElement(element, timestamp, window, context));
  }

  @Override
  public TriggerResult onEventTime(long time, W window, TriggerContext context) throws Exception {
    return purging(nested.onEventTime(time, window, context));
  }

  @Override
  public TriggerResult onProcessingTime(long time, W window, TriggerContext context)
      throws Exception {
    return purging(nested.onProcessingTime(time, window, context));
  }

  @Override
  public boolean canMerge() {
    return nested.canMerge();
  }

  @Override
  public void onMerge(W window, OnMergeContext context) throws Exception {
    nested.onMerge(window, context);
  }

  @Override
  public void clear(W window, TriggerContext context) throws Exception {
    nested.clear(window, context);
  }

  /** The wrapped trigger. */
  public Trigger<T, W> nested() {
    return nested;
  }

  @Override
  public String toString() {
    return "PurgingTrigger(" + nested + ")";
  }

  private static TriggerResult purging(TriggerResult result) {
    return result.isFire() ? TriggerResult.FIRE_AND_PURGE : result;
  }
}
