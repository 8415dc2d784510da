package dev.weir.api.functions;

/**
 * Incremental aggregation with an accumulator of type {@code A}, whose result of type {@code R} is
 * read after each added value. Follows Flink's {@code AggregateFunction}.
 */
public interface AggregateFunction<T, A, R> {

  /** A new, empty accumulator. */
  A createAccumulator();

  /** Adds a value; may mutate and return {@code accumulator} or return a new one. */
  A add(T value, A accumulator) throws Exception;

  /** The result for the current accumulator. */
  R result(A accumulator) throws Exception;

  /** Merges two accumulators (used by merging windows). The default refuses. */
  default A merge(A a, A b) {
    throw new UnsupportedOperationException(
        getClass().getName() + " does not implement merge(); merging windows need it");
  }
}
