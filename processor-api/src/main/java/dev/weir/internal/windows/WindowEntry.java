package dev.weir.internal.windows;

import dev.weir.api.time.TimeDomain;
import dev.weir.api.windows.TimeWindow;
import dev.weir.api.windows.Window;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * One live window of one key, as stored in the {@code <name>.windows} map state. Mutable: the
 * operator reads it, changes it during one call and writes it back.
 *
 * @param <A> what the window accumulates: the reduced value or the aggregate's accumulator; unused
 *     (always null) for process windows, whose elements live in their own state
 */
final class WindowEntry<A> {

  private static final long[] NO_TIMERS = new long[0];

  /**
   * The window whose bounds key this window's elements (process windows). A merged session keeps
   * the namespace of one of the windows it merged, so that its elements need not move.
   */
  long namespaceStart;

  long namespaceEnd;

  /** The number of elements a process window holds. */
  long size;

  /** The reduced value or accumulator; null when empty. */
  A contents;

  private long[] eventTimers = NO_TIMERS;
  private long[] processingTimers = NO_TIMERS;
  private TreeMap<String, byte[]> triggerState;

  /** An empty entry for {@code window}, which is its own namespace. */
  static <A> WindowEntry<A> empty(Window window) {
    WindowEntry<A> entry = new WindowEntry<>();
    if (window instanceof TimeWindow time) {
      entry.namespaceStart = time.start();
      entry.namespaceEnd = time.end();
    } else {
      entry.namespaceStart = Long.MIN_VALUE;
      entry.namespaceEnd = Long.MAX_VALUE;
    }
    return entry;
  }

  /**
   * An entry for a merge result that takes over the namespace and contents of {@code first}, with
   * no timers or trigger state (the trigger's onMerge makes those).
   */
  static <A> WindowEntry<A> takingOver(WindowEntry<A> first) {
    WindowEntry<A> entry = new WindowEntry<>();
    entry.namespaceStart = first.namespaceStart;
    entry.namespaceEnd = first.namespaceEnd;
    entry.size = first.size;
    entry.contents = first.contents;
    return entry;
  }

  boolean hasTimer(TimeDomain domain, long time) {
    return Arrays.binarySearch(timers(domain), time) >= 0;
  }

  /** Returns whether the timer was new for this window. */
  boolean addTimer(TimeDomain domain, long time) {
    long[] timers = timers(domain);
    int at = Arrays.binarySearch(timers, time);
    if (at >= 0) {
      return false;
    }
    int insert = -at - 1;
    long[] next = new long[timers.length + 1];
    System.arraycopy(timers, 0, next, 0, insert);
    next[insert] = time;
    System.arraycopy(timers, insert, next, insert + 1, timers.length - insert);
    setTimers(domain, next);
    return true;
  }

  /** Returns whether this window had the timer. */
  boolean removeTimer(TimeDomain domain, long time) {
    long[] timers = timers(domain);
    int at = Arrays.binarySearch(timers, time);
    if (at < 0) {
      return false;
    }
    long[] next = timers.length == 1 ? NO_TIMERS : new long[timers.length - 1];
    System.arraycopy(timers, 0, next, 0, at);
    System.arraycopy(timers, at + 1, next, at, timers.length - at - 1);
    setTimers(domain, next);
    return true;
  }

  /** The timers of {@code domain}, ascending. Do not change the array. */
  long[] timers(TimeDomain domain) {
    return domain == TimeDomain.EVENT_TIME ? eventTimers : processingTimers;
  }

  private void setTimers(TimeDomain domain, long[] timers) {
    if (domain == TimeDomain.EVENT_TIME) {
      eventTimers = timers;
    } else {
      processingTimers = timers;
    }
  }

  /** The serialized trigger state {@code name}, or null. */
  byte[] triggerState(String name) {
    return triggerState == null ? null : triggerState.get(name);
  }

  /** Sets (or, with null, removes) the serialized trigger state {@code name}. */
  void setTriggerState(String name, byte[] value) {
    if (value == null) {
      if (triggerState != null) {
        triggerState.remove(name);
      }
      return;
    }
    if (triggerState == null) {
      triggerState = new TreeMap<>();
    }
    triggerState.put(name, value);
  }

  /** Every trigger state, by name; empty if none. Do not change it. */
  Map<String, byte[]> triggerStates() {
    return triggerState == null ? Map.of() : triggerState;
  }
}
