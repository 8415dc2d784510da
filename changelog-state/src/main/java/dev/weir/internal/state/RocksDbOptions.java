package dev.weir.internal.state;

/**
 * Sizes of what the stores of one {@link RocksDbBackend} share. The runtime builds it from the
 * worker's config ({@code state.rocksdb.*}).
 *
 * <p>Memory is bounded by {@code blockCacheBytes} for all stores together: the memtables are
 * charged to the block cache through the write buffer manager, and index and filter blocks live in
 * the cache too. So {@code writeBufferBytes} is the part of the cache that memtables may use
 * before RocksDB flushes the largest one.
 *
 * @param blockCacheBytes off-heap bytes for the shared LRU cache (data, index and filter blocks and
 *     memtables) of all stores of the backend
 * @param writeBufferBytes bytes of memtables, across all stores, past which RocksDB flushes; less
 *     than {@code blockCacheBytes}
 * @param writeBufferBytesPerState memtable size of one state (column family) before it is switched
 *     and flushed; at most {@code writeBufferBytes}
 * @param maxOpenFilesPerStore SST files one store keeps open; -1 for no limit
 */
public record RocksDbOptions(
    long blockCacheBytes, long writeBufferBytes, long writeBufferBytesPerState, int maxOpenFilesPerStore) {

  private static final long MIB = 1024L * 1024L;

  public RocksDbOptions {
    if (blockCacheBytes <= 0) {
      throw new IllegalArgumentException(
          "blockCacheBytes must be positive, was " + blockCacheBytes);
    }
    if (writeBufferBytes <= 0 || writeBufferBytes >= blockCacheBytes) {
      throw new IllegalArgumentException(
          "writeBufferBytes must be positive and less than blockCacheBytes ("
              + blockCacheBytes
              + "), because memtables are charged to the block cache; was "
              + writeBufferBytes
              + ". Raise the block cache size or lower the write buffer size.");
    }
    if (writeBufferBytesPerState <= 0 || writeBufferBytesPerState > writeBufferBytes) {
      throw new IllegalArgumentException(
          "writeBufferBytesPerState must be positive and at most writeBufferBytes ("
              + writeBufferBytes
              + "); was "
              + writeBufferBytesPerState);
    }
    if (maxOpenFilesPerStore == 0 || maxOpenFilesPerStore < -1) {
      throw new IllegalArgumentException(
          "maxOpenFilesPerStore must be positive, or -1 for no limit; was " + maxOpenFilesPerStore);
    }
  }

  /** 64 MiB cache, of which up to 32 MiB memtables (8 MiB per state), 256 open files per store. */
  public static RocksDbOptions defaults() {
    return new RocksDbOptions(64 * MIB, 32 * MIB, 8 * MIB, 256);
  }
}
