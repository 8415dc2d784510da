package dev.weir.internal.state;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The uncommitted writes of one task, in front of its {@link TaskStore}, and a bounded cache of
 * the committed values the task used last.
 *
 * <p>Reads see the task's own pending writes first (read-your-writes). Repeated writes of a key
 * between two commits fold into one pending entry, so each commit sends one changelog record per
 * changed key. At commit the runtime sends {@link #forEachPending} to the changelog in the
 * transaction and, once the transaction committed, calls {@link #applyToStore}; if it aborted, it
 * calls {@link #discard()} and the store is still exactly at the last commit.
 *
 * <p>Committed values stay in the cache after {@link #applyToStore} (as "clean" entries, least
 * recently used first out once they take more than {@link #cleanLimit}), and so does what a read
 * found missing in the store: only this cache writes to the store while it is in use, so both stay
 * true, and reading them again costs no store read. Because the cache knows when the store lacks a
 * key, a key created and deleted again before the commit (a window that fires, a timer that goes
 * off, a value set and cleared) sends nothing to the changelog and writes nothing to the store.
 *
 * <p>The entries of a state are held in a hash map, and in a map sorted in the store's key order
 * from a scan ({@link #prefixScan}) until a commit passes without one. So point reads and writes of
 * states that are not scanned (values, counts, windows found by their bounds) cost a hash lookup,
 * not a walk down a tree comparing keys byte by byte. A state scanned since the last commit keeps
 * no clean entries past it.
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

  /** Heap bytes per entry beyond key and value bytes: map node, entry, array headers. */
  static final int ENTRY_OVERHEAD_BYTES = 136;

  /** The value of a pending delete; compared by identity, so a user's empty value differs. */
  private static final byte[] TOMBSTONE = new byte[0];

  /** The value of a clean entry whose key the store does not have; compared by identity. */
  private static final byte[] NOT_STORED = new byte[0];

  /** The undo value of a key that had no entry before the record touched it. */
  private static final byte[] ABSENT = new byte[0];

  private final TaskStore store;
  /** Per state: a {@link TreeMap} from a scan until a commit without one, else a {@link HashMap}. */
  private final Map<Key, Entry>[] entries;
  /** Per state: scanned since the last commit. */
  private final boolean[] scanned;
  /** The entries written since the last commit, each once, in the order first written. */
  private final ArrayList<Entry> written = new ArrayList<>();
  private final ArrayList<Entry> undoLog = new ArrayList<>();
  /** Clean entries, least recently used first; linked through {@link Entry#newer}. */
  private Entry oldestClean;
  private Entry newestClean;
  private long cleanBytes;
  private long cleanLimit;
  /** Id of the open record scope; ids start at 1, so 0 in an entry means "not in this record". */
  private long record;
  private boolean inRecord;
  private long pendingBytes;
  private int pendingCount;

  /**
   * A cache that keeps no committed values ({@link #cleanLimit} 0) until told otherwise.
   *
   * @param store the task's store, owned and closed by the caller
   * @param stateCount the number of states of the store (their indexes are 0 to stateCount - 1)
   */
  @SuppressWarnings({"unchecked", "rawtypes"}) // a generic array: one map per state index
  public WriteCache(TaskStore store, int stateCount) {
    if (stateCount <= 0) {
      throw new IllegalArgumentException("stateCount must be positive, was " + stateCount);
    }
    this.store = Objects.requireNonNull(store, "store");
    this.entries = new Map[stateCount];
    this.scanned = new boolean[stateCount];
    for (int i = 0; i < stateCount; i++) {
      entries[i] = new HashMap<>();
    }
  }

  /**
   * Sets how many bytes of committed values (and of keys known to be missing from the store) the
   * cache keeps; the least recently used go first. 0 keeps none past a commit.
   */
  public void cleanLimit(long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("cleanLimit must be at least 0, was " + bytes);
    }
    cleanLimit = bytes;
    evictClean();
  }

  /** Approximate heap bytes of the committed values kept; at most {@link #cleanLimit}. */
  public long cleanBytes() {
    return cleanBytes;
  }

  /**
   * The value of {@code key}: a pending value, null if a pending delete, else the store's value
   * (null if none).
   */
  public byte[] get(int state, byte[] key) {
    Key lookup = new Key(key);
    Entry entry = entries[state].get(lookup);
    if (entry != null) {
      if (!entry.dirty) {
        unlinkClean(entry);
        linkClean(entry);
      }
      return isValue(entry.value) ? entry.value : null;
    }
    byte[] stored = store.get(state, key);
    entry = new Entry(state, key, lookup.hash, stored == null ? NOT_STORED : stored);
    entries[state].put(entry, entry);
    linkClean(entry);
    evictClean();
    return stored;
  }

  /** Sets {@code key} to {@code value} (not null; use {@link #delete} to remove a key). */
  public void put(int state, byte[] key, byte[] value) {
    write(state, key, Objects.requireNonNull(value, "value (use delete to remove a key)"));
  }

  /**
   * Sets {@code key} to {@code value} without reading the store first, taking the key to be
   * missing from it unless this cache knows otherwise: deleting the key before the commit then
   * writes nothing. For callers that can afford a wrong guess (the store then keeps its old value
   * after such a delete) in return for no store read.
   */
  public void putAssumingNew(int state, byte[] key, byte[] value) {
    write(state, key, Objects.requireNonNull(value, "value"), true);
  }

  /** Removes {@code key}: reads see no value, and the commit sends a tombstone if needed. */
  public void delete(int state, byte[] key) {
    write(state, key, TOMBSTONE);
  }

  private void write(int state, byte[] key, byte[] value) {
    write(state, key, value, false);
  }

  /** @param assumeNotStored a key with no entry here is taken to be missing from the store */
  private void write(int state, byte[] key, byte[] value, boolean assumeNotStored) {
    Map<Key, Entry> map = entries[state];
    Key lookup = new Key(key);
    Entry entry = map.get(lookup);
    if (entry == null) {
      entry = new Entry(state, key, lookup.hash, ABSENT);
      map.put(entry, entry);
    }
    if (inRecord && entry.touchedInRecord != record) {
      entry.before = entry.value;
      entry.cleanBefore = !entry.dirty;
      entry.touchedInRecord = record;
      undoLog.add(entry);
    }
    if (!entry.dirty) {
      if (entry.value != ABSENT) {
        unlinkClean(entry);
      }
      entry.storeLacksKey =
          entry.value == NOT_STORED || (entry.value == ABSENT && assumeNotStored);
      entry.dirty = true;
      pendingCount++;
      pendingBytes += entry.bytes();
      if (!entry.written) {
        entry.written = true;
        written.add(entry);
      }
    }
    // Tombstones and the other markers have length 0, so this also holds for deletes.
    pendingBytes += value.length - entry.value.length;
    entry.value = value;
  }

  /** Whether an entry's value is a value: not a delete, not "the store has none". */
  private static boolean isValue(byte[] value) {
    return value != TOMBSTONE && value != NOT_STORED;
  }

  /**
   * Entries of {@code state} whose keys start with {@code prefix}, in unsigned key order: pending
   * writes merged over the store's entries, pending deletes hidden. The caller must close the
   * iterator. Writes made through this cache while iterating are seen if their key is after the
   * current one, and not otherwise; the iterator never fails because of them.
   */
  public KeyValueIterator prefixScan(int state, byte[] prefix) {
    return prefixScan(state, prefix, null);
  }

  /**
   * Like {@link #prefixScan(int, byte[])}, but only the entries whose keys come after {@code
   * after}, which must start with {@code prefix}; null starts at the first.
   */
  public KeyValueIterator prefixScan(int state, byte[] prefix, byte[] after) {
    scanned[state] = true;
    return new MergedScan(sorted(state), store.prefixScan(state, prefix, after), prefix, after);
  }

  /** The entries of {@code state} in key order; kept sorted until a commit passes without a scan. */
  private NavigableMap<Key, Entry> sorted(int state) {
    if (entries[state] instanceof TreeMap<Key, Entry> sorted) {
      return sorted;
    }
    TreeMap<Key, Entry> sorted = new TreeMap<>(Key.UNSIGNED);
    sorted.putAll(entries[state]);
    entries[state] = sorted;
    return sorted;
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
   * Undoes every put and delete since {@link #beginRecord()}: each key touched gets back the entry
   * it had before (pending, clean, or none).
   */
  public void rollbackRecord() {
    checkInRecord("rollbackRecord");
    for (int i = undoLog.size() - 1; i >= 0; i--) {
      Entry entry = undoLog.get(i);
      pendingBytes += entry.before.length - entry.value.length;
      entry.value = entry.before;
      entry.before = null;
      if (entry.cleanBefore) {
        pendingBytes -= entry.bytes();
        pendingCount--;
        entry.dirty = false;
        if (entry.value == ABSENT) {
          entries[entry.state].remove(entry); // it stays in `written`, not dirty: skipped
        } else {
          linkClean(entry);
        }
      }
    }
    undoLog.clear();
    inRecord = false;
    evictClean();
  }

  /** Approximate heap bytes of the pending writes; the runtime commits early when it is too big. */
  public long pendingBytes() {
    return pendingBytes;
  }

  /**
   * Number of pending writes (keys written since the last apply or discard, over all states),
   * including deletes of keys the store does not have, which the commit skips.
   */
  public int pendingCount() {
    return pendingCount;
  }

  /**
   * Calls {@code visitor} once per pending write that changes the store, with the latest value
   * (null for a delete), in the order the keys were first written since the last commit. A delete
   * of a key the store does not have is skipped: it has nothing to remove, and the changelog has
   * no record of the key to cover. Called at commit to send the changelog records; the visitor
   * must not write to this cache.
   *
   * @throws IllegalStateException inside a record scope
   */
  public void forEachPending(PendingWriteVisitor visitor) {
    checkNotInRecord("forEachPending");
    for (int i = 0, n = written.size(); i < n; i++) {
      Entry entry = written.get(i);
      if (entry.changesStore()) {
        visitor.visit(entry.state, entry.key, entry.value == TOMBSTONE ? null : entry.value);
      }
    }
  }

  /**
   * After the transaction committed: applies all pending writes and, for each state {@code i} with
   * {@code nextChangelogOffsets[i] >= 0}, that changelog offset, in one store batch; the written
   * entries become clean. If the store fails, the pending writes are kept and the exception
   * propagates (the task must then be closed and restored).
   *
   * @param nextChangelogOffsets per state index, the changelog offset the store is complete up to
   *     after this batch, or -1 to leave the state's offset unchanged
   * @throws IllegalStateException inside a record scope
   * @throws IllegalArgumentException if the array length is not the state count
   */
  public void applyToStore(long[] nextChangelogOffsets) {
    checkNotInRecord("applyToStore");
    if (nextChangelogOffsets.length != entries.length) {
      throw new IllegalArgumentException(
          "Expected one changelog offset per state ("
              + entries.length
              + "), got "
              + nextChangelogOffsets.length
              + ": "
              + Arrays.toString(nextChangelogOffsets));
    }
    boolean anyOffset = false;
    for (long offset : nextChangelogOffsets) {
      anyOffset |= offset >= 0;
    }
    boolean anyChange = false;
    for (int i = 0, n = written.size(); i < n && !anyChange; i++) {
      anyChange = written.get(i).changesStore();
    }
    if (anyChange || anyOffset) {
      try (StoreBatch batch = store.newBatch()) {
        for (int i = 0, n = written.size(); i < n; i++) {
          Entry entry = written.get(i);
          if (!entry.changesStore()) {
            continue;
          }
          if (entry.value == TOMBSTONE) {
            batch.delete(entry.state, entry.key);
          } else {
            batch.put(entry.state, entry.key, entry.value);
          }
        }
        for (int state = 0; state < entries.length; state++) {
          if (nextChangelogOffsets[state] >= 0) {
            batch.changelogOffset(state, nextChangelogOffsets[state]);
          }
        }
        store.apply(batch);
      }
    }
    for (int i = 0, n = written.size(); i < n; i++) {
      Entry entry = written.get(i);
      entry.written = false;
      if (entry.dirty) {
        entry.dirty = false;
        if (entry.value == TOMBSTONE) {
          entry.value = NOT_STORED;
        }
        linkClean(entry);
      }
    }
    clearWritten();
    unsortStates();
    evictClean();
  }

  /**
   * A sorted state scanned since the last commit (timers, a map state read whole) stays sorted,
   * as it will likely be scanned again, and drops its clean entries: a scan reads the store anyway,
   * and every entry kept would make each lookup a little slower. One that was not (window entries,
   * scanned once when their task started) goes back to a hash map and keeps them for its point
   * reads.
   */
  private void unsortStates() {
    for (int state = 0; state < entries.length; state++) {
      if (!(entries[state] instanceof TreeMap<Key, Entry> sorted)) {
        continue;
      }
      if (scanned[state]) {
        for (Iterator<Entry> it = sorted.values().iterator(); it.hasNext(); ) {
          Entry entry = it.next();
          if (!entry.dirty) {
            unlinkClean(entry);
            it.remove();
          }
        }
      } else {
        entries[state] = new HashMap<>(sorted);
      }
    }
    Arrays.fill(scanned, false);
  }

  /**
   * After the transaction aborted: drops every pending write. The store is untouched, and so are
   * the clean entries.
   *
   * @throws IllegalStateException inside a record scope
   */
  public void discard() {
    checkNotInRecord("discard");
    for (int i = 0, n = written.size(); i < n; i++) {
      Entry entry = written.get(i);
      entry.written = false;
      if (entry.dirty) {
        entries[entry.state].remove(entry);
      }
    }
    clearWritten();
  }

  private void clearWritten() {
    written.clear();
    pendingBytes = 0;
    pendingCount = 0;
  }

  private void linkClean(Entry entry) {
    entry.older = newestClean;
    entry.newer = null;
    if (newestClean == null) {
      oldestClean = entry;
    } else {
      newestClean.newer = entry;
    }
    newestClean = entry;
    cleanBytes += entry.bytes();
  }

  private void unlinkClean(Entry entry) {
    if (entry.older == null) {
      oldestClean = entry.newer;
    } else {
      entry.older.newer = entry.newer;
    }
    if (entry.newer == null) {
      newestClean = entry.older;
    } else {
      entry.newer.older = entry.older;
    }
    entry.older = null;
    entry.newer = null;
    cleanBytes -= entry.bytes();
  }

  /** Drops the least recently used clean entries until they fit {@link #cleanLimit}. */
  private void evictClean() {
    while (cleanBytes > cleanLimit) {
      Entry oldest = oldestClean;
      unlinkClean(oldest);
      entries[oldest.state].remove(oldest);
    }
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

  /** A key of an entry map: the key bytes, compared by content, with their hash computed once. */
  private static class Key {

    /** The store's key order ({@link Bytes#UNSIGNED}): a merged scan relies on both agreeing. */
    static final Comparator<Key> UNSIGNED = (a, b) -> Bytes.UNSIGNED.compare(a.key, b.key);

    final byte[] key;
    final int hash;

    Key(byte[] key) {
      this(key, Arrays.hashCode(key));
    }

    Key(byte[] key, int hash) {
      this.key = key;
      this.hash = hash;
    }

    @Override
    public final int hashCode() {
      return hash;
    }

    @Override
    public final boolean equals(Object other) {
      return other instanceof Key that && hash == that.hash && Arrays.equals(key, that.key);
    }
  }

  /**
   * One key's entry: a pending write (dirty), or what the store holds (clean: a committed value,
   * or {@link #NOT_STORED}). It is its own key in the entry map.
   */
  private static final class Entry extends Key {
    final int state;
    /**
     * Dirty: the latest value or {@link #TOMBSTONE}. Clean: the store's value or {@link
     * #NOT_STORED}. {@link #ABSENT} only while a new entry is being written.
     */
    byte[] value;
    boolean dirty;
    /**
     * Dirty only: whether the store is known to lack the key (the entry was clean and {@link
     * #NOT_STORED} when this commit's writes began), so a delete needs no tombstone.
     */
    boolean storeLacksKey;
    /** Whether the entry is in the list of entries written since the last commit. */
    boolean written;
    /** The value before the open record scope first touched the key, or {@link #ABSENT}. */
    byte[] before;
    /** Whether the entry was clean (or did not exist) before the open record scope wrote it. */
    boolean cleanBefore;
    /** The record scope that last logged this entry for undo. */
    long touchedInRecord;
    /** Neighbours in the list of clean entries. */
    Entry older;
    Entry newer;

    Entry(int state, byte[] key, int hash, byte[] value) {
      super(key, hash);
      this.state = state;
      this.value = value;
    }

    /**
     * Whether applying this entry changes the store: a dirty entry, unless it deletes a key the
     * store does not have (known when the entry was clean and not stored before being written).
     */
    boolean changesStore() {
      return dirty && !(value == TOMBSTONE && storeLacksKey);
    }

    long bytes() {
      return ENTRY_OVERHEAD_BYTES + key.length + value.length;
    }
  }

  /**
   * Merges the entries of one state over a scan of the store. The entry side is not held as a map
   * iterator but re-found after the last key consumed, so writes to the cache during the scan
   * cannot break it; the store side is not written before the next commit.
   */
  private static final class MergedScan implements KeyValueIterator {

    private final NavigableMap<Key, Entry> entries;
    private final KeyValueIterator stored;
    private final Key prefix;
    /**
     * The last key passed, from either side (returned, or hidden by a pending delete), or null
     * before the first: the next cached candidate is the first cached key after it, so a key
     * written behind the scan is not returned out of order.
     */
    private byte[] cursor;
    /** Whether {@code stored} is on an entry not returned yet. */
    private boolean storedAhead;
    private boolean started;
    private boolean closed;
    private byte[] key;
    private byte[] value;

    /** @param after the key to start after, or null to start at {@code prefix} */
    MergedScan(
        NavigableMap<Key, Entry> entries, KeyValueIterator stored, byte[] prefix, byte[] after) {
      this.entries = entries;
      this.stored = stored;
      this.prefix = new Key(prefix);
      this.cursor = after;
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
        Map.Entry<Key, Entry> found =
            cursor == null ? entries.ceilingEntry(prefix) : entries.higherEntry(new Key(cursor));
        Entry next = found == null ? null : found.getValue();
        if (next != null && !Bytes.startsWith(next.key, prefix.key)) {
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
          order = Arrays.compareUnsigned(next.key, stored.key());
        }
        if (order > 0) {
          key = stored.key();
          value = stored.value();
          cursor = key;
          storedAhead = stored.next();
          return true;
        }
        // The cached entry comes first, or stands for the store's entry of the same key (a
        // NOT_STORED entry never has one).
        cursor = next.key;
        if (order == 0) {
          storedAhead = stored.next();
        }
        if (isValue(next.value)) {
          key = cursor;
          value = next.value;
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
