package dev.weir.api.state;

/** Keyed state of one kind. Every state can be cleared for the current key. */
public interface State {

  /** Removes the current key's entry. */
  void clear();
}
