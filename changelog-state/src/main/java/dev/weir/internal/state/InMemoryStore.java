package dev.weir.internal.state;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * A {@link TaskStore} on one {@link TreeMap} per state, ordered as unsigned bytes like RocksDB.
 * Keeps the arrays it is given (batches hand over their arrays) and returns them as they are.
 * Changelog offsets reflect what was applied since the store was opened.
 */
final class InMemoryStore implements TaskStore {

  static final long NO_OFFSET = -1L;

  private final List<String> states;
  private final TreeMap<byte[], byte[]>[] maps;
  private final long[] offsets;
  private final Consumer<InMemoryStore> onClose;
  private boolean closed;

  @SuppressWarnings({"unchecked", "rawtypes"}) // a generic array: one map per state index
  InMemoryStore(List<String> states, Consumer<InMemoryStore> onClose) {
    this.states = states;
    this.onClose = onClose;
    this.maps = new TreeMap[states.size()];
    for (int i = 0; i < maps.length; i++) {
      maps[i] = new TreeMap<>(Bytes.UNSIGNED);
    }
    this.offsets = new long[states.size()];
    Arrays.fill(offsets, NO_OFFSET);
  }

  @Override
  public byte[] get(int state, byte[] key) {
    checkOpen();
    return maps[state].get(key);
  }

  @Override
  public KeyValueIterator prefixScan(int state, byte[] prefix, byte[] after) {
    checkOpen();
    return new Scan(this, maps[state], prefix, Bytes.checkStartsWith(after, prefix));
  }

  @Override
  public OptionalLong changelogOffset(int state) {
    checkOpen();
    long offset = offsets[state];
    return offset == NO_OFFSET ? OptionalLong.empty() : OptionalLong.of(offset);
  }

  @Override
  public StoreBatch newBatch() {
    checkOpen();
    return new InMemoryBatch(this, states.size());
  }

  @Override
  public void apply(StoreBatch batch) {
    checkOpen();
    if (!(batch instanceof InMemoryBatch memoryBatch) || !memoryBatch.belongsTo(this)) {
      throw new IllegalArgumentException(
          "The batch was not created by this store (in memory, states "
              + states
              + "); use its newBatch()");
    }
    // Every index was checked when the batch was filled, so nothing below can fail half-way.
    memoryBatch.applyTo(maps, offsets);
  }

  @Override
  public void wipe() {
    checkOpen();
    for (TreeMap<byte[], byte[]> map : maps) {
      map.clear();
    }
    Arrays.fill(offsets, NO_OFFSET);
  }

  @Override
  public long approximateSizeBytes() {
    checkOpen();
    return 0;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (TreeMap<byte[], byte[]> map : maps) {
      map.clear();
    }
    onClose.accept(this);
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("The in-memory store of states " + states + " is closed");
    }
  }

  /**
   * Seeks past the last key returned at each step instead of holding a map iterator, so a batch
   * applied during the scan cannot make it fail; it sees the map as it is at each step.
   */
  private static final class Scan implements KeyValueIterator {

    private final InMemoryStore store;
    private final TreeMap<byte[], byte[]> map;
    private final byte[] prefix;
    /** The key the scan starts after, or null to start at the prefix. */
    private final byte[] after;
    private byte[] key;
    private byte[] value;
    private boolean started;
    private boolean closed;

    Scan(InMemoryStore store, TreeMap<byte[], byte[]> map, byte[] prefix, byte[] after) {
      this.store = store;
      this.map = map;
      this.prefix = Objects.requireNonNull(prefix, "prefix");
      this.after = after;
    }

    @Override
    public boolean next() {
      if (closed || store.closed) {
        throw new IllegalStateException("This iterator or its in-memory store is closed");
      }
      Map.Entry<byte[], byte[]> entry;
      if (started) {
        entry = key == null ? null : map.higherEntry(key);
      } else {
        entry = after == null ? map.ceilingEntry(prefix) : map.higherEntry(after);
        started = true;
      }
      if (entry == null || !Bytes.startsWith(entry.getKey(), prefix)) {
        key = null;
        value = null;
        return false;
      }
      key = entry.getKey();
      value = entry.getValue();
      return true;
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
      closed = true;
    }
  }
}
