package dev.weir.api.windows;

import dev.weir.api.OutputTag;
import dev.weir.api.functions.Collector;

/**
 * Computes a window's results from all of its elements, when its trigger fires. Given to {@link
 * dev.weir.api.WindowedStream#process}; the window operator keeps every element in keyed state
 * until the window is deleted, so prefer {@code reduce} or {@code aggregate} (with a {@link
 * WindowResultFunction} for the window's bounds) when the result can be computed incrementally.
 *
 * <p>Called on a task thread, possibly several times for one window (early, on time, and for
 * each allowed late element, depending on the trigger). One instance is shared by every task and
 * thread of a worker: keep no mutable fields.
 *
 * @param <T> element type
 * @param <R> result type
 * @param <K> key type
 * @param <W> window type
 */
@FunctionalInterface
public interface ProcessWindowFunction<T, R, K, W extends Window> {

  /**
   * Emits the results for one firing of a window.
   *
   * @param key the key of the window
   * @param context the window and time; valid only during this call
   * @param elements the window's elements in the order they were added (elements of merged
   *     sessions follow one another); never empty; valid only during this call
   * @param out takes the results, which keep {@code key}; null values are refused
   * @throws Exception routed to the pipeline's error handler
   */
  void process(K key, Context<W> context, Iterable<T> elements, Collector<R> out)
      throws Exception;

  /** What a firing window offers its function. Valid only during the call. */
  interface Context<W extends Window> {

    /** The window that fired. */
    W window();

    /** The task's watermark, in epoch ms; {@code Long.MIN_VALUE} before the first. */
    long currentWatermark();

    /** The worker's clock, in epoch ms. */
    long currentProcessingTime();

    /** Emits {@code value} to the side output {@code tag}, with the window's key. */
    <X> void output(OutputTag<X> tag, X value);
  }
}
