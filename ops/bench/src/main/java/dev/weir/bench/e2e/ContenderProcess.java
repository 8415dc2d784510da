package dev.weir.bench.e2e;

import dev.weir.bench.jobs.ContenderMain;
import dev.weir.bench.jobs.FirstRecord;
import dev.weir.bench.jobs.JobSpec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One contender running as a child JVM ({@link ContenderMain}), with the runner's classpath. Its
 * standard output goes to {@code stdout.log} in the run directory, and is watched for the first
 * record marker, at which moment the process's CPU time is sampled; standard error goes to
 * {@code stderr.log}.
 */
final class ContenderProcess implements AutoCloseable {

  private final Process process;
  private final Thread reader;
  private volatile long firstRecordMillis;
  private volatile double cpuAtFirstRecord = -1;

  private ContenderProcess(Process process, Path runDirectory) throws IOException {
    this.process = process;
    PrintWriter log =
        new PrintWriter(Files.newBufferedWriter(runDirectory.resolve("stdout.log")), true);
    reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                      new BufferedReader(
                          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                  log) {
                String line;
                while ((line = in.readLine()) != null) {
                  if (line.startsWith(FirstRecord.MARKER) && firstRecordMillis == 0) {
                    cpuAtFirstRecord = ProcStats.cpuSeconds(process.pid());
                    firstRecordMillis = Long.parseLong(line.substring(FirstRecord.MARKER.length()).trim());
                  }
                  log.println(line);
                }
              } catch (IOException | RuntimeException e) {
                // the process ended
              }
            },
            "contender-stdout");
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Starts {@code spec} in a new JVM with {@code jvmOptions}; logs and state go under
   * {@code runDirectory}.
   */
  static ContenderProcess start(JobSpec spec, List<String> jvmOptions, Path runDirectory)
      throws IOException {
    Files.createDirectories(runDirectory);
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(ContenderMain.class.getName());
    command.addAll(spec.toArgs());
    Files.writeString(runDirectory.resolve("command.txt"), String.join(" ", command) + "\n");
    Process process =
        new ProcessBuilder(command)
            .redirectError(runDirectory.resolve("stderr.log").toFile())
            .redirectInput(ProcessBuilder.Redirect.PIPE)
            .start();
    return new ContenderProcess(process, runDirectory);
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** When the contender read its first record (its own clock), or 0 if not yet. */
  long firstRecordMillis() {
    return firstRecordMillis;
  }

  /** CPU seconds the process had used when it read its first record, or -1. */
  double cpuAtFirstRecord() {
    return cpuAtFirstRecord;
  }

  /** Sends SIGKILL, like a crash, and waits until the process is gone. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
    reader.join(2_000);
  }

  /** Sends SIGTERM and waits up to 15 s, then SIGKILL. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
      reader.join(2_000);
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
