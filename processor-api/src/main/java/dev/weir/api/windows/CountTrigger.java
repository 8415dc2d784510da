package dev.weir.api.windows;

import dev.weir.api.state.ReducingState;
import dev.weir.api.state.ReducingStateDescriptor;
import dev.weir.api.state.StateDescriptor;
import dev.weir.serde.Serdes;

/**
 * Fires a window each time {@code n} more elements have arrived in it since it last fired (by this
 * trigger). It keeps the count in trigger state and never purges: wrap it in {@link PurgingTrigger}
 * for a result per {@code n} elements rather than a running result. Merges (counts add up).
 */
public final class CountTrigger extends Trigger<Object, Window> {

  private static final ReducingStateDescriptor<Long> COUNT =
      StateDescriptor.reducing("count", Long::sum, Serdes.longs());

  private final long maxCount;

  private CountTrigger(long maxCount) {
    this.maxCount = maxCount;
  }

  /**
   * Fires every {@code n} elements.
   *
   * @throws IllegalArgumentException if {@code n} is not positive
   */
  public static CountTrigger of(long n) {
    if (n <= 0) {
      throw new IllegalArgumentException("A count trigger needs a positive count, found " + n);
    }
    return new CountTrigger(n);
  }

  @Override
  public TriggerResult onElement(
      Object element, long timestamp, Window window, TriggerContext context) {
    ReducingState<Long> count = context.state(COUNT);
    count.add(1L);
    if (count.get() >= maxCount) {
      count.clear();
      return TriggerResult.FIRE;
    }
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
  public void onMerge(Window window, OnMergeContext context) {
    context.mergeState(COUNT);
  }

  @Override
  public void clear(Window window, TriggerContext context) {
    context.state(COUNT).clear();
  }

  /** The number of elements per firing. */
  public long count() {
    return maxCount;
  }

  @Override
  public String toString() {
    return "CountTrigger(" + maxCount + ")";
  }
}
