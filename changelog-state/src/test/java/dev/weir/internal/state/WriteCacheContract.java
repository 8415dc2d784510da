package dev.weir.internal.state;

import static dev.weir.internal.state.TestBytes.bytes;
import static dev.weir.internal.state.TestBytes.text;
import static dev.weir.internal.state.TestBytes.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The write cache's contract, run over each backend's store (a subclass per backend): merging and
 * ordering must not depend on what keeps the bytes.
 */
abstract class WriteCacheContract {

  static final int COUNTS = 0;
  static final int TOTALS = 1;

  @TempDir Path root;

  StateBackend backend;
  CountingStore store;
  WriteCache cache;

  abstract StateBackend newBackend();

  @BeforeEach
  void setUp() {
    backend = newBackend();
    store = new CountingStore(backend.open(root.resolve("task-0_0"), List.of("counts", "totals")));
    cache = new WriteCache(store, 2);
    cache.cleanLimit(1 << 20);
  }

  @AfterEach
  void tearDown() {
    store.close();
    backend.close();
  }

  @Test
  void readsSeeTheTasksOwnWritesOverTheStore() {
    storeHas(COUNTS, "a", "stored");
    assertThat(text(cache.get(COUNTS, utf8("a")))).isEqualTo("stored");

    cache.put(COUNTS, utf8("a"), utf8("pending"));

    assertThat(text(cache.get(COUNTS, utf8("a")))).isEqualTo("pending");
    assertThat(text(cache.get(TOTALS, utf8("a")))).as("other state").isNull();
    assertThat(text(store.get(COUNTS, utf8("a")))).as("store untouched").isEqualTo("stored");
  }

  @Test
  void aPendingDeleteHidesTheStoredValue() {
    storeHas(COUNTS, "a", "stored");
    cache.delete(COUNTS, utf8("a"));
    assertThat(cache.get(COUNTS, utf8("a"))).isNull();
    cache.put(COUNTS, utf8("a"), utf8("back"));
    assertThat(text(cache.get(COUNTS, utf8("a")))).isEqualTo("back");
  }

  @Test
  void anEmptyValueIsAValueNotADelete() {
    cache.put(COUNTS, utf8("a"), new byte[0]);
    assertThat(cache.get(COUNTS, utf8("a"))).isEmpty();
    List<String> visited = new ArrayList<>();
    cache.forEachPending((state, key, value) -> visited.add(text(key) + "=" + text(value)));
    assertThat(visited).containsExactly("a=");
  }

  @Test
  void prefixScansMergePendingWritesOverTheStore() {
    storeHas(COUNTS, "a1", "s1");
    storeHas(COUNTS, "a3", "s3");
    storeHas(COUNTS, "a5", "s5");
    storeHas(COUNTS, "a8", "s8");
    storeHas(COUNTS, "b1", "other prefix");
    cache.put(COUNTS, utf8("a2"), utf8("p2"));
    cache.put(COUNTS, utf8("a3"), utf8("p3"));
    cache.delete(COUNTS, utf8("a5"));
    cache.put(COUNTS, utf8("a6"), utf8("p6"));
    cache.delete(COUNTS, utf8("a7"));
    cache.put(COUNTS, utf8("a9"), utf8("p9"));
    cache.put(COUNTS, utf8("b0"), utf8("other prefix"));
    cache.put(TOTALS, utf8("a4"), utf8("other state"));

    assertThat(scan(COUNTS, "a"))
        .containsExactly("a1=s1", "a2=p2", "a3=p3", "a6=p6", "a8=s8", "a9=p9");
    assertThat(scan(COUNTS, ""))
        .containsExactly(
            "a1=s1", "a2=p2", "a3=p3", "a6=p6", "a8=s8", "a9=p9", "b0=other prefix",
            "b1=other prefix");
    assertThat(scanAfter(COUNTS, "a", "a2"))
        .as("after a pending key")
        .containsExactly("a3=p3", "a6=p6", "a8=s8", "a9=p9");
    assertThat(scanAfter(COUNTS, "a", "a3"))
        .as("after a key both sides have")
        .containsExactly("a6=p6", "a8=s8", "a9=p9");
  }

  @Test
  void mergedScansUseUnsignedOrder() {
    try (StoreBatch batch = store.newBatch()) {
      batch.put(COUNTS, bytes(0x01), utf8("s"));
      batch.put(COUNTS, bytes(0x90), utf8("s"));
      batch.put(COUNTS, bytes(0xFF), utf8("s"));
      store.apply(batch);
    }
    cache.put(COUNTS, bytes(0x7F), utf8("p"));
    cache.put(COUNTS, bytes(0x80), utf8("p"));
    cache.put(COUNTS, bytes(0xFF, 0x00), utf8("p"));
    cache.delete(COUNTS, bytes(0x90));

    List<String> keys = new ArrayList<>();
    try (KeyValueIterator it = cache.prefixScan(COUNTS, new byte[0])) {
      while (it.next()) {
        keys.add(TestBytes.hex(it.key()) + "=" + text(it.value()));
      }
    }
    assertThat(keys).containsExactly("01=s", "7f=p", "80=p", "ff=s", "ff00=p");
  }

  @Test
  void writingDuringAScanDoesNotBreakIt() {
    storeHas(COUNTS, "a1", "s1");
    storeHas(COUNTS, "a4", "s4");
    cache.put(COUNTS, utf8("a2"), utf8("p2"));
    List<String> seen = new ArrayList<>();
    try (KeyValueIterator it = cache.prefixScan(COUNTS, utf8("a"))) {
      while (it.next()) {
        seen.add(text(it.key()) + "=" + text(it.value()));
        if (text(it.key()).equals("a1")) {
          cache.delete(COUNTS, utf8("a2")); // ahead: no longer seen
          cache.put(COUNTS, utf8("a3"), utf8("p3")); // ahead: seen
          cache.put(COUNTS, utf8("a0"), utf8("p0")); // behind: not seen
          cache.delete(COUNTS, utf8("a4")); // ahead, in the store: hidden
        }
      }
    }
    assertThat(seen).containsExactly("a1=s1", "a3=p3");
  }

  @Test
  void repeatedUpdatesOfAKeyFoldIntoOnePendingWrite() {
    for (int i = 1; i <= 10; i++) {
      cache.put(COUNTS, utf8("clicks"), utf8(Integer.toString(i)));
    }
    cache.put(TOTALS, utf8("x"), utf8("1"));
    cache.delete(TOTALS, utf8("x"));
    cache.delete(COUNTS, utf8("gone"));

    List<String> visited = new ArrayList<>();
    cache.forEachPending(
        (state, key, value) -> visited.add(state + ":" + text(key) + "=" + text(value)));

    assertThat(visited).containsExactlyInAnyOrder("0:clicks=10", "0:gone=null", "1:x=null");
    assertThat(cache.pendingCount()).isEqualTo(3);
  }

  @Test
  void forEachPendingVisitsInTheOrderKeysWereFirstWritten() {
    cache.put(TOTALS, utf8("b"), utf8("1"));
    cache.put(COUNTS, bytes(0xF0), utf8("1"));
    cache.put(TOTALS, utf8("a"), utf8("1"));
    cache.put(TOTALS, utf8("b"), utf8("2"));
    cache.put(COUNTS, bytes(0x10), utf8("1"));

    List<String> visited = new ArrayList<>();
    cache.forEachPending((state, key, value) -> visited.add(state + ":" + TestBytes.hex(key)));

    assertThat(visited).containsExactly("1:62", "0:f0", "1:61", "0:10");
  }

  @Test
  void aKeyCreatedAndDeletedBeforeTheCommitLeavesNoTrace() {
    assertThat(cache.get(COUNTS, utf8("window"))).isNull(); // the store has no such key
    cache.put(COUNTS, utf8("window"), utf8("open"));
    cache.delete(COUNTS, utf8("window"));
    cache.delete(COUNTS, utf8("unknown")); // never read: the store may have it

    assertThat(pending()).containsExactly("0:unknown=null");
    cache.applyToStore(new long[] {-1, -1});
    assertThat(store.lastBatchSize).isEqualTo(1);
  }

  @Test
  void aKeyPutAsNewAndDeletedBeforeTheCommitLeavesNoTraceWithoutAStoreRead() {
    storeHas(COUNTS, "known", "stored");
    assertThat(text(cache.get(COUNTS, utf8("known")))).isEqualTo("stored");
    int reads = store.gets;
    cache.putAssumingNew(COUNTS, utf8("timer"), utf8("t"));
    cache.delete(COUNTS, utf8("timer"));
    cache.putAssumingNew(COUNTS, utf8("known"), utf8("again")); // the cache knows it is stored
    cache.delete(COUNTS, utf8("known"));
    cache.putAssumingNew(COUNTS, utf8("kept"), utf8("k"));

    assertThat(store.gets).isEqualTo(reads);
    assertThat(pending()).containsExactly("0:known=null", "0:kept=k");
  }

  @Test
  void aDeleteOfAStoredKeyIsSentEvenAfterARead() {
    storeHas(COUNTS, "window", "stored");
    assertThat(text(cache.get(COUNTS, utf8("window")))).isEqualTo("stored");
    cache.delete(COUNTS, utf8("window"));
    assertThat(pending()).containsExactly("0:window=null");
  }

  @Test
  void aKeyTheStoreLacksIsReadFromTheStoreOnce() {
    assertThat(cache.get(COUNTS, utf8("a"))).isNull();
    assertThat(cache.get(COUNTS, utf8("a"))).isNull();
    assertThat(store.gets).isEqualTo(1);
    assertThat(cache.pendingCount()).as("a read is no write").isZero();
    assertThat(pending()).isEmpty();

    cache.applyToStore(new long[] {-1, -1});
    assertThat(store.applies).as("nothing to write").isZero();
    assertThat(cache.get(COUNTS, utf8("a"))).isNull();
    assertThat(store.gets).isEqualTo(1);
    assertThat(scan(COUNTS, "")).isEmpty();
  }

  @Test
  void committedValuesAreReadFromTheCache() {
    storeHas(COUNTS, "stored", "s");
    assertThat(text(cache.get(COUNTS, utf8("stored")))).isEqualTo("s");
    cache.put(COUNTS, utf8("written"), utf8("w"));
    cache.put(COUNTS, utf8("deleted"), utf8("d"));
    cache.applyToStore(new long[] {-1, -1});
    cache.delete(COUNTS, utf8("deleted"));
    cache.applyToStore(new long[] {-1, -1});
    int reads = store.gets;

    assertThat(text(cache.get(COUNTS, utf8("stored")))).isEqualTo("s");
    assertThat(text(cache.get(COUNTS, utf8("written")))).isEqualTo("w");
    assertThat(cache.get(COUNTS, utf8("deleted"))).isNull();
    assertThat(store.gets).isEqualTo(reads);
    assertThat(scan(COUNTS, "")).containsExactly("stored=s", "written=w");
  }

  @Test
  void aStateScannedBeforeTheLastCommitButNotSinceKeepsCommittedValuesAgain() {
    scan(TOTALS, "");
    cache.put(TOTALS, utf8("a"), utf8("1"));
    cache.applyToStore(new long[] {-1, -1});
    cache.put(TOTALS, utf8("b"), utf8("2"));
    cache.applyToStore(new long[] {-1, -1});
    int reads = store.gets;

    assertThat(text(cache.get(TOTALS, utf8("b")))).isEqualTo("2");
    assertThat(store.gets).as("b was kept: no scan since the commit before").isEqualTo(reads);
    assertThat(text(cache.get(TOTALS, utf8("a")))).isEqualTo("1");
    assertThat(store.gets).as("a was dropped: scanned before its commit").isEqualTo(reads + 1);
    assertThat(scan(TOTALS, "")).containsExactly("a=1", "b=2");
  }

  @Test
  void aScannedStateKeepsNoCommittedValues() {
    scan(TOTALS, "");
    cache.put(TOTALS, utf8("t"), utf8("1"));
    cache.put(COUNTS, utf8("c"), utf8("1"));
    cache.applyToStore(new long[] {-1, -1});
    int reads = store.gets;

    assertThat(text(cache.get(COUNTS, utf8("c")))).isEqualTo("1");
    assertThat(store.gets).isEqualTo(reads);
    assertThat(text(cache.get(TOTALS, utf8("t")))).isEqualTo("1");
    assertThat(store.gets).isEqualTo(reads + 1);
  }

  @Test
  void theLeastRecentlyUsedCommittedValuesGoFirst() {
    long oneEntry = WriteCache.ENTRY_OVERHEAD_BYTES + 2 + 1;
    cache.cleanLimit(3 * oneEntry);
    for (String key : List.of("k1", "k2", "k3")) {
      cache.put(COUNTS, utf8(key), utf8("v"));
    }
    cache.applyToStore(new long[] {-1, -1});
    assertThat(cache.cleanBytes()).isEqualTo(3 * oneEntry);
    cache.get(COUNTS, utf8("k1")); // k2 is now the least recently used
    cache.put(COUNTS, utf8("k4"), utf8("v"));
    cache.applyToStore(new long[] {-1, -1});
    int reads = store.gets;

    cache.get(COUNTS, utf8("k1"));
    cache.get(COUNTS, utf8("k3"));
    cache.get(COUNTS, utf8("k4"));
    assertThat(store.gets).isEqualTo(reads);
    assertThat(text(cache.get(COUNTS, utf8("k2")))).isEqualTo("v");
    assertThat(store.gets).as("k2 was evicted").isEqualTo(reads + 1);
    assertThat(cache.cleanBytes()).isEqualTo(3 * oneEntry);

    cache.cleanLimit(0);
    assertThat(cache.cleanBytes()).isZero();
    assertThat(text(cache.get(COUNTS, utf8("k1")))).isEqualTo("v");
  }

  @Test
  void uncommittedWritesAreNeverEvicted() {
    cache.cleanLimit(0);
    cache.put(COUNTS, utf8("a"), utf8("1"));
    cache.get(COUNTS, utf8("other"));
    assertThat(text(cache.get(COUNTS, utf8("a")))).isEqualTo("1");
    assertThat(pending()).containsExactly("0:a=1");
  }

  @Test
  void discardKeepsCommittedValuesAndDropsTheRest() {
    cache.put(COUNTS, utf8("a"), utf8("committed"));
    cache.applyToStore(new long[] {-1, -1});
    cache.put(COUNTS, utf8("a"), utf8("aborted"));
    cache.put(COUNTS, utf8("b"), utf8("aborted"));

    cache.discard();

    assertThat(text(cache.get(COUNTS, utf8("a")))).isEqualTo("committed");
    assertThat(cache.get(COUNTS, utf8("b"))).isNull();
    assertThat(pending()).isEmpty();
  }

  @Test
  void rollingBackAWriteAfterAReadMissKeepsTheMiss() {
    assertThat(cache.get(COUNTS, utf8("a"))).isNull();
    cache.beginRecord();
    cache.put(COUNTS, utf8("a"), utf8("1"));
    assertThat(cache.pendingCount()).isEqualTo(1);
    cache.rollbackRecord();

    assertThat(cache.get(COUNTS, utf8("a"))).isNull();
    assertThat(cache.pendingCount()).isZero();
    assertThat(pending()).isEmpty();
    assertThat(store.gets).isEqualTo(1);

    cache.beginRecord();
    cache.put(COUNTS, utf8("a"), utf8("2"));
    cache.commitRecord();
    cache.delete(COUNTS, utf8("a"));
    assertThat(pending()).as("still known to be absent from the store").isEmpty();
  }

  @Test
  void rollbackRestoresThePendingWritesExactlyAsBeforeTheRecord() {
    storeHas(COUNTS, "stored", "s");
    cache.beginRecord();
    cache.put(COUNTS, utf8("k1"), utf8("v1"));
    cache.put(COUNTS, utf8("k2"), utf8("v2"));
    cache.delete(TOTALS, utf8("k3"));
    cache.commitRecord();
    List<String> before = pending();
    long bytesBefore = cache.pendingBytes();

    cache.beginRecord();
    cache.put(COUNTS, utf8("k1"), utf8("overwritten in the failed record"));
    cache.put(COUNTS, utf8("k1"), utf8("and again"));
    cache.delete(COUNTS, utf8("k2"));
    cache.put(TOTALS, utf8("k3"), utf8("was a delete"));
    cache.put(COUNTS, utf8("new"), utf8("created in the failed record"));
    cache.delete(COUNTS, utf8("new"));
    cache.delete(COUNTS, utf8("stored"));
    cache.put(TOTALS, utf8("new too"), utf8("x"));
    cache.rollbackRecord();

    assertThat(pending()).containsExactlyElementsOf(before);
    assertThat(cache.pendingBytes()).isEqualTo(bytesBefore);
    assertThat(cache.pendingCount()).isEqualTo(3);
    assertThat(text(cache.get(COUNTS, utf8("k1")))).isEqualTo("v1");
    assertThat(text(cache.get(COUNTS, utf8("k2")))).isEqualTo("v2");
    assertThat(cache.get(TOTALS, utf8("k3"))).isNull();
    assertThat(cache.get(COUNTS, utf8("new"))).isNull();
    assertThat(text(cache.get(COUNTS, utf8("stored")))).isEqualTo("s");
    assertThat(scan(COUNTS, "")).containsExactly("k1=v1", "k2=v2", "stored=s");
  }

  @Test
  void rollbackOnlyUndoesItsOwnRecord() {
    cache.beginRecord();
    cache.put(COUNTS, utf8("a"), utf8("1"));
    cache.commitRecord();
    cache.beginRecord();
    cache.put(COUNTS, utf8("a"), utf8("2"));
    cache.commitRecord();
    cache.beginRecord();
    cache.put(COUNTS, utf8("a"), utf8("3"));
    cache.rollbackRecord();
    cache.beginRecord();
    cache.rollbackRecord(); // an empty record rolls back to the same state

    assertThat(text(cache.get(COUNTS, utf8("a")))).isEqualTo("2");
  }

  @Test
  void writesOutsideARecordScopeAreKept() {
    cache.put(COUNTS, utf8("timer"), utf8("1"));
    cache.beginRecord();
    cache.put(COUNTS, utf8("timer"), utf8("2"));
    cache.rollbackRecord();
    assertThat(text(cache.get(COUNTS, utf8("timer")))).isEqualTo("1");
  }

  @Test
  void recordScopesMustBeBalanced() {
    assertThatThrownBy(cache::commitRecord)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("without beginRecord");
    assertThatThrownBy(cache::rollbackRecord).isInstanceOf(IllegalStateException.class);
    cache.beginRecord();
    assertThatThrownBy(cache::beginRecord)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("commitRecord or rollbackRecord");
    assertThatThrownBy(() -> cache.applyToStore(new long[] {-1, -1}))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("inside a record scope");
    assertThatThrownBy(cache::discard).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> cache.forEachPending((s, k, v) -> {}))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void applyToStoreWritesDataAndOffsetsInOneBatchAndClears() {
    storeHas(COUNTS, "deleted", "s");
    storeHas(TOTALS, "kept", "s");
    applyOffsets(-1, 50);
    store.applies = 0;
    cache.put(COUNTS, utf8("a"), utf8("1"));
    cache.put(COUNTS, utf8("a"), utf8("2"));
    cache.delete(COUNTS, utf8("deleted"));
    cache.put(TOTALS, utf8("t"), utf8("9"));

    cache.applyToStore(new long[] {12, -1});

    assertThat(store.applies).isEqualTo(1);
    assertThat(store.lastBatchSize).isEqualTo(3);
    assertThat(text(store.get(COUNTS, utf8("a")))).isEqualTo("2");
    assertThat(store.get(COUNTS, utf8("deleted"))).isNull();
    assertThat(text(store.get(TOTALS, utf8("t")))).isEqualTo("9");
    assertThat(text(store.get(TOTALS, utf8("kept")))).isEqualTo("s");
    assertThat(store.changelogOffset(COUNTS)).hasValue(12);
    assertThat(store.changelogOffset(TOTALS)).as("-1 leaves it").hasValue(50);
    assertThat(cache.pendingCount()).isZero();
    assertThat(cache.pendingBytes()).isZero();
    assertThat(pending()).isEmpty();
    assertThat(text(cache.get(COUNTS, utf8("a")))).as("now read from the store").isEqualTo("2");
  }

  @Test
  void applyToStoreWithNothingToWriteSkipsTheStore() {
    cache.applyToStore(new long[] {-1, -1});
    assertThat(store.applies).isZero();
    cache.applyToStore(new long[] {-1, 3});
    assertThat(store.applies).isEqualTo(1);
    assertThat(store.changelogOffset(TOTALS)).hasValue(3);
  }

  @Test
  void applyToStoreNeedsOneOffsetPerState() {
    assertThatThrownBy(() -> cache.applyToStore(new long[] {1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("one changelog offset per state (2), got 1");
  }

  @Test
  void discardDropsPendingWritesAndLeavesTheStore() {
    storeHas(COUNTS, "a", "stored");
    applyOffsets(7, 8);
    store.applies = 0;
    cache.put(COUNTS, utf8("a"), utf8("pending"));
    cache.delete(TOTALS, utf8("b"));

    cache.discard();

    assertThat(store.applies).isZero();
    assertThat(text(cache.get(COUNTS, utf8("a")))).isEqualTo("stored");
    assertThat(store.changelogOffset(COUNTS)).hasValue(7);
    assertThat(cache.pendingCount()).isZero();
    assertThat(cache.pendingBytes()).isZero();
  }

  @Test
  void pendingBytesFollowTheSizeOfPendingWrites() {
    assertThat(cache.pendingBytes()).isZero();
    cache.put(COUNTS, utf8("key"), new byte[100]);
    long one = cache.pendingBytes();
    assertThat(one).isEqualTo(WriteCache.ENTRY_OVERHEAD_BYTES + 3 + 100);

    cache.put(COUNTS, utf8("key"), new byte[40]);
    assertThat(cache.pendingBytes()).as("folded, smaller value").isEqualTo(one - 60);
    cache.delete(COUNTS, utf8("key"));
    assertThat(cache.pendingBytes()).isEqualTo(WriteCache.ENTRY_OVERHEAD_BYTES + 3);

    cache.put(TOTALS, utf8("other"), new byte[1000]);
    assertThat(cache.pendingBytes())
        .isEqualTo(2 * WriteCache.ENTRY_OVERHEAD_BYTES + 3 + 5 + 1000);

    cache.applyToStore(new long[] {-1, -1});
    assertThat(cache.pendingBytes()).isZero();
  }

  @Test
  void nullValuesAreRejected() {
    assertThatThrownBy(() -> cache.put(COUNTS, utf8("a"), null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("use delete");
  }

  // --- helpers ---

  void storeHas(int state, String key, String value) {
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

  List<String> scan(int state, String prefix) {
    return entries(cache.prefixScan(state, utf8(prefix)));
  }

  List<String> scanAfter(int state, String prefix, String after) {
    return entries(cache.prefixScan(state, utf8(prefix), utf8(after)));
  }

  private static List<String> entries(KeyValueIterator scan) {
    List<String> entries = new ArrayList<>();
    try (KeyValueIterator it = scan) {
      while (it.next()) {
        entries.add(text(it.key()) + "=" + text(it.value()));
      }
      assertThat(it.next()).isFalse();
    }
    return entries;
  }

  List<String> pending() {
    List<String> visited = new ArrayList<>();
    cache.forEachPending(
        (state, key, value) -> visited.add(state + ":" + text(key) + "=" + text(value)));
    return visited;
  }

  /** Delegates to a real store and counts the batches applied to it. */
  static final class CountingStore implements TaskStore {
    final TaskStore delegate;
    int applies;
    int lastBatchSize;
    int gets;

    CountingStore(TaskStore delegate) {
      this.delegate = delegate;
    }

    @Override
    public byte[] get(int state, byte[] key) {
      gets++;
      return delegate.get(state, key);
    }

    @Override
    public KeyValueIterator prefixScan(int state, byte[] prefix, byte[] after) {
      return delegate.prefixScan(state, prefix, after);
    }

    @Override
    public OptionalLong changelogOffset(int state) {
      return delegate.changelogOffset(state);
    }

    @Override
    public StoreBatch newBatch() {
      return delegate.newBatch();
    }

    @Override
    public void apply(StoreBatch batch) {
      applies++;
      lastBatchSize = batch.size();
      delegate.apply(batch);
    }

    @Override
    public void wipe() {
      delegate.wipe();
    }

    @Override
    public long approximateSizeBytes() {
      return delegate.approximateSizeBytes();
    }

    @Override
    public void close() {
      delegate.close();
    }
  }
}
