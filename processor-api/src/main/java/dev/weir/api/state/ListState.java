package dev.weir.api.state;

import java.util.List;

/** A list of values per key. */
public interface ListState<T> extends State {

  /** The current key's elements in insertion order; empty if none. A copy: changes to it are not stored. */
  List<T> get();

  void add(T value);

  void addAll(List<T> values);

  /** Replaces the current key's elements. */
  void update(List<T> values);
}
