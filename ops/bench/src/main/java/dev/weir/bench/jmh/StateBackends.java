package dev.weir.bench.jmh;

import dev.weir.internal.state.InMemoryBackend;
import dev.weir.internal.state.RocksDbBackend;
import dev.weir.internal.state.StateBackend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** The state backends the state benchmarks compare, by the name of their JMH parameter. */
final class StateBackends {

  private StateBackends() {}

  static StateBackend create(String name) {
    return switch (name) {
      case "rocksdb" -> new RocksDbBackend();
      case "in-memory" -> new InMemoryBackend();
      default -> throw new IllegalArgumentException("Unknown backend '" + name + "'; expected rocksdb or in-memory");
    };
  }

  static Path tempDirectory() {
    try {
      return Files.createTempDirectory("weir-jmh-state");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void delete(Path directory) {
    try (Stream<Path> paths = Files.walk(directory)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Key {@code i} as the runtime would store a string key: its UTF-8 bytes. */
  static byte[] key(int i) {
    return ("u" + i).getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  static byte[] longBytes(long v) {
    return java.nio.ByteBuffer.allocate(8).putLong(v).array();
  }
}
