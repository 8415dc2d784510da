package dev.weir.internal.state;

import java.nio.file.Path;
import java.util.List;

/**
 * Opens the task stores of one worker. A backend owns what its stores share (for RocksDB: the
 * block cache and the write buffer manager) and must be closed after every store it opened.
 *
 * <p>Thread-safety: one backend serves all processing threads of a worker; {@link #open} may be
 * called from several threads at once. Each store it returns is then used by one thread only.
 */
public interface StateBackend extends AutoCloseable {

  /**
   * Opens (creating if needed) the store of one task.
   *
   * @param directory the task's own directory; backends that keep nothing on disk ignore it. At most
   *     one store may be open on a directory at a time.
   * @param states the task's state names, non-empty, without duplicates; their order defines the
   *     state indexes of the returned store. A persistent store keeps states by name, so the order
   *     may change between opens and names may be added.
   * @throws dev.weir.api.StateException if the store cannot be opened (for example another store is
   *     open on the same directory, or the disk is full or not writable)
   * @throws IllegalArgumentException if {@code states} is empty or holds a name twice
   * @throws IllegalStateException if the backend is closed
   */
  TaskStore open(Path directory, List<String> states);

  /** True when stores keep their content and changelog offsets across a restart of the process. */
  boolean persistent();

  /**
   * Releases what the stores share, after closing the stores that are still open (each one is
   * logged as a leak: the runtime should close its stores first). Call it only once no thread
   * uses any of its stores any more. Idempotent.
   */
  @Override
  void close();
}
