package dev.weir.bench.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a Linux process's peak resident memory ({@code VmHWM} in {@code /proc/<pid>/status}) and
 * CPU time ({@code utime + stime} in {@code /proc/<pid>/stat}). Both are cumulative over the life of
 * the process, so they must be read before it exits.
 */
final class ProcStats {

  /** Clock ticks per second of {@code /proc/<pid>/stat}; 100 on every Linux this runs on. */
  static final double TICKS_PER_SECOND = 100.0;

  private ProcStats() {}

  /** Peak resident set size in KiB, or -1 if the process is gone. */
  static long peakRssKib(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
        }
      }
      return -1;
    } catch (IOException e) {
      return -1;
    }
  }

  /** User plus system CPU seconds so far, or -1 if the process is gone. */
  static double cpuSeconds(long pid) {
    try {
      return cpuSecondsOf(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
    } catch (IOException e) {
      return -1;
    }
  }

  /**
   * Parses a {@code /proc/<pid>/stat} line. The command name (field 2) may hold spaces and
   * parentheses, so fields are counted from the last {@code ')'}: utime and stime are fields 14
   * and 15, the 12th and 13th after it.
   */
  static double cpuSecondsOf(String stat) {
    String[] rest = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
    long ticks = Long.parseLong(rest[11]) + Long.parseLong(rest[12]);
    return ticks / TICKS_PER_SECOND;
  }
}
