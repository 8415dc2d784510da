package dev.weir.runtime;

import dev.weir.api.Pipeline;
import dev.weir.api.StateException;
import dev.weir.api.TopologyException;
import dev.weir.api.WeirException;
import dev.weir.config.ConfigException;
import dev.weir.config.WeirConfig;
import dev.weir.config.WeirOptions;
import dev.weir.internal.runtime.plan.Plan;
import dev.weir.internal.runtime.plan.Planner;
import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The entry point of a pipeline's {@code main}: starts a worker, prints what it runs, stops it
 * gracefully on SIGTERM or Ctrl-C, and ends the JVM with an exit code a supervisor can act on.
 *
 * <pre>{@code
 * public static void main(String[] args) {
 *   Weir.run(ClickCounter.pipeline(), WeirConfig.builder()
 *       .set("application.id", "click-counter")
 *       .set("bootstrap.servers", System.getenv("KAFKA"))
 *       .build());
 * }
 * }</pre>
 *
 * <p>Exit codes: 0 after a clean stop (including on SIGTERM), 1 when the worker failed (while
 * running, or at start for a reason that may pass, such as unreachable brokers), 2 when it cannot
 * start because of a mistake to fix (config, topology or state directory: the message says which).
 */
public final class Weir {

  /** Exit code after a clean stop. */
  public static final int OK = 0;

  /** Exit code when the worker failed while running. */
  public static final int FAILED = 1;

  /** Exit code when the worker could not start. */
  public static final int CANNOT_START = 2;

  /** How {@link #describe} draws a pipeline. */
  public enum Format {
    TEXT,
    /** Graphviz: {@code dot -Tpng}. */
    DOT,
    /** A Mermaid flowchart, for Markdown pages. */
    MERMAID
  }

  private Weir() {}

  /**
   * Runs the pipeline with config from, in rising precedence: defaults, the properties file named
   * by {@code WEIR_CONFIG_FILE}, {@code WEIR_*} environment variables, and {@code args}
   * ({@code --num.threads=4} or {@code --num.threads 4}; any option, {@code producer.*} etc.
   * included). Exits 2 with the reason when the config is wrong. Never returns.
   */
  public static void run(Pipeline pipeline, String... args) {
    WeirConfig config;
    try {
      config = WeirConfig.fromEnvironment(flags(args));
    } catch (IllegalArgumentException | WeirException e) {
      System.err.println("Cannot start: " + e.getMessage());
      Runtime.getRuntime().halt(CANNOT_START);
      return;
    }
    run(pipeline, config);
  }

  /** Command-line flags by key: {@code --key=value} or {@code --key value}. */
  static Map<String, String> flags(String... args) {
    Map<String, String> flags = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--") || arg.length() == 2) {
        throw new IllegalArgumentException(
            "Expected --key=value or --key value, found '" + arg + "'");
      }
      int equals = arg.indexOf('=');
      if (equals > 0) {
        flags.put(arg.substring(2, equals), arg.substring(equals + 1));
      } else if (i + 1 < args.length) {
        flags.put(arg.substring(2), args[++i]);
      } else {
        throw new IllegalArgumentException("Flag " + arg + " needs a value");
      }
    }
    return flags;
  }

  /** Runs the pipeline until SIGTERM, then exits the JVM with the code above. Never returns. */
  public static void run(Pipeline pipeline, WeirConfig config) {
    Runtime.getRuntime().halt(runUntilStopped(pipeline, config, System.out, System.err));
  }

  /**
   * Runs the pipeline until SIGTERM (or a failure) and returns the exit code, without exiting. A
   * SIGTERM still ends the JVM once the worker has closed: the shutdown hook exits with 0.
   */
  static int runUntilStopped(
      Pipeline pipeline, WeirConfig config, PrintStream out, PrintStream err) {
    Worker worker;
    try {
      worker = Worker.start(pipeline, config);
    } catch (ConfigException | TopologyException | StateException e) {
      // A mistake to fix before trying again: a supervisor should not restart in a loop.
      err.println("Cannot start: " + e.getMessage());
      return CANNOT_START;
    } catch (RuntimeException e) {
      // Brokers unreachable and the like: worth another try.
      err.println("Start failed: " + e);
      return FAILED;
    }
    out.println(startBanner(worker, config));
    java.util.concurrent.CountDownLatch signalled = new java.util.concurrent.CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              signalled.countDown();
              worker.close();
              // A JVM ended by a signal exits with 128 + its number; a clean stop on SIGTERM is
              // a success, so say so.
              Runtime.getRuntime().halt(worker.failure().isPresent() ? FAILED : OK);
            },
            "weir-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      while (!worker.awaitTermination(Duration.ofSeconds(1))) {
        // until a signal or a failure
      }
      if (signalled.getCount() == 0) {
        // A signal stopped the threads: the shutdown hook is closing the worker and ends the JVM
        // when done. Returning now could halt the JVM half-way through that close.
        Thread.currentThread().join();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (worker.failure().isPresent()) {
      err.println("Worker failed: " + worker.failure().get());
      worker.close();
      return FAILED;
    }
    return OK;
  }

  private static String startBanner(Worker worker, WeirConfig config) {
    return "Weir: application '"
        + config.require(WeirOptions.APPLICATION_ID)
        + "', instance "
        + worker.instanceId()
        + ", bootstrap servers "
        + config.require(WeirOptions.BOOTSTRAP_SERVERS)
        + ", "
        + config.get(WeirOptions.NUM_THREADS)
        + " thread(s), "
        + config.get(WeirOptions.PROCESSING_GUARANTEE).configValue()
        + ", state in "
        + config.get(WeirOptions.STATE_DIR)
        + "\n"
        + worker.describe();
  }

  /**
   * The stages, tasks' topics, operators, internal topics and states of a pipeline, without
   * starting it.
   *
   * @throws dev.weir.api.TopologyException when the pipeline cannot be planned
   */
  public static String describe(Pipeline pipeline, String applicationId, Format format) {
    Plan plan = Planner.plan(pipeline, applicationId);
    return switch (format) {
      case TEXT -> plan.describe();
      case DOT -> plan.toDot();
      case MERMAID -> plan.toMermaid();
    };
  }
}
