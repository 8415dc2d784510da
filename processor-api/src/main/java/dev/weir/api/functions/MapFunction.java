package dev.weir.api.functions;

/** Turns one value into another. Called once per record; must not return null. */
@FunctionalInterface
public interface MapFunction<T, R> {
  R map(T value) throws Exception;
}
