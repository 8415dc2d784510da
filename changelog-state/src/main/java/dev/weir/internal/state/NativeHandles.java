package dev.weir.internal.state;

import java.util.ArrayList;
import java.util.List;
import org.rocksdb.AbstractNativeReference;

/**
 * Every RocksDB native object of one owner (a {@link RocksDbStore} or a {@link RocksDbBackend}),
 * closed in reverse order of creation, so that an object is always closed before the objects it
 * was built from: iterators before the DB, column family handles before the DB, the DB before its
 * options, options before the filter and cache they point to. Nothing is left to the GC.
 *
 * <p>Not thread-safe: used by the owner's thread, or under the owner's lock.
 */
final class NativeHandles {

  private final ArrayList<AbstractNativeReference> open = new ArrayList<>();
  private long created;
  private long closed;

  /** Registers a handle just created; it is closed by {@link #close} or {@link #closeAll}. */
  <T extends AbstractNativeReference> T track(T handle) {
    open.add(handle);
    created++;
    return handle;
  }

  /**
   * Closes one handle now, if it is still open here; false if it was closed before (closing twice
   * is harmless). Handles are mostly closed newest first, so the search from the end is short.
   */
  boolean close(AbstractNativeReference handle) {
    for (int i = open.size() - 1; i >= 0; i--) {
      if (open.get(i) == handle) {
        open.remove(i);
        closed++;
        handle.close();
        return true;
      }
    }
    return false;
  }

  /**
   * Closes every open handle, newest first. A failing close does not stop the others; the first
   * failure is rethrown at the end.
   */
  void closeAll() {
    RuntimeException failure = null;
    for (int i = open.size() - 1; i >= 0; i--) {
      AbstractNativeReference handle = open.remove(i);
      closed++;
      try {
        handle.close();
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /** The handles still open, oldest first (a copy). */
  List<AbstractNativeReference> openHandles() {
    return new ArrayList<>(open);
  }

  int openCount() {
    return open.size();
  }

  long createdCount() {
    return created;
  }

  long closedCount() {
    return closed;
  }
}
