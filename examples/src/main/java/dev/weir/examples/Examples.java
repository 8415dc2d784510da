package dev.weir.examples;

import dev.weir.api.Pipeline;
import dev.weir.runtime.Weir;
import java.util.Map;
import java.util.function.Function;

/**
 * Runs one example pipeline: {@code java -jar weir-examples.jar <example> [flags]}. See
 * {@link ExampleOptions} for the flags. Without {@code --bootstrap-servers} it starts a local
 * Kafka broker, feeds it generated events and prints the results ({@link EmbeddedDemo}).
 *
 * <p>Exits 0 after a clean stop (Ctrl-C or SIGTERM), 1 when the worker fails, 2 for bad flags.
 */
public final class Examples {

  private static final Map<String, Function<ExampleOptions, Pipeline>> PIPELINES =
      Map.of(
          "click-counter", options -> ClickCounter.pipeline(options.input, options.output),
          "windowed-clicks", WindowedClicks::pipeline);

  /** Flags beyond the shared ones, per example. */
  private static final Map<String, java.util.Set<String>> EXTRA_FLAGS =
      Map.of("click-counter", java.util.Set.of(), "windowed-clicks", WindowedClicks.FLAGS);

  private Examples() {}

  public static void main(String[] args) throws Exception {
    ExampleOptions options;
    try {
      options = ExampleOptions.parse(args);
      if (!PIPELINES.containsKey(options.example)) {
        throw new IllegalArgumentException(
            "Unknown example '" + options.example + "'; examples: " + PIPELINES.keySet());
      }
      java.util.Set<String> unknown = new java.util.TreeSet<>(options.extra().keySet());
      unknown.removeAll(EXTRA_FLAGS.get(options.example));
      if (!unknown.isEmpty()) {
        throw new IllegalArgumentException(
            "Unknown flags for " + options.example + ": " + unknown + "; it also takes "
                + EXTRA_FLAGS.get(options.example));
      }
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(
          "Usage: java -jar weir-examples.jar <"
              + String.join("|", PIPELINES.keySet())
              + "> [--bootstrap-servers HOST:PORT] [--application-id ID] [--input TOPIC]"
              + " [--output TOPIC] [--state-dir PATH] [--guarantee exactly_once|at_least_once]"
              + " [--threads N] [--set key=value ...]");
      System.exit(2);
      return;
    }
    Pipeline pipeline;
    try {
      pipeline = PIPELINES.get(options.example).apply(options);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    if (options.bootstrapServers == null) {
      System.exit(EmbeddedDemo.run(options, pipeline));
    }
    Weir.run(pipeline, options.config(options.bootstrapServers));
  }
}
