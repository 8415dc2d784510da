package dev.weir.internal.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RocksDbOptionsTest {

  static final long MIB = 1024 * 1024;

  @Test
  void defaultsAreSmallAndConsistent() {
    RocksDbOptions defaults = RocksDbOptions.defaults();
    assertThat(defaults.blockCacheBytes()).isEqualTo(64 * MIB);
    assertThat(defaults.writeBufferBytes()).isEqualTo(32 * MIB);
    assertThat(defaults.writeBufferBytesPerState()).isEqualTo(8 * MIB);
    assertThat(defaults.maxOpenFilesPerStore()).isEqualTo(256);
  }

  @Test
  void writeBuffersMustFitInTheCacheTheyAreChargedTo() {
    assertThatThrownBy(() -> new RocksDbOptions(16 * MIB, 16 * MIB, MIB, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("less than blockCacheBytes (16777216)")
        .hasMessageContaining("Raise the block cache size or lower the write buffer size");
  }

  @Test
  void otherSizesAreChecked() {
    assertThatThrownBy(() -> new RocksDbOptions(0, 1, 1, 10))
        .hasMessageContaining("blockCacheBytes must be positive, was 0");
    assertThatThrownBy(() -> new RocksDbOptions(16 * MIB, 8 * MIB, 9 * MIB, 10))
        .hasMessageContaining("at most writeBufferBytes");
    assertThatThrownBy(() -> new RocksDbOptions(16 * MIB, 8 * MIB, MIB, 0))
        .hasMessageContaining("-1 for no limit; was 0");
    assertThat(new RocksDbOptions(16 * MIB, 8 * MIB, MIB, -1).maxOpenFilesPerStore()).isEqualTo(-1);
  }
}
