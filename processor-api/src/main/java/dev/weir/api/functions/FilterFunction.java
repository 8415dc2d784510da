package dev.weir.api.functions;

/** Keeps the records for which it returns true. */
@FunctionalInterface
public interface FilterFunction<T> {
  boolean test(T value) throws Exception;
}
