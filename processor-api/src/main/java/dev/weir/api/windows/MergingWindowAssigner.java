package dev.weir.api.windows;

import java.util.Collection;

/**
 * An assigner whose windows merge when they overlap, like sessions: each element gets its own
 * window and the window operator then merges it with the key's windows it overlaps. Merging
 * windows merges their contents ({@link dev.weir.api.functions.AggregateFunction#merge}, the reduce
 * function, or the element lists of a process window) and their triggers ({@link
 * Trigger#onMerge}), so the trigger must {@linkplain Trigger#canMerge() support merging}.
 *
 * @param <T> the type of the elements it assigns
 * @param <W> the type of the windows it makes
 */
public abstract class MergingWindowAssigner<T, W extends Window> extends WindowAssigner<T, W> {

  /**
   * Finds the windows among {@code windows} that should become one, and reports each such group
   * to {@code callback}. Windows that merge with no other window are not reported. Called on a
   * task thread for each element, with the key's current windows and the element's new one.
   */
  public abstract void mergeWindows(Collection<W> windows, MergeCallback<W> callback);

  /** Receives the merges {@link #mergeWindows} finds. */
  @FunctionalInterface
  public interface MergeCallback<W> {

    /**
     * @param toBeMerged two or more windows that become one
     * @param mergeResult the window they become
     */
    void merge(Collection<W> toBeMerged, W mergeResult);
  }
}
