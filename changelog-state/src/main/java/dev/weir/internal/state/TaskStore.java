package dev.weir.internal.state;

import java.util.OptionalLong;

/**
 * The local state of one task: a set of named states (a column family each in RocksDB), holding
 * byte keys and byte values, plus, per state, the changelog offset the store is complete up to.
 *
 * <p>States are addressed by their index in the list given when the store was opened. Keys are
 * ordered as unsigned bytes, so that {@link #prefixScan} sees a key's entries together.
 *
 * <p>Thread-safety: a store is used by the one processing thread that owns its task, including
 * {@link #approximateSizeBytes()} (metrics should sample it on that thread). Not safe for
 * concurrent use. Arrays returned by a store must not be modified.
 *
 * <p>Errors: every method except {@link #close()} throws {@link IllegalStateException} once the
 * store is closed, {@link IndexOutOfBoundsException} for a state index out of range, and {@link
 * dev.weir.api.StateException} when the storage fails (the message names the store and state).
 */
public interface TaskStore extends AutoCloseable {

  /** The value stored under {@code key} in state {@code state}, or null if there is none. */
  byte[] get(int state, byte[] key);

  /**
   * Entries of {@code state} whose keys start with {@code prefix}, in unsigned key order. The
   * caller must close the iterator, before closing the store. An empty prefix iterates the whole
   * state. Batches applied while the iterator is open may or may not be visible to it.
   */
  default KeyValueIterator prefixScan(int state, byte[] prefix) {
    return prefixScan(state, prefix, null);
  }

  /**
   * Like {@link #prefixScan(int, byte[])}, but only the entries whose keys come after {@code
   * after} (which must start with {@code prefix}): a scan that goes on where an earlier one
   * stopped, without walking past the entries before. A null {@code after} starts at the first.
   */
  KeyValueIterator prefixScan(int state, byte[] prefix, byte[] after);

  /**
   * The changelog offset to resume restoring {@code state} from: the offset just after the last
   * changelog record whose effect this store holds. Empty when the store holds nothing of the
   * changelog (a new store, or a backend that keeps nothing across restarts).
   */
  OptionalLong changelogOffset(int state);

  /**
   * The sum of the changelog offsets of states {@code 0..states-1} (a state without one counts 0):
   * how far the store has read its changelogs, in one number that only grows while the store is
   * not wiped.
   */
  default long changelogOffsetSum(int states) {
    long sum = 0;
    for (int state = 0; state < states; state++) {
      sum += changelogOffset(state).orElse(0);
    }
    return sum;
  }

  /** A new, empty batch for {@link #apply}. */
  StoreBatch newBatch();

  /**
   * Applies every write of the batch and its changelog offsets atomically: after a crash the
   * store holds either all of them or none. A batch is applied at most once.
   *
   * @throws IllegalArgumentException if the batch comes from another store
   * @throws IllegalStateException if the batch was already applied or is closed
   */
  void apply(StoreBatch batch);

  /**
   * Removes every entry and every changelog offset of every state, atomically. Used when the store
   * is found inconsistent with its changelog; a full restore follows.
   */
  void wipe();

  /** Approximate bytes used on disk (0 for in-memory stores). */
  long approximateSizeBytes();

  /** Releases every resource of the store, closing iterators and batches still open. Idempotent. */
  @Override
  void close();
}
