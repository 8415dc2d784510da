package dev.weir.api.functions;

/** Combines two values of one key into one. */
@FunctionalInterface
public interface ReduceFunction<T> {
  T reduce(T accumulated, T value) throws Exception;
}
