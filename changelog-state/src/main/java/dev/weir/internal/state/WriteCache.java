package dev.weir.internal.state;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The uncommitted writes of one task, in front of its {@link TaskStore}.
 *
 * <p>Reads see the task's own pending writes first (read-your-writes). Repeated writes of a key
 * between two commits fold into one pending entry, so each commit sends one changelog record per
 * changed key. At commit the runtime sends {@link #forEachPending} to the changelog in the
 * transaction and, once the transaction committed, calls {@link #applyToStore}; if it aborted, it
 * calls {@link #discard()} and the store is still exactly at the last commit.
 *
 * <p>Record scope: the runtime calls {@link #beginRecord()} before each input record (or timer)
 * and {@link #commitRecord()} or {@link #rollbackRecord()} after it, so a record whose user function
 * throws leaves no trace. The undo log records only the first touch of a key within a record, in a
 * list reused across records: a record without rollback costs one list append per key it touches.
 * Writes outside a record scope are allowed and cannot be rolled back.
 *
 * <p>Thread-safety: used by the one processing thread that owns the task. The cache keeps the key
 * and value arrays it is given; callers must not modify them afterwards, nor the arrays it returns.
 */
public final class WriteCache {

  /** Heap bytes per pending entry beyond key and value bytes: tree node, entry, array headers. */
  static final int ENTRY_OVERHEAD_BYTES = 112;

  /** The value of a pending delete; compared by identity, so a user's empty value differs. */
  private static final byte[] TOMBSTONE = new byte[0];

  /** The undo value of a key that had no pending entry before the record touched it. */
  private static final byte[] ABSENT = new byte[0];

  private final TaskStore store;
  private final TreeMap<byte[], Pending>[] pending;
  private final ArrayList<Pending> undoLog = new ArrayList<>();
  /** Id of the open record scope; ids start at 1, so 0 in an entry means "not in this record". */
  private long record;
  private boolean inRecord;
  private long pendingBytes;
  private int pendingCount;

  /**
   * @param store the task's store, owned and closed by the caller
   * @param stateCount the number of states of the store (their indexes are 0 to stateCount - 1)
   */
  @SuppressWarnings({"unchecked", "rawtypes"}) // a generic array: one map per state index
  public WriteCache(TaskStore store, int stateCount) {
    if (stateCount <= 0) {
      throw new IllegalArgumentException("stateCount must be positive, was " + stateCount);
    }
    this.store = Objects.requireNonNull(store, "store");
    this.pending = new TreeMap[stateCount];
    for (int i = 0; i < stateCount; i++) {
      pending[i] = new TreeMap<>(Bytes.UNSIGNED);
    }
  }

  /**
   * The value of {@code key}: a pending value, null if a pending delete, else the store's value
   * (null if none).
   */
  public byte[] get(int state, byte[] key) {
    Pending entry = pending[state].get(key);
    if (entry != null) {
      return entry.value == TOMBSTONE ? null : entry.value;
    }
    return store.get(state, key);
  }

  /** Sets {@code key} to {@code value} (not null; use {@link #delete} to remove a key). */
  public void put(int state, byte[] key, byte[] value) {
    write(state, key, Objects.requireNonNull(value, "value (use delete to remove a key)"));
  }

  /** Removes {@code key}: reads see no value, and the commit sends a tombstone. */
  public void delete(int state, byte[] key) {
    write(state, key, TOMBSTONE);
  }

  private void write(int state, byte[] key, byte[] value) {
    TreeMap<byte[], Pending> map = pending[state];
    Pending entry = map.get(key);
    if (entry == null) {
      entry = new Pending(state, key, value);
      map.put(key, entry);
      pendingCount++;
      pendingBytes += ENTRY_OVERHEAD_BYTES + key.length + value.length;
      if (inRecord) {
        entry.before = ABSENT;
        entry.touchedInRecord = record;
        undoLog.add(entry);
      }
      return;
    }
    if (inRecord && entry.touchedInRecord != record) {
      entry.before = entry.value;
      entry.touchedInRecord = record;
      undoLog.add(entry);
    }
    // A tombstone has length 0, so this also holds for deletes.
    pendingBytes += value.length - entry.value.length;
    entry.value = value;
  }

  /**
   * Entries of {@code state} whose keys start with {@code prefix}, in unsigned key order: pending
   * writes merged over the store's entries, pending deletes hidden. The caller must close the
   * iterator. Writes made through this cache while iterating are seen if their key is after the
   * current one, and not otherwise; the iterator never fails because of them.
   */
  public KeyValueIterator prefixScan(int state, byte[] prefix) {
    return new MergedScan(pending[state], store.prefixScan(state, prefix), prefix);
  }

  /**
   * Opens a record scope.
   *
   * @throws IllegalStateException if the previous record scope was neither committed nor rolled back
   */
  public void beginRecord() {
    if (inRecord) {
      throw new IllegalStateException(
          "beginRecord called inside a record scope: call commitRecord or rollbackRecord after"
              + " each record");
    }
    record++;
    inRecord = true;
  }

  /** Keeps the writes of the record scope. */
  public void commitRecord() {
    checkInRecord("commitRecord");
    for (int i = 0, n = undoLog.size(); i < n; i++) {
      undoLog.get(i).before = null; // let the overwritten value be collected
    }
    undoLog.clear();
    inRecord = false;
  }

  /**
   * Undoes every put and delete since {@link #beginRecord()}: each key touched gets back its
   * previous pending entry, or no pending entry if it had none.
   */
  public void rollbackRecord() {
    checkInRecord("rollbackRecord");
    for (int i = undoLog.size() - 1; i >= 0; i--) {
      Pending entry = undoLog.get(i);
      if (entry.before == ABSENT) {
        pending[entry.state].remove(entry.key);
        pendingCount--;
        pendingBytes -= ENTRY_OVERHEAD_BYTES + entry.key.length + entry.value.length;
      } else {
        pendingBytes += entry.before.length - entry.value.length;
        entry.value = entry.before;
      }
      entry.before = null;
    }
    undoLog.clear();
    inRecord = false;
  }

  /** Approximate heap bytes of the pending writes; the runtime commits early when it is too big. */
  public long pendingBytes() {
    return pendingBytes;
  }

  /** Number of pending writes (keys written since the last apply or discard, over all states). */
  public int pendingCount() {
    return pendingCount;
  }

  /**
   * Calls {@code visitor} once per pending write, grouped by state (in index order), in unsigned
   * key order within a state, with the latest value (null for a delete). Called at commit to send
   * the changelog records; the visitor must not write to this cache.
   *
   * @throws IllegalStateException inside a record scope
   */
  public void forEachPending(PendingWriteVisitor visitor) {
    checkNotInRecord("forEachPending");
    for (int state = 0; state < pending.length; state++) {
      for (Pending entry : pending[state].values()) {
        visitor.visit(state, entry.key, entry.value == TOMBSTONE ? null : entry.value);
      }
    }
  }

  /**
   * After the transaction committed: applies all pending writes and, for each state {@code i} with
   * {@code nextChangelogOffsets[i] >= 0}, that changelog offset, in one store batch, then clears
   * the pending writes. If the store fails, the pending writes are kept and the exception
   * propagates (the task must then be closed and restored).
   *
   * @param nextChangelogOffsets per state index, the changelog offset the store is complete up to
   *     after this batch, or -1 to leave the state's offset unchanged
   * @throws IllegalStateException inside a record scope
   * @throws IllegalArgumentException if the array length is not the state count
   */
  public void applyToStore(long[] nextChangelogOffsets) {
    checkNotInRecord("applyToStore");
    if (nextChangelogOffsets.length != pending.length) {
      throw new IllegalArgumentException(
          "Expected one changelog offset per state ("
              + pending.length
              + "), got "
              + nextChangelogOffsets.length
              + ": "
              + Arrays.toString(nextChangelogOffsets));
    }
    boolean anyOffset = false;
    for (long offset : nextChangelogOffsets) {
      anyOffset |= offset >= 0;
    }
    if (pendingCount == 0 && !anyOffset) {
      return;
    }
    try (StoreBatch batch = store.newBatch()) {
      for (int state = 0; state < pending.length; state++) {
        for (Pending entry : pending[state].values()) {
          if (entry.value == TOMBSTONE) {
            batch.delete(state, entry.key);
          } else {
            batch.put(state, entry.key, entry.value);
          }
        }
        if (nextChangelogOffsets[state] >= 0) {
          batch.changelogOffset(state, nextChangelogOffsets[state]);
        }
      }
      store.apply(batch);
    }
    clearPending();
  }

  /**
   * After the transaction aborted: drops every pending write. The store is untouched.
   *
   * @throws IllegalStateException inside a record scope
   */
  public void discard() {
    checkNotInRecord("discard");
    clearPending();
  }

  private void clearPending() {
    for (TreeMap<byte[], Pending> map : pending) {
      map.clear();
    }
    pendingBytes = 0;
    pendingCount = 0;
  }

  private void checkInRecord(String method) {
    if (!inRecord) {
      throw new IllegalStateException(method + " called without beginRecord");
    }
  }

  private void checkNotInRecord(String method) {
    if (inRecord) {
      throw new IllegalStateException(
          method + " called inside a record scope: commit or roll back the record first");
    }
  }

  /** One pending write, and what to restore if the open record scope rolls back. */
  private static final class Pending {
    final int state;
    final byte[] key;
    /** The latest value, or {@link #TOMBSTONE}. */
    byte[] value;
    /** The value before the open record scope first touched the key, or {@link #ABSENT}. */
    byte[] before;
    /** The record scope that last logged this entry for undo. */
    long touchedInRecord;

    Pending(int state, byte[] key, byte[] value) {
      this.state = state;
      this.key = key;
      this.value = value;
    }
  }

  /**
   * Merges the pending entries of one state over a scan of the store. The pending side is not held
   * as a map iterator but re-found after the last pending key consumed, so writes to the cache
   * during the scan cannot break it; the store side is not written before the next commit.
   */
  private static final class MergedScan implements KeyValueIterator {

    private final TreeMap<byte[], Pending> pending;
    private final KeyValueIterator stored;
    private final byte[] prefix;
    /**
     * The last key passed, from either side (returned, or hidden by a pending delete), or null
     * before the first: the next pending candidate is the first pending key after it, so a key
     * written behind the scan is not returned out of order.
     */
    private byte[] cursor;
    /** Whether {@code stored} is on an entry not returned yet. */
    private boolean storedAhead;
    private boolean started;
    private boolean closed;
    private byte[] key;
    private byte[] value;

    MergedScan(TreeMap<byte[], Pending> pending, KeyValueIterator stored, byte[] prefix) {
      this.pending = pending;
      this.stored = stored;
      this.prefix = prefix;
    }

    @Override
    public boolean next() {
      if (closed) {
        throw new IllegalStateException("This iterator is closed");
      }
      if (!started) {
        storedAhead = stored.next();
        started = true;
      }
      while (true) {
        Map.Entry<byte[], Pending> next =
            cursor == null ? pending.ceilingEntry(prefix) : pending.higherEntry(cursor);
        if (next != null && !Bytes.startsWith(next.getKey(), prefix)) {
          next = null;
        }
        if (next == null && !storedAhead) {
          key = null;
          value = null;
          return false;
        }
        int order;
        if (next == null) {
          order = 1;
        } else if (!storedAhead) {
          order = -1;
        } else {
          order = Arrays.compareUnsigned(next.getKey(), stored.key());
        }
        if (order > 0) {
          key = stored.key();
          value = stored.value();
          cursor = key;
          storedAhead = stored.next();
          return true;
        }
        // The pending entry comes first, or shadows the store's entry of the same key.
        cursor = next.getKey();
        if (order == 0) {
          storedAhead = stored.next();
        }
        byte[] pendingValue = next.getValue().value;
        if (pendingValue != TOMBSTONE) {
          key = cursor;
          value = pendingValue;
          return true;
        }
      }
    }

    @Override
    public byte[] key() {
      return key;
    }

    @Override
    public byte[] value() {
      return value;
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        stored.close();
      }
    }
  }
}
