package dev.weir.bench.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** One line about this machine: CPU model, cores, memory, from {@code /proc}. */
final class Machine {

  private Machine() {}

  static String describe() {
    String model = "unknown CPU";
    long memKib = -1;
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          model = line.substring(line.indexOf(':') + 1).trim();
          break;
        }
      }
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          memKib = Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: keep the defaults
    }
    return String.format(Locale.ROOT, "%s, %d cores, %.1f GiB memory, %s %s",
        model, Runtime.getRuntime().availableProcessors(), memKib / 1024.0 / 1024.0,
        System.getProperty("os.name"), System.getProperty("os.version"));
  }
}
