package dev.weir.bench.e2e;

import dev.weir.bench.jobs.Guarantee;
import dev.weir.bench.jobs.JobSpec;
import dev.weir.bench.jobs.Workload;
import dev.weir.ops.kafka.LocalKafka;
import dev.weir.ops.kafka.LocalKafkaOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code weir-bench.jar scale-out}: the longest output gap when a second instance joins. For each
 * contender (Weir, Kafka Streams) under exactly-once, the running count (workload 2) gets input at
 * a steady rate; after {@link #BEFORE_JOIN_MILLIS} a second instance with its own state directory
 * joins the group; the report gives the longest stretch without new output seen by a
 * {@code read_committed} consumer, in all output and in the worst single output partition, from
 * the join until {@code --after-join-seconds} after it, and the same over the
 * {@link #BASELINE_MILLIS} before the join, as a baseline.
 *
 * <p>Both contenders warm up state on the joining instance before moving a task to it: Weir
 * rebalances as soon as a warm-up copy has caught up, Kafka Streams at its next probing rebalance
 * (its job sets {@code probing.rebalance.interval.ms} to its minimum, one minute). So the window
 * after the join must be long enough for Kafka Streams' moves; the partitions each member holds at
 * its end show whether they happened.
 */
public final class ScaleOutRunner {

  static final String USAGE =
      """
      Usage: java -jar ops/bench/target/weir-bench.jar scale-out [flags]
        --rate N              input records per second (default 10000)
        --after-join-seconds S
                              how long after the join gaps are measured (default 150: Kafka
                              Streams moves tasks at probing rebalances, one a minute)
        --rounds R            rounds (default 1)
        --contenders LIST     kafka-streams,weir (default both)
        --heap SIZE           -Xmx of each contender JVM (default 1g)
        --out DIR             where logs and scale-out.md go
      """;

  static final long BEFORE_JOIN_MILLIS = 25_000;
  /** The baseline window: the same length as the measured one, ending at the join. */
  static final long BASELINE_MILLIS = 10_000;

  private ScaleOutRunner() {}

  /** Gaps in ms: of all output, and of the worst output partition; before and from the join. */
  record Pause(
      String contender,
      int round,
      double rate,
      long baselineGap,
      long joinGap,
      long baselinePartitionGap,
      long joinPartitionGap,
      String partitionsPerMember,
      long outputs,
      String failure) {}

  public static int main(String[] args) throws Exception {
    double rate = 10_000;
    long afterJoinMillis = 150_000;
    int rounds = 1;
    List<String> contenders = List.of("kafka-streams", "weir");
    String heap = "1g";
    Path out = null;
    try {
      for (int i = 0; i < args.length; i++) {
        String flag = args[i];
        if (flag.equals("--help")) {
          System.out.println(USAGE);
          return 0;
        }
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(flag + " needs a value\n" + USAGE);
        }
        String value = args[++i];
        switch (flag) {
          case "--rate" -> rate = Double.parseDouble(value);
          case "--after-join-seconds" -> afterJoinMillis = Long.parseLong(value) * 1000;
          case "--rounds" -> rounds = Integer.parseInt(value);
          case "--contenders" -> contenders = E2eOptions.parse(new String[] {"--contenders", value}).contenders;
          case "--heap" -> heap = value;
          case "--out" -> out = Path.of(value);
          default -> throw new IllegalArgumentException("Unknown flag " + flag + "\n" + USAGE);
        }
      }
      if (contenders.contains("raw")) {
        throw new IllegalArgumentException("The raw pipe does not share work between instances; use kafka-streams,weir");
      }
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      return 2;
    }
    out = BenchOutput.directory(out, "scale-out-");
    Files.createDirectories(out);
    log("Output directory: " + out);
    List<Pause> results = new ArrayList<>();
    int partitions = 8;
    try (LocalKafka kafka = LocalKafka.start(LocalKafkaOptions.defaults().baseDirectory(out.resolve("kafka")));
        BenchAdmin admin = new BenchAdmin(kafka.bootstrapServers())) {
      String bootstrap = kafka.bootstrapServers();
      int sequence = 0;
      for (int round = 1; round <= rounds; round++) {
        List<String> order = new ArrayList<>(contenders);
        Collections.rotate(order, -((round - 1) % order.size()));
        for (String contender : order) {
          sequence++;
          String appId = "scale" + sequence + "-" + (contender.equals("kafka-streams") ? "ks" : contender);
          Pause p = measure(admin, bootstrap, partitions, appId, contender, round, rate,
              afterJoinMillis, heap, out.resolve("runs").resolve(appId));
          results.add(p);
          log(p.failure() == null
              ? String.format(Locale.ROOT, "  %s: longest gap from the join: %d ms in all output, %d ms in one partition (before the join: %d / %d ms); partitions per member %s",
                  contender, p.joinGap(), p.joinPartitionGap(), p.baselineGap(), p.baselinePartitionGap(), p.partitionsPerMember())
              : "  " + contender + " FAILED: " + p.failure());
          admin.deleteTopicsStartingWith(appId + "-");
        }
      }
    }
    StringBuilder b = new StringBuilder();
    b.append("| contender | round | input rec/s | longest gap, all output, 10 s before the join ms "
        + "| longest gap, all output, " + afterJoinMillis / 1000 + " s from the join ms | longest gap, worst partition, before ms "
        + "| longest gap, worst partition, from the join ms | partitions per group member at the end | outputs |\n");
    b.append("|---|--:|--:|--:|--:|--:|--:|---|--:|\n");
    for (Pause p : results) {
      boolean ok = p.failure() == null;
      b.append(String.format(Locale.ROOT, "| %s | %d | %.0f | %s | %s | %s | %s | %s | %d |%n", p.contender(), p.round(), p.rate(),
          ok ? Long.toString(p.baselineGap()) : "failed", ok ? Long.toString(p.joinGap()) : "failed",
          ok ? Long.toString(p.baselinePartitionGap()) : "failed", ok ? Long.toString(p.joinPartitionGap()) : "failed",
          p.partitionsPerMember(), p.outputs()));
    }
    Files.writeString(out.resolve("scale-out.md"), b.toString());
    System.out.println();
    System.out.println(b);
    return results.stream().allMatch(p -> p.failure() == null) ? 0 : 1;
  }

  private static Pause measure(BenchAdmin admin, String bootstrap, int partitions, String appId,
      String contender, int round, double rate, long afterJoinMillis, String heap, Path runDir)
      throws Exception {
    String input = appId + "-in";
    String output = appId + "-out";
    admin.createTopic(input, partitions);
    admin.createTopic(output, partitions);
    List<String> jvm = List.of("-Xmx" + heap);
    JobSpec first = new JobSpec(contender, Workload.COUNT, Guarantee.EXACTLY_ONCE, bootstrap, appId,
        input, output, runDir.resolve("state-1"));
    JobSpec second = new JobSpec(contender, Workload.COUNT, Guarantee.EXACTLY_ONCE, bootstrap, appId,
        input, output, runDir.resolve("state-2"));
    AtomicReference<Exception> producerFailure = new AtomicReference<>();
    try (OutputWatcher watcher = new OutputWatcher(bootstrap, output, partitions, 0);
        InputLoader loader = new InputLoader(bootstrap);
        ContenderProcess a = ContenderProcess.start(first, jvm, runDir.resolve("instance-1"))) {
      watcher.keepArrivals();
      Thread producer = new Thread(() -> {
        try {
          loader.produceSteadily(input, rate, BEFORE_JOIN_MILLIS + afterJoinMillis + 2_000,
              new ClickGenerator(100_000, 2_000, 0.8, 5, false));
        } catch (Exception e) {
          producerFailure.set(e);
        }
      }, "steady-input");
      producer.start();
      Thread.sleep(BEFORE_JOIN_MILLIS);
      long join = System.currentTimeMillis();
      log(contender + ": second instance joins");
      try (ContenderProcess b = ContenderProcess.start(second, jvm, runDir.resolve("instance-2"))) {
        Thread.sleep(afterJoinMillis);
        long end = System.currentTimeMillis();
        producer.join();
        if (producerFailure.get() != null) {
          return new Pause(contender, round, rate, -1, -1, -1, -1, "", watcher.count(), "input failed: " + producerFailure.get());
        }
        if (!a.isAlive() || !b.isAlive()) {
          return new Pause(contender, round, rate, -1, -1, -1, -1, "", watcher.count(), "an instance exited; see " + runDir);
        }
        return new Pause(contender, round, rate,
            watcher.longestGap(join - BASELINE_MILLIS, join), watcher.longestGap(join, end),
            watcher.longestPartitionGap(join - BASELINE_MILLIS, join), watcher.longestPartitionGap(join, end),
            members(admin, appId), watcher.count(), null);
      }
    }
  }

  private static String members(BenchAdmin admin, String group) {
    try {
      return admin.partitionsPerMember(group).toString();
    } catch (Exception e) {
      return "?";
    }
  }

  private static void log(String line) {
    BenchOutput.log(line);
  }
}
