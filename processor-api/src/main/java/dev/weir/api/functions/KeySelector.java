package dev.weir.api.functions;

/** Extracts the key of a record. Must be deterministic and must not return null. */
@FunctionalInterface
public interface KeySelector<T, K> {
  K key(T value) throws Exception;
}
