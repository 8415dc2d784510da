package dev.weir.bench.jobs;

import java.util.concurrent.CountDownLatch;

/**
 * Entry point of one contender process, started by the runner as a child JVM:
 * {@code java -cp weir-bench.jar dev.weir.bench.jobs.ContenderMain --contender weir ...}. Runs the
 * job until SIGTERM, then closes it. Prints {@code STARTED} once the job is running and
 * {@link FirstRecord#MARKER} when it reads its first record; exits 1 if the job fails.
 */
public final class ContenderMain {

  /** A job of one contender, started and stopped once. */
  public interface Job extends AutoCloseable {
    /** Starts processing in background threads; returns at once. */
    void start() throws Exception;

    /** Blocks until the job fails; returns the failure. */
    Throwable awaitFailure() throws InterruptedException;

    @Override
    void close();
  }

  private ContenderMain() {}

  /**
   * The runner holds this process's standard input open; when it ends (the runner exited or was
   * killed) this process exits too, so no contender outlives a benchmark.
   */
  private static void exitWhenParentGoes() {
    Thread watcher =
        new Thread(
            () -> {
              try {
                while (System.in.read() >= 0) {
                  // nothing is ever sent
                }
              } catch (java.io.IOException e) {
                // treat as end of input
              }
              System.exit(0);
            },
            "parent-watcher");
    watcher.setDaemon(true);
    watcher.start();
  }

  public static void main(String[] args) throws Exception {
    JobSpec spec = JobSpec.parse(args);
    Job job =
        switch (spec.contender()) {
          case "raw" -> new RawPipeJob(spec);
          case "kafka-streams" -> new KafkaStreamsJob(spec);
          case "weir" -> new WeirJob(spec);
          default ->
              throw new IllegalArgumentException(
                  "Unknown contender '" + spec.contender() + "'; expected raw, kafka-streams or weir");
        };
    CountDownLatch closed = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  job.close();
                  closed.countDown();
                },
                "contender-shutdown"));
    exitWhenParentGoes();
    job.start();
    System.out.println("STARTED");
    System.out.flush();
    Throwable failure = job.awaitFailure();
    System.err.println("Job failed: " + failure);
    failure.printStackTrace();
    Runtime.getRuntime().halt(1);
  }
}
