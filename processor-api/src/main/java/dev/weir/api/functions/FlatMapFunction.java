package dev.weir.api.functions;

/** Turns one value into zero or more, handed to the collector before it returns. */
@FunctionalInterface
public interface FlatMapFunction<T, R> {
  void flatMap(T value, Collector<R> out) throws Exception;
}
