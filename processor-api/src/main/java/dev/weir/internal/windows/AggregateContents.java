package dev.weir.internal.windows;

import dev.weir.api.functions.AggregateFunction;
import dev.weir.api.functions.Collector;
import dev.weir.api.windows.Window;
import dev.weir.api.windows.WindowResultFunction;

/** Aggregate windows: the entry holds the aggregate function's accumulator. */
final class AggregateContents<K, T, W extends Window, A, R, O>
    extends WindowContents<K, T, W, A, O> {

  private final AggregateFunction<T, A, R> aggregator;
  private final WindowResultFunction<? super K, ? super W, ? super R, ? extends O> result;

  AggregateContents(
      AggregateFunction<T, A, R> aggregator,
      WindowResultFunction<? super K, ? super W, ? super R, ? extends O> result) {
    this.aggregator = aggregator;
    this.result = result;
  }

  @Override
  void add(WindowEntry<A> entry, T element) throws Exception {
    A accumulator = entry.contents == null ? aggregator.createAccumulator() : entry.contents;
    entry.contents = aggregator.add(element, accumulator);
  }

  @Override
  boolean isEmpty(WindowEntry<A> entry) {
    return entry.contents == null;
  }

  @Override
  void merge(WindowEntry<A> target, WindowEntry<A> source) {
    if (source.contents != null) {
      target.contents =
          target.contents == null
              ? source.contents
              : aggregator.merge(target.contents, source.contents);
    }
  }

  @Override
  void emit(K key, W window, WindowEntry<A> entry, Firing<K, W> firing, Collector<O> out)
      throws Exception {
    out.collect(result.apply(key, window, aggregator.result(entry.contents)));
  }

  @Override
  void clear(WindowEntry<A> entry) {
    entry.contents = null;
  }
}
