package dev.weir.internal.functions;

import dev.weir.api.functions.Collector;

/**
 * A collector that can also set the timestamp of what it emits. The runtime's collectors
 * implement it; Weir's own operators use it where the timestamp of a result is not that of the
 * record being processed (a window's result carries the window's max timestamp, whatever made it
 * fire).
 */
public interface TimestampedCollector<T> extends Collector<T> {

  /** Emits {@code value} with {@code timestamp} (epoch ms) instead of the current record's. */
  void collect(T value, long timestamp);
}
