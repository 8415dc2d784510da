package dev.weir.internal.runtime.state;

import dev.weir.api.state.StateTtl;
import dev.weir.api.time.TimeDomain;
import dev.weir.internal.runtime.time.TaskTime;
import dev.weir.internal.runtime.time.Timers;
import dev.weir.internal.state.WriteCache;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The time to live of one state in one task. A value is stored behind the 8-byte time it was
 * written; reads treat an old one as absent. Every write also files the entry under its expiry
 * time in an index (the state {@code <state>.ttl}, kept like timers), so {@link #cleanUp} visits
 * only entries that may have expired, a bounded number at a time, never the whole state.
 *
 * <p>Used only by the task's thread.
 */
public final class Ttl {

  private final WriteCache cache;
  private final int state;
  private final long ttlMs;
  private final LongSupplier now;
  private final Timers index;
  private final TimeDomain domain;

  /**
   * @param state the index of the state whose entries expire
   * @param indexState the index of its {@code <state>.ttl} companion state
   * @param processingTime the worker's clock, in ms
   * @param watermark the task's watermark, in ms
   */
  public Ttl(
      WriteCache cache,
      int state,
      int indexState,
      StateTtl ttl,
      LongSupplier processingTime,
      LongSupplier watermark) {
    this.cache = cache;
    this.state = state;
    this.ttlMs = ttl.timeToLive().toMillis();
    boolean eventTime = ttl.time() == StateTtl.Time.EVENT_TIME;
    this.now = eventTime ? watermark : processingTime;
    this.domain = eventTime ? TimeDomain.EVENT_TIME : TimeDomain.PROCESSING_TIME;
    this.index = new Timers(cache, indexState);
  }

  /** The value to store for {@code value} written now under {@code key}; files its expiry. */
  byte[] wrap(byte[] key, byte[] value) {
    long written = now.getAsLong();
    if (written != TaskTime.NONE) {
      index.add(domain, written + ttlMs, key);
    }
    return ByteBuffer.allocate(8 + value.length).putLong(written).put(value).array();
  }

  /** The value inside {@code stored}, expired or not: what was written, without its write time. */
  public static byte[] value(byte[] stored) {
    return Arrays.copyOfRange(stored, 8, stored.length);
  }

  /** The value inside {@code stored}, or null when it is absent or expired. */
  byte[] unwrap(byte[] stored) {
    if (stored == null || expired(stored)) {
      return null;
    }
    return value(stored);
  }

  private boolean expired(byte[] stored) {
    long written = ByteBuffer.wrap(stored, 0, 8).getLong();
    long current = now.getAsLong();
    return written != TaskTime.NONE && current != TaskTime.NONE && current - written >= ttlMs;
  }

  /**
   * Deletes up to {@code budget} entries whose time is up, earliest first.
   *
   * @return how many index entries were visited (0 when nothing was due)
   */
  public int cleanUp(int budget) {
    long current = now.getAsLong();
    if (current == TaskTime.NONE) {
      return 0;
    }
    List<Timers.Due> due = index.takeDue(domain, current, budget);
    for (Timers.Due entry : due) {
      byte[] stored = cache.get(state, entry.key());
      // Rewritten since this expiry was filed: a later index entry covers it.
      if (stored != null && expired(stored)) {
        cache.delete(state, entry.key());
      }
    }
    return due.size();
  }

  /** The name of the companion state that indexes the expiry of {@code state}'s entries. */
  public static String indexStateName(String state) {
    return state + ".ttl";
  }
}
