package dev.weir.internal.state;

import static dev.weir.internal.state.TestBytes.bytes;
import static dev.weir.internal.state.TestBytes.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StateKeysTest {

  @Test
  void aCompositeKeyIsTheLengthTheKeyAndTheSubKey() {
    byte[] composite = StateKeys.composite(utf8("ab"), bytes(0xFF));
    assertThat(composite).containsExactly(0, 0, 0, 2, 'a', 'b', 0xFF);
    assertThat(StateKeys.keyOf(composite)).isEqualTo(utf8("ab"));
    assertThat(StateKeys.subKeyOf(composite)).isEqualTo(bytes(0xFF));
    assertThat(StateKeys.prefixOf(utf8("ab"))).containsExactly(0, 0, 0, 2, 'a', 'b');
  }

  @Test
  void emptyKeysAndSubKeysRoundTrip() {
    byte[] composite = StateKeys.composite(new byte[0], new byte[0]);
    assertThat(StateKeys.keyOf(composite)).isEmpty();
    assertThat(StateKeys.subKeyOf(composite)).isEmpty();
    byte[] longKey = new byte[300];
    longKey[299] = 7;
    assertThat(StateKeys.keyOf(StateKeys.composite(longKey, utf8("s")))).isEqualTo(longKey);
  }

  @Test
  void aPrefixScanOfOneKeyNeverSeesAKeyThatMerelyStartsWithIt() {
    try (InMemoryBackend backend = new InMemoryBackend();
        TaskStore store = backend.open(Path.of("unused"), List.of("map"))) {
      try (StoreBatch batch = store.newBatch()) {
        batch.put(0, StateKeys.composite(utf8("ab"), utf8("x")), utf8("1"));
        batch.put(0, StateKeys.composite(utf8("ab"), utf8("y")), utf8("2"));
        batch.put(0, StateKeys.composite(utf8("abc"), utf8("x")), utf8("3"));
        batch.put(0, StateKeys.composite(utf8("a"), utf8("bx")), utf8("4"));
        store.apply(batch);
      }
      List<String> subKeys = new ArrayList<>();
      try (KeyValueIterator it = store.prefixScan(0, StateKeys.prefixOf(utf8("ab")))) {
        while (it.next()) {
          assertThat(StateKeys.keyOf(it.key())).isEqualTo(utf8("ab"));
          subKeys.add(TestBytes.text(StateKeys.subKeyOf(it.key())));
        }
      }
      assertThat(subKeys).containsExactly("x", "y");
    }
  }

  @Test
  void malformedCompositeKeysAreRejected() {
    assertThatThrownBy(() -> StateKeys.keyOf(bytes(0, 0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2 bytes, expected at least 4");
    assertThatThrownBy(() -> StateKeys.subKeyOf(bytes(0, 0, 0, 9, 'a')))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("says 9 key bytes but only 1 follow");
    assertThatThrownBy(() -> StateKeys.keyOf(bytes(0x80, 0, 0, 0)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
