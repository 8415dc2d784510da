package dev.weir.internal.state;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Objects;
import java.util.TreeMap;

/** A {@link StoreBatch} for {@link InMemoryStore}: the writes in order, and offsets per state. */
final class InMemoryBatch implements StoreBatch {

  private final InMemoryStore store;
  private final ArrayList<Write> writes = new ArrayList<>();
  private final long[] offsets;
  private boolean applied;
  private boolean closed;

  private record Write(int state, byte[] key, byte[] valueOrNull) {}

  InMemoryBatch(InMemoryStore store, int stateCount) {
    this.store = store;
    this.offsets = new long[stateCount];
    Arrays.fill(offsets, InMemoryStore.NO_OFFSET);
  }

  @Override
  public void put(int state, byte[] key, byte[] value) {
    checkWritable(state);
    writes.add(new Write(state, Objects.requireNonNull(key), Objects.requireNonNull(value)));
  }

  @Override
  public void delete(int state, byte[] key) {
    checkWritable(state);
    writes.add(new Write(state, Objects.requireNonNull(key), null));
  }

  @Override
  public void changelogOffset(int state, long nextOffset) {
    checkWritable(state);
    if (nextOffset < 0) {
      throw new IllegalArgumentException(
          "A changelog offset is at least 0, got " + nextOffset + " for state " + state);
    }
    offsets[state] = nextOffset;
  }

  @Override
  public int size() {
    return writes.size();
  }

  @Override
  public void close() {
    closed = true;
  }

  boolean belongsTo(InMemoryStore owner) {
    return store == owner;
  }

  void applyTo(TreeMap<byte[], byte[]>[] maps, long[] storeOffsets) {
    if (applied) {
      throw new IllegalStateException("This batch was already applied; a batch is applied once");
    }
    if (closed) {
      throw new IllegalStateException("This batch is closed; apply it before closing it");
    }
    applied = true;
    for (Write write : writes) {
      if (write.valueOrNull() == null) {
        maps[write.state()].remove(write.key());
      } else {
        maps[write.state()].put(write.key(), write.valueOrNull());
      }
    }
    for (int i = 0; i < offsets.length; i++) {
      if (offsets[i] != InMemoryStore.NO_OFFSET) {
        storeOffsets[i] = offsets[i];
      }
    }
  }

  private void checkWritable(int state) {
    if (applied || closed) {
      throw new IllegalStateException("This batch was already applied or closed; use a new batch");
    }
    Objects.checkIndex(state, offsets.length);
  }
}
