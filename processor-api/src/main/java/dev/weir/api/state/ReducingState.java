package dev.weir.api.state;

/** A value per key, folded with the descriptor's reduce function on each add. */
public interface ReducingState<T> extends State {

  /** The folded value, or null if nothing was added since the last clear. */
  T get();

  void add(T value);
}
