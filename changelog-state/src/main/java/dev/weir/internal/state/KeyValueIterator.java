package dev.weir.internal.state;

/**
 * A cursor over entries of one state in unsigned key order, from {@link TaskStore#prefixScan} or
 * {@link WriteCache#prefixScan}. {@link #key()} and {@link #value()} are valid after {@link
 * #next()} returned true; the arrays they return must not be modified.
 *
 * <p>Must be closed, by the thread that opened it, before its store is closed: it may pin native
 * resources. Closing is idempotent. A store that is closed first closes the iterators still open
 * (and logs the leak); any later call other than {@code close()} then throws {@link
 * IllegalStateException}.
 */
public interface KeyValueIterator extends AutoCloseable {

  /**
   * Moves to the next entry; false when there is none.
   *
   * @throws IllegalStateException if the iterator or its store is closed
   */
  boolean next();

  /** The current key. Undefined before the first {@link #next()} or after it returned false. */
  byte[] key();

  /** The current value. Undefined before the first {@link #next()} or after it returned false. */
  byte[] value();

  @Override
  void close();
}
