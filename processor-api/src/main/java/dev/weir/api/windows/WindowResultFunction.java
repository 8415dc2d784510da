package dev.weir.api.windows;

/**
 * Turns the incremental result of a window ({@code reduce} or {@code aggregate}) into the value
 * emitted, knowing the key and the window: for example a record with the window's start, end and a
 * count. The window operator keeps only the accumulator, never the elements.
 *
 * <p>Called on a task thread each time the window fires. Shared by every task and thread of a
 * worker: keep no mutable fields.
 *
 * @param <K> key type
 * @param <W> window type
 * @param <R> the type of the incremental result
 * @param <O> the type of the emitted value
 */
@FunctionalInterface
public interface WindowResultFunction<K, W extends Window, R, O> {

  /**
   * @return the value to emit, with the window's key; must not be null
   * @throws Exception routed to the pipeline's error handler
   */
  O apply(K key, W window, R result) throws Exception;
}
