package dev.weir.internal.state;

import dev.weir.api.StateException;
import java.util.Arrays;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * A {@link StoreBatch} over a RocksDB {@link WriteBatch}: the data writes and the changelog offsets
 * (puts into the offsets column family) go into the same native batch, so one {@code write} makes
 * both durable or neither. The native batch is tracked by the store, which closes it if the caller
 * does not.
 */
final class RocksDbBatch implements StoreBatch {

  static final long NO_OFFSET = -1L;

  private final RocksDbStore store;
  private final WriteBatch writeBatch;
  private final long[] offsets;
  private int size;
  private boolean applied;

  RocksDbBatch(RocksDbStore store, WriteBatch writeBatch, int stateCount) {
    this.store = store;
    this.writeBatch = writeBatch;
    this.offsets = new long[stateCount];
    Arrays.fill(offsets, NO_OFFSET);
  }

  @Override
  public void put(int state, byte[] key, byte[] value) {
    checkWritable();
    try {
      writeBatch.put(store.family(state), key, value);
    } catch (RocksDBException e) {
      throw store.failure("add a put to a batch for", state, e);
    }
    size++;
  }

  @Override
  public void delete(int state, byte[] key) {
    checkWritable();
    try {
      writeBatch.delete(store.family(state), key);
    } catch (RocksDBException e) {
      throw store.failure("add a delete to a batch for", state, e);
    }
    size++;
  }

  @Override
  public void changelogOffset(int state, long nextOffset) {
    checkWritable();
    if (nextOffset < 0) {
      throw new IllegalArgumentException(
          "A changelog offset is at least 0, got " + nextOffset + " for state " + state);
    }
    byte[] value = new byte[8];
    Bytes.writeLong(nextOffset, value);
    try {
      writeBatch.put(store.offsetsFamily(), store.offsetKey(state), value);
    } catch (RocksDBException e) {
      throw store.failure("add a changelog offset to a batch for", state, e);
    }
    offsets[state] = nextOffset;
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public void close() {
    store.release(writeBatch);
  }

  boolean belongsTo(RocksDbStore owner) {
    return store == owner;
  }

  /** Called by the store once, right before writing the batch. */
  WriteBatch writeBatchToApply() {
    if (applied) {
      throw new IllegalStateException("This batch was already applied; a batch is applied once");
    }
    if (!writeBatch.isOwningHandle()) {
      throw new IllegalStateException("This batch is closed; apply it before closing it");
    }
    applied = true;
    return writeBatch;
  }

  /** The offsets recorded per state, {@link #NO_OFFSET} where none. */
  long[] offsets() {
    return offsets;
  }

  private void checkWritable() {
    if (applied) {
      throw new IllegalStateException("This batch was already applied; use a new batch");
    }
    if (!writeBatch.isOwningHandle()) {
      throw new IllegalStateException("This batch or its store is closed");
    }
  }
}
