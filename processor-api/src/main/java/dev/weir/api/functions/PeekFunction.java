package dev.weir.api.functions;

/** Sees each record without changing it (logging, metrics). */
@FunctionalInterface
public interface PeekFunction<T> {
  void peek(T value) throws Exception;
}
