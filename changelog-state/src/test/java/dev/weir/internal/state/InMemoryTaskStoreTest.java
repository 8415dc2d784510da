package dev.weir.internal.state;

import static dev.weir.internal.state.TestBytes.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InMemoryTaskStoreTest extends TaskStoreContract {

  @Override
  StateBackend newBackend() {
    return new InMemoryBackend();
  }

  @Test
  void keepsNothingAcrossAReopen() {
    put(COUNTS, "a", "1");
    applyOffsets(3, 4);
    store.close();

    store = backend.open(root.resolve("task-0_1"), STATES);

    assertThat(backend.persistent()).isFalse();
    assertThat(store.get(COUNTS, utf8("a"))).isNull();
    assertThat(store.changelogOffset(COUNTS)).isEmpty();
    assertThat(store.changelogOffset(TOTALS)).isEmpty();
  }

  @Test
  void usesNoDisk() {
    put(COUNTS, "a", "1");
    assertThat(store.approximateSizeBytes()).isZero();
    assertThat(root.resolve("task-0_1")).doesNotExist();
  }

  @Test
  void aScanSurvivesABatchAppliedWhileItIsOpen() {
    put(COUNTS, "a1", "1");
    put(COUNTS, "a3", "3");
    try (KeyValueIterator it = store.prefixScan(COUNTS, utf8("a"))) {
      assertThat(it.next()).isTrue();
      put(COUNTS, "a2", "2");
      assertThat(it.next()).isTrue();
      assertThat(TestBytes.text(it.key())).isEqualTo("a2");
      assertThat(it.next()).isTrue();
      assertThat(it.next()).isFalse();
    }
  }
}
