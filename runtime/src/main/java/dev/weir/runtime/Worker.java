package dev.weir.runtime;

import dev.weir.api.Pipeline;
import dev.weir.config.WeirConfig;
import dev.weir.internal.runtime.WorkerRuntime;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Optional;

/**
 * One running instance of a pipeline: {@code num.threads} processing threads, each a member of
 * the consumer group {@code application.id}. Start as many instances as you like, on one machine
 * (each with its own {@code state.dir}) or many; they share the work.
 *
 * <pre>{@code
 * try (Worker worker = Worker.start(pipeline, config)) {
 *   worker.awaitTermination(Duration.ofDays(365));
 * }
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class Worker implements AutoCloseable {

  /** Lifecycle of a worker. */
  public enum Status {
    /** Threads are processing (or joining the group, or restoring). */
    RUNNING,
    /** {@link #close} was called; threads are committing and closing. */
    STOPPING,
    /** Closed cleanly. */
    STOPPED,
    /** A thread failed; see {@link #failure()}. The other threads stop too. */
    FAILED
  }

  private final WorkerRuntime runtime;

  private Worker(WorkerRuntime runtime) {
    this.runtime = runtime;
  }

  /**
   * Starts a worker with its own meter registry.
   *
   * @throws dev.weir.config.ConfigException for a missing, malformed or conflicting option
   * @throws dev.weir.api.TopologyException when the pipeline cannot run on the brokers' topics
   * @throws dev.weir.api.StateException when the state directory cannot be used
   */
  public static Worker start(Pipeline pipeline, WeirConfig config) {
    return start(pipeline, config, new SimpleMeterRegistry());
  }

  /** Starts a worker that registers its meters in {@code meters}. */
  public static Worker start(Pipeline pipeline, WeirConfig config, MeterRegistry meters) {
    return new Worker(WorkerRuntime.start(pipeline, config, meters));
  }

  public Status status() {
    return Status.valueOf(runtime.status().name());
  }

  /** Why the worker failed, when it did. */
  public Optional<Throwable> failure() {
    return runtime.failure();
  }

  /** The id of this instance, kept in its state directory across restarts. */
  public String instanceId() {
    return runtime.instanceId();
  }

  /** The stages, topics, operators and states of the running pipeline. */
  public String describe() {
    return runtime.plan().describe();
  }

  /** The registry holding this worker's meters (names start with {@code weir.}). */
  public MeterRegistry meters() {
    return runtime.meters();
  }

  /** Changelog records replayed into local state since start, over all tasks. */
  public long restoredRecords() {
    return (long)
        runtime.meters().find("weir.restore.records").counters().stream()
            .mapToDouble(counter -> counter.count())
            .sum();
  }

  /**
   * Waits until the worker stops (after {@link #close} or a failure).
   *
   * @return false if it still runs after {@code timeout}
   */
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    return runtime.awaitTermination(timeout);
  }

  /**
   * Stops gracefully: commits, closes every task, leaves the group so that its partitions move at
   * once, and releases local state. Waits up to one minute. Idempotent.
   */
  @Override
  public void close() {
    runtime.close();
  }

  /** As {@link #close()}, waiting at most {@code timeout} for the threads. */
  public void close(Duration timeout) {
    runtime.close(timeout);
  }
}
