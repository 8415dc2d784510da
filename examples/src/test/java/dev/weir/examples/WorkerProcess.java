package dev.weir.examples;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An example worker in its own JVM, started from this test JVM's class path, so a test can kill
 * it with SIGKILL. Its output goes to a log file under {@code target/}.
 */
final class WorkerProcess {

  private final Process process;
  private final Path log;

  private WorkerProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  static WorkerProcess start(Path logDirectory, String name, String... args) throws IOException {
    Files.createDirectories(logDirectory);
    Path log = logDirectory.resolve(name + ".log");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Examples.class.getName());
    command.addAll(List.of(args));
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    return new WorkerProcess(process, log);
  }

  /** SIGKILL: no shutdown hook, no commit, no clean close. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("Worker process did not die");
    }
  }

  /** SIGTERM, then waits for the exit code. */
  int stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("Worker did not stop on SIGTERM within 60 s; see " + log);
    }
    return process.exitValue();
  }

  /**
   * Waits until the worker's output contains {@code text} (e.g. that it runs its tasks), so a
   * signal reaches a started worker and not a JVM still starting.
   */
  void awaitOutput(String text, java.time.Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!Files.readString(log).contains(text)) {
      if (System.nanoTime() > deadline || !process.isAlive()) {
        throw new AssertionError("Worker never printed '" + text + "'; see " + log);
      }
      Thread.sleep(100);
    }
  }

  boolean isAlive() {
    return process.isAlive();
  }

  File log() {
    return log.toFile();
  }
}
