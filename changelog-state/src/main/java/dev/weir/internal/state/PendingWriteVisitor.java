package dev.weir.internal.state;

/** Receives the pending writes of a {@link WriteCache}, see {@link WriteCache#forEachPending}. */
@FunctionalInterface
public interface PendingWriteVisitor {

  /**
   * One pending write: the latest value of {@code key} in state {@code state}, or null for a
   * delete. The arrays belong to the cache and must not be modified.
   */
  void visit(int state, byte[] key, byte[] valueOrNull);
}
