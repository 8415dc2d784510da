package dev.weir.internal.state;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Checks the state names given to {@link StateBackend#open}. */
final class StateNames {

  private StateNames() {}

  /** An immutable copy of {@code states}, once checked non-empty, without nulls or duplicates. */
  static List<String> checked(List<String> states) {
    if (states.isEmpty()) {
      throw new IllegalArgumentException("A task store needs at least one state name, got none");
    }
    Set<String> seen = new HashSet<>();
    for (String name : states) {
      if (name == null || name.isEmpty()) {
        throw new IllegalArgumentException("State names must be non-empty, got " + states);
      }
      if (!seen.add(name)) {
        throw new IllegalArgumentException(
            "State name '" + name + "' appears twice in " + states + "; each state needs its own name");
      }
    }
    return List.copyOf(states);
  }
}
