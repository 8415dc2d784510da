package dev.weir.internal.state;

import static dev.weir.internal.state.TestBytes.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.api.StateException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rocksdb.AbstractImmutableNativeReference;
import org.rocksdb.AbstractNativeReference;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksIterator;
import org.rocksdb.RocksMutableObject;
import org.rocksdb.Slice;
import org.rocksdb.WriteBatch;

class RocksDbTaskStoreTest extends TaskStoreContract {

  /** Small sizes: tests open several stores at once on a shared machine. */
  static final RocksDbOptions SMALL =
      new RocksDbOptions(8L << 20, 4L << 20, 1L << 20, 64);

  @Override
  StateBackend newBackend() {
    return new RocksDbBackend(SMALL);
  }

  Path taskDir() {
    return root.resolve("task-0_1");
  }

  @Test
  void isPersistent() {
    assertThat(backend.persistent()).isTrue();
  }

  @Test
  void reopeningKeepsDataAndOffsets() {
    try (StoreBatch batch = store.newBatch()) {
      batch.put(COUNTS, utf8("a"), utf8("1"));
      batch.put(TOTALS, utf8("a"), utf8("100"));
      batch.changelogOffset(COUNTS, 17);
      batch.changelogOffset(TOTALS, 3);
      store.apply(batch);
    }
    store.close();

    store = backend.open(taskDir(), STATES);

    assertThat(store.get(COUNTS, utf8("a"))).isEqualTo(utf8("1"));
    assertThat(store.get(TOTALS, utf8("a"))).isEqualTo(utf8("100"));
    assertThat(store.changelogOffset(COUNTS)).hasValue(17);
    assertThat(store.changelogOffset(TOTALS)).hasValue(3);
  }

  @Test
  void reopeningWithANewStateInAnotherOrderFindsStatesByName() {
    put(COUNTS, "a", "1");
    put(TOTALS, "a", "100");
    applyOffsets(5, 6);
    store.close();

    store = backend.open(taskDir(), List.of("windows", "totals", "counts"));

    assertThat(store.get(0, utf8("a"))).isNull();
    assertThat(store.changelogOffset(0)).isEmpty();
    assertThat(store.get(1, utf8("a"))).isEqualTo(utf8("100"));
    assertThat(store.changelogOffset(1)).hasValue(6);
    assertThat(store.get(2, utf8("a"))).isEqualTo(utf8("1"));
    assertThat(store.changelogOffset(2)).hasValue(5);

    try (StoreBatch batch = store.newBatch()) {
      batch.put(0, utf8("w"), utf8("window"));
      batch.changelogOffset(0, 1);
      store.apply(batch);
    }
    store.close();
    store = backend.open(taskDir(), List.of("counts", "windows"));
    assertThat(store.get(1, utf8("w"))).isEqualTo(utf8("window"));
    assertThat(store.changelogOffset(1)).hasValue(1);
  }

  @Test
  void statesLeftOutOfAnOpenAreKeptButWipedWithTheRest() {
    put(TOTALS, "t", "1");
    applyOffsets(-1, 9);
    store.close();

    store = backend.open(taskDir(), List.of("counts"));
    store.close();
    store = backend.open(taskDir(), STATES);
    assertThat(store.get(TOTALS, utf8("t"))).as("kept while not named").isEqualTo(utf8("1"));
    store.close();

    // A wipe must not leave data behind that a later open would take as restored state.
    store = backend.open(taskDir(), List.of("counts"));
    store.wipe();
    store.close();
    store = backend.open(taskDir(), STATES);
    assertThat(store.get(TOTALS, utf8("t"))).isNull();
    assertThat(store.changelogOffset(TOTALS)).isEmpty();
  }

  @Test
  void aWipeIsDurable() {
    put(COUNTS, "a", "1");
    applyOffsets(4, 4);
    store.wipe();
    store.close();

    store = backend.open(taskDir(), STATES);

    assertThat(scan(store, COUNTS, new byte[0])).isEmpty();
    assertThat(store.changelogOffset(COUNTS)).isEmpty();
    assertThat(store.changelogOffset(TOTALS)).isEmpty();
  }

  @Test
  void aDirectoryCanHoldOnlyOneOpenStore() {
    assertThatThrownBy(() -> backend.open(taskDir(), STATES))
        .isInstanceOf(StateException.class)
        .hasMessageContaining(taskDir().toString())
        .hasMessageContaining("another task or worker uses this directory");
    // The failed open released what it had created.
    assertThat(((RocksDbBackend) backend).openStoreCount()).isEqualTo(1);
  }

  @Test
  void sizeCountsWrittenData() {
    long before = store.approximateSizeBytes();
    try (StoreBatch batch = store.newBatch()) {
      for (int i = 0; i < 1000; i++) {
        batch.put(COUNTS, utf8("key-" + i), new byte[100]);
      }
      store.apply(batch);
    }
    assertThat(store.approximateSizeBytes()).isGreaterThan(before + 100_000);
  }

  @Test
  void closingStoreAndBackendClosesEveryNativeHandle() throws Exception {
    RocksDbStore rocks = (RocksDbStore) store;
    RocksDbBackend rocksBackend = (RocksDbBackend) backend;
    put(COUNTS, "a", "1");
    store.get(COUNTS, utf8("a"));
    store.approximateSizeBytes();
    try (KeyValueIterator it = store.prefixScan(COUNTS, utf8("a"))) {
      it.next();
    }
    store.wipe();
    // Left open on purpose: the store must close them.
    KeyValueIterator leakedScan = store.prefixScan(COUNTS, utf8("a"));
    leakedScan.next();
    StoreBatch leakedBatch = store.newBatch();
    leakedBatch.put(COUNTS, utf8("b"), utf8("2"));

    List<AbstractNativeReference> handles = new ArrayList<>(rocks.handles().openHandles());
    assertThat(handles).filteredOn(h -> h instanceof RocksDB).hasSize(1);
    // default, state:counts, state:totals, weir:changelog-offsets
    assertThat(handles).filteredOn(h -> h instanceof ColumnFamilyHandle).hasSize(4);
    assertThat(handles).filteredOn(h -> h instanceof RocksIterator).hasSize(1);
    assertThat(handles).filteredOn(h -> h instanceof Slice).hasSize(1);
    assertThat(handles).filteredOn(h -> h instanceof WriteBatch).hasSize(1);
    handles.addAll(rocksBackend.sharedHandles().openHandles());

    store.close();
    assertThat(rocks.handles().openCount()).isZero();
    assertThat(rocks.handles().closedCount()).isEqualTo(rocks.handles().createdCount());
    assertThat(rocksBackend.openStoreCount()).isZero();
    assertThat(rocksBackend.sharedHandles().openCount())
        .as("cache and write buffer manager outlive the stores")
        .isEqualTo(2);

    backend.close();
    assertThat(rocksBackend.sharedHandles().openCount()).isZero();
    for (AbstractNativeReference handle : handles) {
      assertThat(owns(handle)).as("%s still owns its native object", handle).isFalse();
    }
  }

  @Test
  void theBackendClosesAStoreLeftOpenBeforeItsSharedHandles() {
    RocksDbStore rocks = (RocksDbStore) store;
    backend.close();
    assertThat(rocks.handles().openCount()).isZero();
    assertThat(((RocksDbBackend) backend).sharedHandles().openCount()).isZero();
  }

  private static boolean owns(AbstractNativeReference handle) throws Exception {
    if (handle instanceof AbstractImmutableNativeReference immutable) {
      return immutable.isOwningHandle();
    }
    // Slices are mutable references, whose isOwningHandle() is protected.
    Method owning = RocksMutableObject.class.getDeclaredMethod("isOwningHandle");
    owning.setAccessible(true);
    return (boolean) owning.invoke(handle);
  }
}
