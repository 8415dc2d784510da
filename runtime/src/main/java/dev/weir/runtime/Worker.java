package dev.weir.runtime;

import dev.weir.api.Pipeline;
import dev.weir.config.WeirConfig;
import dev.weir.internal.runtime.WorkerRuntime;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
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
 * <p>Meters: {@link #start(Pipeline, WeirConfig)} publishes them over JMX, in domain {@code weir}
 * (see {@link #meters()}); {@link #start(Pipeline, WeirConfig, MeterRegistry)} registers them in
 * the registry given (Prometheus, or any other Micrometer registry).
 *
 * <p>Health: {@link #isLive()} and {@link #isReady()}, also served over HTTP for a supervisor to
 * poll once {@link #startHealthEndpoint(int)} is called.
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
   * Starts a worker with its own meter registry, which publishes the meters as MBeans in JMX
   * domain {@code weir} (visible in JConsole) and is closed with the worker.
   *
   * @throws dev.weir.config.ConfigException for a missing, malformed or conflicting option
   * @throws dev.weir.api.TopologyException when the pipeline cannot run on the brokers' topics
   * @throws dev.weir.api.StateException when the state directory cannot be used
   */
  public static Worker start(Pipeline pipeline, WeirConfig config) {
    return new Worker(WorkerRuntime.start(pipeline, config));
  }

  /**
   * Starts a worker that registers its meters in {@code meters} (a Prometheus registry, say, or a
   * {@code CompositeMeterRegistry} holding several) and leaves it open on close. No JMX registry
   * is made: put a {@code JmxMeterRegistry} in the composite to have both.
   */
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

  /**
   * The registry holding this worker's meters. Names start with {@code weir.}; every meter is
   * tagged {@code application}, {@code instance} (see {@link #instanceId()}) and {@code thread},
   * per-task gauges also {@code task}. For a worker started without a registry it is a {@link
   * io.micrometer.core.instrument.composite.CompositeMeterRegistry} holding the JMX registry.
   */
  public MeterRegistry meters() {
    return runtime.meters();
  }

  /**
   * True while the worker runs with all its threads alive, or stops gracefully; false once it
   * stopped or failed. A supervisor restarts a worker that is not live.
   */
  public boolean isLive() {
    return runtime.isLive();
  }

  /**
   * True when the worker runs and every thread has joined the group and runs all its assigned
   * tasks; false while a thread waits for its assignment, rebalances or restores state, and once
   * the worker stops or fails.
   */
  public boolean isReady() {
    return runtime.isReady();
  }

  /**
   * Serves {@code GET /health/live} and {@code GET /health/ready} over HTTP on {@code address}
   * until the worker closes: 200 when live (ready), 503 with a one-line reason otherwise, 404 for
   * other paths. The endpoint has no authentication: bind a loopback address (as {@link
   * #startHealthEndpoint(int)} does) unless it must be reachable from other hosts. At most once per
   * worker.
   *
   * @return the bound port (the chosen one when {@code address} has port 0)
   * @throws IllegalStateException when the endpoint already runs or the worker is closed
   * @throws java.io.UncheckedIOException when the address cannot be bound
   */
  public int startHealthEndpoint(InetSocketAddress address) {
    return runtime.startHealthEndpoint(address);
  }

  /**
   * As {@link #startHealthEndpoint(InetSocketAddress)}, on 127.0.0.1 (the loopback address).
   *
   * @param port the port, or 0 for any free one
   */
  public int startHealthEndpoint(int port) {
    return startHealthEndpoint(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
  }

  /**
   * The port of the health endpoint, once it runs: started by {@link #startHealthEndpoint} or by
   * {@code health.port} in the config (where 0 picks a free port). With {@code
   * metrics.prometheus=true} it also serves {@code GET /metrics}.
   */
  public java.util.OptionalInt healthPort() {
    return runtime.healthPort();
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
   * Stops gracefully: commits, closes every task, and releases local state; waits up to one
   * minute. A dynamic member leaves the group so that its partitions move at once; a static one
   * ({@code group.instance.id}) stays until its session times out, so that a restart within it
   * moves nothing. Idempotent.
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
