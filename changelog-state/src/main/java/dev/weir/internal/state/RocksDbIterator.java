package dev.weir.internal.state;

import java.util.Arrays;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;

/**
 * A prefix scan over one column family. RocksDB stops at the upper bound (the first key after the
 * prefix), so the scan never walks over tombstones of the next keys. The native iterator and its
 * bound are tracked by the store: closing the store closes them, and a closed native iterator makes
 * every later call throw instead of touching freed memory.
 */
final class RocksDbIterator implements KeyValueIterator {

  private final RocksDbStore store;
  private final int state;
  private final RocksIterator iterator;
  private final Slice upperBound;
  private final byte[] prefix;
  /** The key the scan starts after, or null to start at the prefix. */
  private final byte[] after;
  private boolean started;
  private byte[] key;
  private byte[] value;

  /**
   * @param upperBound the bound the native iterator was created with, or null; it must outlive the
   *     iterator, which points to it
   * @param after the key to start after, or null to start at {@code prefix}
   */
  RocksDbIterator(
      RocksDbStore store,
      int state,
      RocksIterator iterator,
      Slice upperBound,
      byte[] prefix,
      byte[] after) {
    this.store = store;
    this.state = state;
    this.iterator = iterator;
    this.upperBound = upperBound;
    this.prefix = prefix;
    this.after = after;
  }

  @Override
  public boolean next() {
    if (!iterator.isOwningHandle()) {
      throw new IllegalStateException(
          "This iterator over state '" + store.stateName(state) + "' or its store is closed");
    }
    if (started) {
      iterator.next();
    } else {
      iterator.seek(after == null ? prefix : after);
      if (after != null && iterator.isValid() && Arrays.equals(iterator.key(), after)) {
        iterator.next();
      }
      started = true;
    }
    if (iterator.isValid()) {
      key = iterator.key();
      value = iterator.value();
      return true;
    }
    key = null;
    value = null;
    try {
      // isValid() is also false on an I/O error: only status() tells them apart.
      iterator.status();
    } catch (RocksDBException e) {
      throw store.failure("scan", state, e);
    }
    return false;
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
    // Do not reorder: the iterator points to its bound, so it is closed first.
    store.release(iterator);
    if (upperBound != null) {
      store.release(upperBound);
    }
  }
}
