package dev.weir.api.functions;

/** Receives the records a function emits. Valid only during the call it was passed to. */
@FunctionalInterface
public interface Collector<T> {
  void collect(T value);
}
