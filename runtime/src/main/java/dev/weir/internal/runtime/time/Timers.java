package dev.weir.internal.runtime.time;

import dev.weir.api.time.TimeDomain;
import dev.weir.internal.state.KeyValueIterator;
import dev.weir.internal.state.WriteCache;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * The timers of one process operator in one task, kept as keyed state (state index
 * {@code state} of the task's write cache), so they are in the changelog and survive a crash or a
 * move; or, for an operator whose timers follow from its state, in the store only, registered
 * again from that state when the task starts. A timer's store key is its domain (1 byte), its
 * time (8 bytes, ordered as signed longs) and the serialized key; so a prefix scan of a domain
 * yields timers in time order.
 *
 * <p>It remembers, per domain, a time no timer is earlier than (the earliest timer its last scan
 * saw, lowered by every registration), so asking for due timers before that time reads nothing.
 * A deletion or an undone registration leaves the bound lower than it could be, which costs one
 * scan more, never a missed timer.
 *
 * <p>Used only by the task's thread.
 */
public final class Timers {

  private static final byte[] PRESENT = new byte[0];
  /** No timer of the domain exists. */
  private static final long NONE = Long.MAX_VALUE;

  private final WriteCache cache;
  private final int state;
  /** Per domain (by {@link #code} - 1): no timer is earlier; unknown until the first scan. */
  private final long[] earliest = {Long.MIN_VALUE, Long.MIN_VALUE};
  /**
   * Per domain, while {@link #fireDue} runs: the last timer it took, where its next round goes on;
   * null for a round that starts at the earliest timer.
   */
  private final byte[][] resumeAfter = new byte[2][];
  private boolean storeOnly;

  public Timers(WriteCache cache, int state) {
    this.cache = cache;
    this.state = state;
  }

  /** A timer that is due: its time and the serialized key it was registered for. */
  public record Due(long time, byte[] key) {}

  /**
   * Registers a timer, once: registering a timer that exists writes nothing, so it costs no
   * changelog record; and a timer that fires before the next commit leaves no trace in the
   * changelog (the write cache knows the store lacked it). Timers {@linkplain #keepInStoreOnly kept
   * in the store only} are written without that look.
   */
  public void register(TimeDomain domain, long time, byte[] key) {
    byte[] encoded = encode(domain, time, key);
    if (storeOnly || cache.get(state, encoded) == null) {
      put(domain, time, encoded);
    }
  }

  /**
   * These timers are kept in the store only, never in the changelog (their operator's timers follow
   * from its state): registering one that exists costs nothing, so {@link #register} writes
   * without reading first, and as if the store lacked the timer, so that one which fires before the
   * commit leaves no trace in the store either. Should the store have had it (registered again
   * after an earlier commit), the store keeps it after it fires, and it fires once more: the
   * operator ignores a timer its state does not need ({@link
   * dev.weir.internal.functions.TimersFromState}).
   */
  public void keepInStoreOnly() {
    storeOnly = true;
  }

  /**
   * Registers a timer without looking whether it exists: for callers that seldom register the same
   * one twice (each write of a state with a time to live indexes a new time), where the look would
   * cost a store read for nothing.
   */
  public void add(TimeDomain domain, long time, byte[] key) {
    put(domain, time, encode(domain, time, key));
  }

  private void put(TimeDomain domain, long time, byte[] encoded) {
    if (storeOnly) {
      cache.putAssumingNew(state, encoded, PRESENT);
    } else {
      cache.put(state, encoded, PRESENT);
    }
    int index = code(domain) - 1;
    earliest[index] = Math.min(earliest[index], time);
    if (resumeAfter[index] != null && Arrays.compareUnsigned(encoded, resumeAfter[index]) <= 0) {
      resumeAfter[index] = null;
    }
  }

  public void delete(TimeDomain domain, long time, byte[] key) {
    cache.delete(state, encode(domain, time, key));
  }

  /** Deletes every timer, of both domains. */
  public void clear() {
    List<byte[]> all = new ArrayList<>();
    try (KeyValueIterator iterator = cache.prefixScan(state, new byte[0])) {
      while (iterator.next()) {
        all.add(iterator.key());
      }
    }
    for (byte[] stored : all) {
      cache.delete(state, stored);
    }
    Arrays.fill(earliest, NONE);
  }

  /**
   * Removes and returns the timers of {@code domain} due at {@code time} or before, earliest first
   * (at most {@code limit}).
   */
  public List<Due> takeDue(TimeDomain domain, long time, int limit) {
    return take(domain, time, limit, null);
  }

  /**
   * Fires the timers of {@code domain} due at {@code time} or before, earliest first, each removed
   * before {@code fire} gets it; timers that {@code fire} registers fire too when due. It takes
   * them in rounds of at most {@code round}, each going on from the last timer taken, unless a
   * timer was registered before that one since: a round does not walk again past the timers the
   * earlier rounds deleted (a window end that closes 100,000 windows is 100 rounds).
   *
   * @return how many fired
   */
  public int fireDue(TimeDomain domain, long time, int round, Consumer<Due> fire) {
    int index = code(domain) - 1;
    int fired = 0;
    try {
      List<Due> due;
      while (!(due = take(domain, time, round, resumeAfter[index])).isEmpty()) {
        Due last = due.get(due.size() - 1);
        resumeAfter[index] = encode(domain, last.time(), last.key());
        for (Due timer : due) {
          fire.accept(timer);
        }
        fired += due.size();
      }
    } finally {
      resumeAfter[index] = null;
    }
    return fired;
  }

  private List<Due> take(TimeDomain domain, long time, int limit, byte[] after) {
    int index = code(domain) - 1;
    if (time < earliest[index]) {
      return List.of();
    }
    byte[] prefix = {code(domain)};
    List<Due> due = new ArrayList<>();
    long next = NONE;
    try (KeyValueIterator iterator = cache.prefixScan(state, prefix, after)) {
      while (iterator.next()) {
        byte[] stored = iterator.key();
        long timerTime = ByteBuffer.wrap(stored, 1, 8).getLong() ^ Long.MIN_VALUE;
        if (timerTime > time || due.size() == limit) {
          next = timerTime;
          break;
        }
        due.add(new Due(timerTime, Arrays.copyOfRange(stored, 9, stored.length)));
      }
    }
    // Every timer before the scan's start was taken by an earlier round (or one registered since
    // would have cleared the start): the first timer left is the earliest.
    earliest[index] = next;
    for (Due timer : due) {
      cache.delete(state, encode(domain, timer.time(), timer.key()));
    }
    return due;
  }

  private static byte[] encode(TimeDomain domain, long time, byte[] key) {
    return ByteBuffer.allocate(9 + key.length)
        .put(code(domain))
        // Flipping the sign bit makes unsigned byte order the order of signed longs.
        .putLong(time ^ Long.MIN_VALUE)
        .put(key)
        .array();
  }

  private static byte code(TimeDomain domain) {
    return domain == TimeDomain.EVENT_TIME ? (byte) 1 : (byte) 2;
  }
}
