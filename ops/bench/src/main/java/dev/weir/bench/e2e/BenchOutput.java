package dev.weir.bench.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/** Where a runner writes its results, and how it prints progress. */
final class BenchOutput {

  private BenchOutput() {}

  /**
   * The directory given with {@code --out}, or a new one named {@code <prefix><time>} under
   * {@code ops/bench/target/bench-results} (under {@code target/} when run from the module).
   * Absolute.
   */
  static Path directory(Path given, String prefix) {
    if (given != null) {
      return given.toAbsolutePath();
    }
    Path base =
        Files.isDirectory(Path.of("ops/bench/target"))
            ? Path.of("ops/bench/target")
            : Path.of("target");
    String time = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    return base.resolve("bench-results").resolve(prefix + time).toAbsolutePath();
  }

  /** Prints a progress line with the time of day. */
  static void log(String line) {
    System.out.println(
        LocalDateTime.now().format(DateTimeFormatter.ofPattern("HH:mm:ss")) + " " + line);
  }
}
