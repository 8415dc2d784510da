package dev.weir.internal.runtime.time;

import dev.weir.api.time.TimeDomain;
import dev.weir.internal.state.KeyValueIterator;
import dev.weir.internal.state.WriteCache;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The timers of one process operator in one task, kept as keyed state (state index
 * {@code state} of the task's write cache), so they are in the changelog and survive a crash or a
 * move. A timer's store key is its domain (1 byte), its time (8 bytes, ordered as signed longs)
 * and the serialized key; so a prefix scan of a domain yields timers in time order.
 *
 * <p>Used only by the task's thread.
 */
public final class Timers {

  private static final byte[] PRESENT = new byte[0];

  private final WriteCache cache;
  private final int state;

  public Timers(WriteCache cache, int state) {
    this.cache = cache;
    this.state = state;
  }

  /** A timer that is due: its time and the serialized key it was registered for. */
  public record Due(long time, byte[] key) {}

  public void register(TimeDomain domain, long time, byte[] key) {
    cache.put(state, encode(domain, time, key), PRESENT);
  }

  public void delete(TimeDomain domain, long time, byte[] key) {
    cache.delete(state, encode(domain, time, key));
  }

  /**
   * Removes and returns the timers of {@code domain} due at {@code time} or before, earliest first
   * (at most {@code limit}, so a caller can fire in bounded rounds and see timers registered while
   * firing).
   */
  public List<Due> takeDue(TimeDomain domain, long time, int limit) {
    List<Due> due = new ArrayList<>();
    try (KeyValueIterator iterator = cache.prefixScan(state, new byte[] {code(domain)})) {
      while (due.size() < limit && iterator.next()) {
        byte[] stored = iterator.key();
        long timerTime = ByteBuffer.wrap(stored, 1, 8).getLong() ^ Long.MIN_VALUE;
        if (timerTime > time) {
          break;
        }
        due.add(new Due(timerTime, Arrays.copyOfRange(stored, 9, stored.length)));
      }
    }
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
