package dev.weir.internal.windows;

import dev.weir.api.state.MapState;
import dev.weir.api.windows.TimeWindow;
import dev.weir.api.windows.Window;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The current key's windows during one call of the operator: entries read from the map state are
 * kept here, changed in place, and written back by {@link #flush}. So one call reads each entry
 * once, and questions about all of the key's windows (which ones a timer is for, whether another
 * window still needs a timer) see the changes made earlier in the same call.
 *
 * <p>Holds nothing between calls: {@link #begin} forgets everything, so an exception in a call
 * leaves nothing behind (the runtime undoes the call's state writes).
 */
final class KeyWindows<W extends Window, A> {

  private static final Comparator<Window> ORDER =
      (a, b) -> {
        if (a instanceof TimeWindow x && b instanceof TimeWindow y) {
          int byStart = Long.compare(x.start(), y.start());
          return byStart != 0 ? byStart : Long.compare(x.end(), y.end());
        }
        return 0;
      };

  /** Null values are windows known to be absent (never there, or removed in this call). */
  private final Map<W, WindowEntry<A>> loaded = new HashMap<>();

  private final Set<W> changed = new HashSet<>();
  private MapState<W, WindowEntry<A>> state;
  private boolean scanned;

  /** Starts a call for the current key. */
  void begin(MapState<W, WindowEntry<A>> state) {
    this.state = state;
    loaded.clear();
    changed.clear();
    scanned = false;
  }

  /** The entry of {@code window}, or null if the key has no such window. */
  WindowEntry<A> get(W window) {
    if (loaded.containsKey(window) || scanned) {
      return loaded.get(window);
    }
    WindowEntry<A> entry = state.get(window);
    loaded.put(window, entry);
    return entry;
  }

  /** Every window the key has, ordered by start then end. A new list. */
  List<W> windows() {
    if (!scanned) {
      for (Map.Entry<W, WindowEntry<A>> stored : state.entries()) {
        loaded.putIfAbsent(stored.getKey(), stored.getValue());
      }
      scanned = true;
    }
    List<W> windows = new ArrayList<>(loaded.size());
    for (Map.Entry<W, WindowEntry<A>> entry : loaded.entrySet()) {
      if (entry.getValue() != null) {
        windows.add(entry.getKey());
      }
    }
    windows.sort(ORDER);
    return windows;
  }

  /** Records that {@code window} has (possibly changed) {@code entry}, to be written back. */
  void put(W window, WindowEntry<A> entry) {
    loaded.put(window, entry);
    changed.add(window);
  }

  /** Records that {@code window} is gone, to be deleted from the state. */
  void remove(W window) {
    loaded.put(window, null);
    changed.add(window);
  }

  /** Writes the changes of this call to the state. */
  void flush() {
    for (W window : changed) {
      WindowEntry<A> entry = loaded.get(window);
      if (entry == null) {
        state.remove(window);
      } else {
        state.put(window, entry);
      }
    }
    changed.clear();
  }
}
