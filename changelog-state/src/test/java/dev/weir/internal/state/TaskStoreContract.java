package dev.weir.internal.state;

import static dev.weir.internal.state.TestBytes.bytes;
import static dev.weir.internal.state.TestBytes.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The behaviour every {@link StateBackend} and its {@link TaskStore}s must show, whatever keeps the
 * bytes. Each backend has a subclass; backend-specific behaviour is tested there.
 */
abstract class TaskStoreContract {

  static final int COUNTS = 0;
  static final int TOTALS = 1;
  static final List<String> STATES = List.of("counts", "totals");

  @TempDir Path root;

  StateBackend backend;
  TaskStore store;

  abstract StateBackend newBackend();

  @BeforeEach
  void openStore() {
    backend = newBackend();
    store = backend.open(root.resolve("task-0_1"), STATES);
  }

  @AfterEach
  void closeAll() {
    store.close();
    backend.close();
  }

  @Test
  void aNewStoreIsEmptyAndHasNoChangelogOffsets() {
    assertThat(store.get(COUNTS, utf8("a"))).isNull();
    assertThat(store.changelogOffset(COUNTS)).isEmpty();
    assertThat(store.changelogOffset(TOTALS)).isEmpty();
    assertThat(scan(store, COUNTS, new byte[0])).isEmpty();
  }

  @Test
  void putsAndDeletesAreKeptPerState() {
    try (StoreBatch batch = store.newBatch()) {
      batch.put(COUNTS, utf8("a"), utf8("1"));
      batch.put(TOTALS, utf8("a"), utf8("100"));
      batch.put(COUNTS, utf8("b"), utf8("2"));
      store.apply(batch);
    }
    assertThat(store.get(COUNTS, utf8("a"))).isEqualTo(utf8("1"));
    assertThat(store.get(TOTALS, utf8("a"))).isEqualTo(utf8("100"));
    assertThat(store.get(TOTALS, utf8("b"))).isNull();

    try (StoreBatch batch = store.newBatch()) {
      batch.delete(COUNTS, utf8("a"));
      batch.delete(COUNTS, utf8("never-written"));
      batch.put(COUNTS, utf8("b"), utf8("3"));
      store.apply(batch);
    }
    assertThat(store.get(COUNTS, utf8("a"))).isNull();
    assertThat(store.get(TOTALS, utf8("a"))).isEqualTo(utf8("100"));
    assertThat(store.get(COUNTS, utf8("b"))).isEqualTo(utf8("3"));
  }

  @Test
  void laterWritesOfOneKeyInABatchWin() {
    try (StoreBatch batch = store.newBatch()) {
      batch.put(COUNTS, utf8("a"), utf8("1"));
      batch.delete(COUNTS, utf8("a"));
      batch.put(COUNTS, utf8("a"), utf8("3"));
      batch.put(COUNTS, utf8("b"), utf8("1"));
      batch.delete(COUNTS, utf8("b"));
      store.apply(batch);
    }
    assertThat(store.get(COUNTS, utf8("a"))).isEqualTo(utf8("3"));
    assertThat(store.get(COUNTS, utf8("b"))).isNull();
  }

  @Test
  void prefixScansReturnKeysInUnsignedOrder() {
    List<byte[]> keys =
        List.of(
            bytes(0x01),
            bytes(0x7F),
            bytes(0x80),
            bytes(0x80, 0x00),
            bytes(0x80, 0xFF),
            bytes(0x81),
            bytes(0xFF),
            bytes(0xFF, 0xFF),
            bytes(0xFF, 0xFF, 0x01));
    try (StoreBatch batch = store.newBatch()) {
      // Written in reverse so that insertion order cannot pass for key order.
      for (int i = keys.size() - 1; i >= 0; i--) {
        batch.put(COUNTS, keys.get(i), bytes(i));
      }
      store.apply(batch);
    }

    assertThat(scan(store, COUNTS, new byte[0])).containsExactlyElementsOf(hex(keys));
    assertThat(scan(store, COUNTS, bytes(0x80)))
        .containsExactly("80", "8000", "80ff");
    // A prefix of only 0xFF bytes has no upper bound: the scan must still stop at the prefix.
    assertThat(scan(store, COUNTS, bytes(0xFF))).containsExactly("ff", "ffff", "ffff01");
    assertThat(scan(store, COUNTS, bytes(0xFF, 0xFF))).containsExactly("ffff", "ffff01");
    assertThat(scan(store, COUNTS, bytes(0x7F, 0x00))).isEmpty();
    assertThat(scan(store, TOTALS, new byte[0])).isEmpty();
  }

  @Test
  void aKeyThatIsAPrefixOfOthersIsScannedFirstAndNeighboursAreNot() {
    try (StoreBatch batch = store.newBatch()) {
      for (String key : List.of("ac", "abd", "ab", "abc", "aa", "b", "ab\u00ff")) {
        batch.put(COUNTS, utf8(key), utf8("v-" + key));
      }
      store.apply(batch);
    }
    List<String> found = new ArrayList<>();
    try (KeyValueIterator it = store.prefixScan(COUNTS, utf8("ab"))) {
      while (it.next()) {
        found.add(TestBytes.text(it.key()) + "=" + TestBytes.text(it.value()));
      }
      assertThat(it.next()).isFalse();
    }
    // "\u00ff" is 0xC3 0xBF in UTF-8: after "abd" in unsigned order, before it in signed order.
    assertThat(found).containsExactly("ab=v-ab", "abc=v-abc", "abd=v-abd", "ab\u00ff=v-ab\u00ff");
  }

  @Test
  void aScanAfterAKeyStartsPastItAndStaysInItsPrefix() {
    try (StoreBatch batch = store.newBatch()) {
      for (String key : List.of("aa", "ab", "abc", "ac", "b")) {
        batch.put(COUNTS, utf8(key), utf8("v-" + key));
      }
      store.apply(batch);
    }
    List<String> found = new ArrayList<>();
    try (KeyValueIterator it = store.prefixScan(COUNTS, utf8("a"), utf8("ab"))) {
      while (it.next()) {
        found.add(TestBytes.text(it.key()));
      }
    }
    assertThat(found).as("after a stored key").containsExactly("abc", "ac");
    found.clear();
    try (KeyValueIterator it = store.prefixScan(COUNTS, utf8("a"), utf8("ab\u0000"))) {
      while (it.next()) {
        found.add(TestBytes.text(it.key()));
      }
    }
    assertThat(found).as("after a key the store lacks").containsExactly("abc", "ac");
    assertThatThrownBy(() -> store.prefixScan(COUNTS, utf8("a"), utf8("b")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not start with it");
  }

  @Test
  void applyWritesDataAndChangelogOffsetsTogether() {
    try (StoreBatch batch = store.newBatch()) {
      batch.put(COUNTS, utf8("a"), utf8("1"));
      batch.delete(TOTALS, utf8("z"));
      batch.changelogOffset(COUNTS, 41);
      batch.changelogOffset(COUNTS, 42);
      assertThat(batch.size()).isEqualTo(2);

      assertThat(store.get(COUNTS, utf8("a"))).as("not applied yet").isNull();
      assertThat(store.changelogOffset(COUNTS)).as("not applied yet").isEmpty();

      store.apply(batch);
    }
    assertThat(store.get(COUNTS, utf8("a"))).isEqualTo(utf8("1"));
    assertThat(store.changelogOffset(COUNTS)).hasValue(42);
    assertThat(store.changelogOffset(TOTALS)).isEmpty();
  }

  @Test
  void eachStateKeepsItsOwnOffset() {
    applyOffsets(10, -1);
    assertThat(store.changelogOffset(COUNTS)).hasValue(10);
    assertThat(store.changelogOffset(TOTALS)).isEmpty();

    applyOffsets(-1, 7);
    assertThat(store.changelogOffset(COUNTS)).as("untouched by a batch without it").hasValue(10);
    assertThat(store.changelogOffset(TOTALS)).hasValue(7);

    applyOffsets(0, 8);
    assertThat(store.changelogOffset(COUNTS)).hasValue(0);
    assertThat(store.changelogOffset(TOTALS)).hasValue(8);
  }

  @Test
  void wipeRemovesEveryEntryAndEveryOffset() {
    try (StoreBatch batch = store.newBatch()) {
      batch.put(COUNTS, bytes(0x00), utf8("1"));
      batch.put(COUNTS, bytes(0xFF, 0xFF), utf8("2"));
      batch.put(TOTALS, utf8("t"), utf8("3"));
      batch.changelogOffset(COUNTS, 5);
      batch.changelogOffset(TOTALS, 6);
      store.apply(batch);
    }

    store.wipe();

    assertThat(scan(store, COUNTS, new byte[0])).isEmpty();
    assertThat(scan(store, TOTALS, new byte[0])).isEmpty();
    assertThat(store.get(COUNTS, bytes(0xFF, 0xFF))).isNull();
    assertThat(store.changelogOffset(COUNTS)).isEmpty();
    assertThat(store.changelogOffset(TOTALS)).isEmpty();

    // The store is usable after a wipe: a restore refills it.
    try (StoreBatch batch = store.newBatch()) {
      batch.put(COUNTS, bytes(0xFF, 0xFF), utf8("again"));
      batch.changelogOffset(COUNTS, 1);
      store.apply(batch);
    }
    assertThat(store.get(COUNTS, bytes(0xFF, 0xFF))).isEqualTo(utf8("again"));
    assertThat(store.changelogOffset(COUNTS)).hasValue(1);
    store.wipe(); // wiping twice, the second time with one state empty, is fine
    assertThat(scan(store, COUNTS, new byte[0])).isEmpty();
  }

  @Test
  void aBatchIsAppliedOnceAndOnlyToItsStore() {
    TaskStore other = backend.open(root.resolve("task-0_2"), STATES);
    try (StoreBatch foreign = other.newBatch();
        StoreBatch batch = store.newBatch()) {
      foreign.put(COUNTS, utf8("a"), utf8("1"));
      assertThatThrownBy(() -> store.apply(foreign))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("not created by this store");

      store.apply(batch);
      assertThatThrownBy(() -> store.apply(batch))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("already applied");
      assertThatThrownBy(() -> batch.put(COUNTS, utf8("a"), utf8("1")))
          .isInstanceOf(IllegalStateException.class);
    } finally {
      other.close();
    }
    assertThat(store.get(COUNTS, utf8("a"))).isNull();
  }

  @Test
  void aClosedBatchCannotBeApplied() {
    StoreBatch batch = store.newBatch();
    batch.put(COUNTS, utf8("a"), utf8("1"));
    batch.close();
    batch.close();
    assertThatThrownBy(() -> store.apply(batch)).isInstanceOf(IllegalStateException.class);
    assertThat(store.get(COUNTS, utf8("a"))).isNull();
  }

  @Test
  void closingTwiceIsHarmlessAndAClosedStoreRefusesWork() {
    put(COUNTS, "a", "1");
    KeyValueIterator leaked = store.prefixScan(COUNTS, new byte[0]);
    StoreBatch leakedBatch = store.newBatch();

    store.close();
    store.close();

    assertThatThrownBy(() -> store.get(COUNTS, utf8("a")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
    assertThatThrownBy(() -> store.newBatch()).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(leaked::next).isInstanceOf(IllegalStateException.class);
    leaked.close();
    leaked.close();
    leakedBatch.close();

    backend.close();
    backend.close();
  }

  @Test
  void iteratorsCloseTwiceHarmlessly() {
    put(COUNTS, "a", "1");
    KeyValueIterator it = store.prefixScan(COUNTS, new byte[0]);
    assertThat(it.next()).isTrue();
    it.close();
    it.close();
    assertThatThrownBy(it::next).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void closingTheBackendClosesTheStoresStillOpen() {
    backend.close();
    assertThatThrownBy(() -> store.get(COUNTS, utf8("a"))).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> backend.open(root.resolve("task-0_3"), STATES))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void stateNamesMustBeUniqueAndPresent() {
    assertThatThrownBy(() -> backend.open(root.resolve("x"), List.of("a", "b", "a")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'a' appears twice");
    assertThatThrownBy(() -> backend.open(root.resolve("y"), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one state");
  }

  @Test
  void aStateIndexOutOfRangeIsRejected() {
    assertThatThrownBy(() -> store.get(2, utf8("a")))
        .isInstanceOf(IndexOutOfBoundsException.class);
    try (StoreBatch batch = store.newBatch()) {
      assertThatThrownBy(() -> batch.put(5, utf8("a"), utf8("1")))
          .isInstanceOf(IndexOutOfBoundsException.class);
    }
  }

  @Test
  void emptyValuesAreValuesNotDeletes() {
    put(COUNTS, "a", "");
    assertThat(store.get(COUNTS, utf8("a"))).isEmpty();
    assertThat(scan(store, COUNTS, utf8("a"))).containsExactly("61");
  }

  @Test
  void sizeIsNeverNegative() {
    put(COUNTS, "a", "1");
    assertThat(store.approximateSizeBytes()).isNotNegative();
  }

  // --- helpers ---

  void put(int state, String key, String value) {
    try (StoreBatch batch = store.newBatch()) {
      batch.put(state, utf8(key), utf8(value));
      store.apply(batch);
    }
  }

  void applyOffsets(long counts, long totals) {
    try (StoreBatch batch = store.newBatch()) {
      if (counts >= 0) {
        batch.changelogOffset(COUNTS, counts);
      }
      if (totals >= 0) {
        batch.changelogOffset(TOTALS, totals);
      }
      store.apply(batch);
    }
  }

  static List<String> scan(TaskStore store, int state, byte[] prefix) {
    List<String> keys = new ArrayList<>();
    try (KeyValueIterator it = store.prefixScan(state, prefix)) {
      while (it.next()) {
        keys.add(TestBytes.hex(it.key()));
      }
    }
    return keys;
  }

  static List<String> hex(List<byte[]> keys) {
    List<String> hex = new ArrayList<>();
    for (byte[] key : keys) {
      hex.add(TestBytes.hex(key));
    }
    return hex;
  }
}
