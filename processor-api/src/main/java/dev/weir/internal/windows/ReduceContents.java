package dev.weir.internal.windows;

import dev.weir.api.functions.Collector;
import dev.weir.api.functions.ReduceFunction;
import dev.weir.api.windows.Window;
import dev.weir.api.windows.WindowResultFunction;

/** Reduce windows: the entry holds the elements folded by the reduce function. */
final class ReduceContents<K, T, W extends Window, O> extends WindowContents<K, T, W, T, O> {

  private final ReduceFunction<T> reducer;
  private final WindowResultFunction<? super K, ? super W, ? super T, ? extends O> result;

  ReduceContents(
      ReduceFunction<T> reducer,
      WindowResultFunction<? super K, ? super W, ? super T, ? extends O> result) {
    this.reducer = reducer;
    this.result = result;
  }

  @Override
  void add(WindowEntry<T> entry, T element) throws Exception {
    entry.contents = entry.contents == null ? element : reducer.reduce(entry.contents, element);
  }

  @Override
  boolean isEmpty(WindowEntry<T> entry) {
    return entry.contents == null;
  }

  @Override
  void merge(WindowEntry<T> target, WindowEntry<T> source) throws Exception {
    if (source.contents != null) {
      target.contents =
          target.contents == null
              ? source.contents
              : reducer.reduce(target.contents, source.contents);
    }
  }

  @Override
  void emit(K key, W window, WindowEntry<T> entry, Firing<K, W> firing, Collector<O> out)
      throws Exception {
    out.collect(result.apply(key, window, entry.contents));
  }

  @Override
  void clear(WindowEntry<T> entry) {
    entry.contents = null;
  }
}
