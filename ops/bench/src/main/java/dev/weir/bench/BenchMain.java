package dev.weir.bench;

import dev.weir.bench.e2e.E2eRunner;
import java.util.Arrays;

/**
 * {@code java -jar ops/bench/target/weir-bench.jar <mode> [flags]}:
 *
 * <ul>
 *   <li>{@code e2e}: the end-to-end benchmark against a local broker ({@link E2eRunner}; run with
 *       {@code e2e --help} for its flags);
 *   <li>{@code recovery}: time to first output after SIGKILL of an exactly-once instance holding
 *       a large state ({@link dev.weir.bench.e2e.RecoveryRunner}; {@code recovery --help});
 *   <li>{@code scale-out}: the longest output gap when a second instance joins
 *       ({@link dev.weir.bench.e2e.ScaleOutRunner}; {@code scale-out --help});
 *   <li>{@code jmh}: the JMH microbenchmarks; the remaining arguments go to JMH ({@code jmh -h}).
 * </ul>
 */
public final class BenchMain {

  private static final String USAGE =
      "Usage: java -jar ops/bench/target/weir-bench.jar e2e [flags]   (e2e --help for flags)\n"
          + "       java -jar ops/bench/target/weir-bench.jar recovery [flags]   (recovery --help)\n"
          + "       java -jar ops/bench/target/weir-bench.jar scale-out [flags]   (scale-out --help)\n"
          + "       java -jar ops/bench/target/weir-bench.jar jmh [JMH options]   (jmh -h for options)";

  private BenchMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      System.err.println(USAGE);
      System.exit(2);
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    switch (args[0]) {
      case "e2e" -> {
        if (Arrays.asList(rest).contains("--help")) {
          System.out.println(dev.weir.bench.e2e.E2eRunner.usage());
          return;
        }
        System.exit(E2eRunner.main(rest));
      }
      case "recovery" -> System.exit(dev.weir.bench.e2e.RecoveryRunner.main(rest));
      case "scale-out" -> System.exit(dev.weir.bench.e2e.ScaleOutRunner.main(rest));
      case "jmh" -> org.openjdk.jmh.Main.main(rest);
      default -> {
        System.err.println("Unknown mode '" + args[0] + "'\n" + USAGE);
        System.exit(2);
      }
    }
  }
}
