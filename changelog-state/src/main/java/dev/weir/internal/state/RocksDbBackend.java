package dev.weir.internal.state;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.rocksdb.LRUCache;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteBufferManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens one RocksDB instance per task ({@link RocksDbStore}) and owns what they all share: one
 * bounded LRU block cache and one write buffer manager that charges memtables to that cache, so
 * the off-heap memory of all stores of a worker stays within {@link
 * RocksDbOptions#blockCacheBytes()}.
 *
 * <p>Lifecycle: the worker creates one backend, opens stores from its processing threads, closes
 * each store when its task goes, and closes the backend last. The shared cache and write buffer
 * manager must outlive every store that uses them, so {@link #close()} first closes the stores that
 * are still open (logging each as a leak) and only then the shared handles. It closes rather than
 * fails: a backend closed on a failure path must still free all native memory. It must be called
 * once no thread uses any of its stores any more.
 *
 * <p>Thread-safety: {@link #open} may be called from several threads at once; {@link #close()}
 * waits for opens in progress.
 */
public final class RocksDbBackend implements StateBackend {

  static {
    // Extracts and loads the native library once per class loader; later calls are no-ops.
    RocksDB.loadLibrary();
  }

  private static final Logger LOG = LoggerFactory.getLogger(RocksDbBackend.class);

  private final RocksDbOptions options;
  private final NativeHandles sharedHandles = new NativeHandles();
  private final LRUCache blockCache;
  private final WriteBufferManager writeBufferManager;
  /** Opens hold the read lock, close the write lock: nothing is opened on a closed cache. */
  private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
  private final Set<RocksDbStore> openStores = new LinkedHashSet<>();
  private boolean closed;

  /** A backend with {@link RocksDbOptions#defaults()}. */
  public RocksDbBackend() {
    this(RocksDbOptions.defaults());
  }

  public RocksDbBackend(RocksDbOptions options) {
    this.options = options;
    // Index and filter blocks are inserted with high priority into 10% of the cache, so data
    // blocks of a scan do not evict what every point lookup needs.
    this.blockCache =
        sharedHandles.track(new LRUCache(options.blockCacheBytes(), -1, false, 0.1));
    // Tracked after the cache, so closed before it.
    this.writeBufferManager =
        sharedHandles.track(new WriteBufferManager(options.writeBufferBytes(), blockCache));
  }

  /**
   * Opens or creates the RocksDB instance in {@code directory}. Existing column families are found
   * and kept with their data and changelog offsets; state names not seen before get a new column
   * family.
   *
   * @throws dev.weir.api.StateException if RocksDB cannot open the directory (the message says why
   *     and what to do, e.g. when another store holds its lock)
   */
  @Override
  public TaskStore open(Path directory, List<String> states) {
    lifecycle.readLock().lock();
    try {
      if (closed) {
        throw new IllegalStateException(
            "The RocksDB backend is closed; cannot open a store in " + directory);
      }
      RocksDbStore store =
          RocksDbStore.open(
              directory, states, options, blockCache, writeBufferManager, this::storeClosed);
      synchronized (openStores) {
        openStores.add(store);
      }
      return store;
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  /**
   * Bytes the shared block cache holds now, memtables included (they are charged to it); 0 once
   * the backend is closed. Safe to call from any thread.
   */
  public long memoryUsageBytes() {
    lifecycle.readLock().lock();
    try {
      return closed ? 0 : blockCache.getUsage();
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  @Override
  public boolean persistent() {
    return true;
  }

  @Override
  public void close() {
    lifecycle.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      List<RocksDbStore> leaked;
      synchronized (openStores) {
        leaked = new ArrayList<>(openStores);
      }
      RuntimeException failure = null;
      for (RocksDbStore store : leaked) {
        LOG.warn(
            "Closing the RocksDB backend while the store in {} is open; closing the store first."
                + " Close each task store before the backend.",
            store.directory());
        try {
          store.close();
        } catch (RuntimeException e) {
          failure = e;
        }
      }
      try {
        // Do not reorder: the stores above hold the cache and write buffer manager.
        sharedHandles.closeAll();
      } catch (RuntimeException e) {
        if (failure != null) {
          e.addSuppressed(failure);
        }
        throw e;
      }
      if (failure != null) {
        throw failure;
      }
    } finally {
      lifecycle.writeLock().unlock();
    }
  }

  private void storeClosed(RocksDbStore store) {
    synchronized (openStores) {
      openStores.remove(store);
    }
  }

  // --- for tests ---

  int openStoreCount() {
    synchronized (openStores) {
      return openStores.size();
    }
  }

  NativeHandles sharedHandles() {
    return sharedHandles;
  }
}
