package dev.weir.internal.state;

/**
 * Writes and changelog offsets to apply to a {@link TaskStore} at once. Obtained from {@link
 * TaskStore#newBatch()}, filled, applied once with {@link TaskStore#apply} of the same store, then
 * closed (also when it is never applied: it may hold native memory). Used by the store's thread.
 *
 * <p>The batch keeps references to the arrays it is given; callers must not modify them afterwards.
 */
public interface StoreBatch extends AutoCloseable {

  /**
   * Sets {@code key} to {@code value} (neither null) in state {@code state}.
   *
   * @throws IndexOutOfBoundsException if {@code state} is not an index of the store's states
   */
  void put(int state, byte[] key, byte[] value);

  /** Removes {@code key} from state {@code state}; nothing happens if it is absent. */
  void delete(int state, byte[] key);

  /**
   * Records that, once applied, the store holds {@code state}'s changelog up to {@code nextOffset}
   * (exclusive). {@code nextOffset} is at least 0; the last call for a state wins.
   */
  void changelogOffset(int state, long nextOffset);

  /** Number of puts and deletes in the batch (changelog offsets are not counted). */
  int size();

  /** Releases the batch. Idempotent. */
  @Override
  void close();
}
