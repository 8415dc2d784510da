package dev.weir.bench.e2e;

import dev.weir.bench.jobs.Guarantee;
import dev.weir.bench.jobs.JobSpec;
import dev.weir.bench.jobs.Workload;
import dev.weir.ops.kafka.LocalKafka;
import dev.weir.ops.kafka.LocalKafkaOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.common.TopicPartition;

/**
 * {@code weir-bench.jar recovery}: how long an exactly-once instance holding a large state takes,
 * after SIGKILL, to produce output again. For each contender (Weir, Kafka Streams): run the running
 * count (workload 2) under exactly-once over an input with {@code --state-keys} distinct keys until
 * the whole input is committed; SIGKILL it; append {@link #NEW_RECORDS} records; start it again on
 * the same state directory; report the time from that start to the first new output seen by a
 * {@code read_committed} consumer, and to the new input being committed.
 *
 * <p>Both contenders use static group membership, so the restarted instance takes its
 * predecessor's partitions at once and the consumer session timeout is not part of the number.
 */
public final class RecoveryRunner {

  static final String USAGE =
      """
      Usage: java -jar ops/bench/target/weir-bench.jar recovery [flags]
        --state-keys N        distinct keys in the running count's state (default 2000000; a key
                              costs about 30 bytes of changelog, so 1 GB is about 35000000)
        --rounds R            rounds (default 1)
        --contenders LIST     kafka-streams,weir (default both)
        --heap SIZE           -Xmx of each contender JVM (default 1g)
        --partitions N        partitions of the input topic (default 8)
        --out DIR             where logs and recovery.md go
      """;

  /** Records appended while the instance is down: the output its restart must produce. */
  static final int NEW_RECORDS = 10_000;

  private RecoveryRunner() {}

  /** One recovery measurement. Times in ms, -1 where not reached. */
  record Recovery(
      String contender,
      int round,
      long stateKeys,
      long stateBytes,
      long buildMillis,
      long firstOutputMillis,
      long caughtUpMillis,
      String failure) {}

  public static int main(String[] args) throws Exception {
    long stateKeys = 2_000_000;
    int rounds = 1;
    List<String> contenders = List.of("kafka-streams", "weir");
    String heap = "1g";
    int partitions = 8;
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
          case "--state-keys" -> stateKeys = Long.parseLong(value.replace("_", ""));
          case "--rounds" -> rounds = Integer.parseInt(value);
          case "--contenders" -> contenders = E2eOptions.parse(new String[] {"--contenders", value}).contenders;
          case "--heap" -> heap = value;
          case "--partitions" -> partitions = Integer.parseInt(value);
          case "--out" -> out = Path.of(value);
          default -> throw new IllegalArgumentException("Unknown flag " + flag + "\n" + USAGE);
        }
      }
      if (contenders.contains("raw")) {
        throw new IllegalArgumentException("The raw pipe has no state to recover; use kafka-streams,weir");
      }
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      return 2;
    }
    out = BenchOutput.directory(out, "recovery-");
    Files.createDirectories(out);
    log("Output directory: " + out);
    List<Recovery> results = new ArrayList<>();
    try (LocalKafka kafka = LocalKafka.start(LocalKafkaOptions.defaults().baseDirectory(out.resolve("kafka")));
        BenchAdmin admin = new BenchAdmin(kafka.bootstrapServers());
        InputLoader loader = new InputLoader(kafka.bootstrapServers())) {
      String bootstrap = kafka.bootstrapServers();
      String input = "recovery-clicks";
      admin.createTopic(input, partitions);
      ClickGenerator generator = new ClickGenerator((int) Math.min(Integer.MAX_VALUE, stateKeys), 2000, 0.8, 11, true);
      InputLoader.Loaded loaded = loader.load(input, stateKeys, generator, stateKeys);
      log(String.format(Locale.ROOT, "Loaded %,d records with distinct keys in %.1f s", loaded.records(), loaded.millis() / 1000.0));
      int sequence = 0;
      for (int round = 1; round <= rounds; round++) {
        List<String> order = new ArrayList<>(contenders);
        Collections.rotate(order, -((round - 1) % order.size()));
        for (String contender : order) {
          sequence++;
          String appId = "rec" + sequence + "-" + (contender.equals("kafka-streams") ? "ks" : contender);
          Recovery r = measure(admin, loader, generator, bootstrap, input, partitions, appId, contender,
              round, stateKeys, heap, out.resolve("runs").resolve(appId));
          results.add(r);
          log(r.failure() == null
              ? String.format(Locale.ROOT, "  %s: state %,d keys, %.0f MiB on disk, built in %.1f s; restart -> first output %.2f s, caught up %.2f s",
                  contender, stateKeys, r.stateBytes() / 1048576.0, r.buildMillis() / 1000.0,
                  r.firstOutputMillis() / 1000.0, r.caughtUpMillis() / 1000.0)
              : "  " + contender + " FAILED: " + r.failure());
          admin.deleteTopicsStartingWith(appId + "-");
        }
      }
    }
    String report = table(results);
    Files.writeString(out.resolve("recovery.md"), report);
    System.out.println();
    System.out.println(report);
    return results.stream().allMatch(r -> r.failure() == null) ? 0 : 1;
  }

  private static Recovery measure(BenchAdmin admin, InputLoader loader, ClickGenerator generator,
      String bootstrap, String input, int partitions, String appId, String contender, int round,
      long stateKeys, String heap, Path runDir) throws Exception {
    String output = appId + "-out";
    admin.createTopic(output, partitions);
    Path stateDir = runDir.resolve("state");
    JobSpec spec = new JobSpec(contender, Workload.COUNT, Guarantee.EXACTLY_ONCE, bootstrap, appId,
        input, output, stateDir, appId + "-member");
    List<String> jvm = List.of("-Xmx" + heap);
    long timeout = 120_000 + stateKeys / 5;
    try (OutputWatcher watcher = new OutputWatcher(bootstrap, output, partitions, 0)) {
      log(contender + ": building the state...");
      ContenderProcess first = ContenderProcess.start(spec, jvm, runDir.resolve("first"));
      long started = System.currentTimeMillis();
      try {
        if (!awaitCommitted(admin, appId, admin.endOffsets(input, partitions), first, started + timeout)) {
          return new Recovery(contender, round, stateKeys, -1, -1, -1, -1,
              "the first instance did not consume its input; see " + runDir.resolve("first"));
        }
      } finally {
        // SIGKILL while idle, just after a commit: the state is complete and committed.
        first.kill();
      }
      long built = System.currentTimeMillis() - started;
      long stateBytes = directorySize(stateDir);
      loader.load(input, NEW_RECORDS, generator, stateKeys);
      Map<TopicPartition, Long> newEnd = admin.endOffsets(input, partitions);
      Thread.sleep(1_000); // let the reader see the last output of the first instance
      long before = watcher.count();
      log(contender + ": killed; restarting...");
      long restarted = System.currentTimeMillis();
      try (ContenderProcess second = ContenderProcess.start(spec, jvm, runDir.resolve("second"))) {
        long firstOutput = -1;
        long deadline = restarted + timeout;
        while (System.currentTimeMillis() < deadline && second.isAlive()) {
          if (watcher.count() > before) {
            firstOutput = watcher.lastSeenMillis() - restarted;
            break;
          }
          Thread.sleep(20);
        }
        if (firstOutput < 0) {
          return new Recovery(contender, round, stateKeys, stateBytes, built, -1, -1,
              "no output after the restart; see " + runDir.resolve("second"));
        }
        long caughtUp = awaitCommitted(admin, appId, newEnd, second, deadline)
            ? System.currentTimeMillis() - restarted : -1;
        return new Recovery(contender, round, stateKeys, stateBytes, built, firstOutput, caughtUp, null);
      }
    } finally {
      Path state = runDir.resolve("state");
      if (Files.exists(state)) {
        try (Stream<Path> paths = Files.walk(state)) {
          paths.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
    }
  }

  private static boolean awaitCommitted(BenchAdmin admin, String group, Map<TopicPartition, Long> end,
      ContenderProcess process, long deadline) throws Exception {
    while (System.currentTimeMillis() < deadline && process.isAlive()) {
      Map<TopicPartition, Long> committed = admin.committedOffsets(group);
      boolean done = true;
      for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
        Long c = committed.get(e.getKey());
        done &= c != null && c >= e.getValue();
      }
      if (done) {
        return true;
      }
      Thread.sleep(50);
    }
    return false;
  }

  private static long directorySize(Path directory) throws IOException {
    if (!Files.exists(directory)) {
      return 0;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      return paths.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }

  static String table(List<Recovery> results) {
    StringBuilder b = new StringBuilder();
    b.append("| contender | round | state keys | state on disk MiB | state built in s | restart -> first new output s | restart -> new input committed s |\n");
    b.append("|---|--:|--:|--:|--:|--:|--:|\n");
    for (Recovery r : results) {
      b.append(String.format(Locale.ROOT, "| %s | %d | %,d | %s | %s | %s | %s |%n",
          r.contender(), r.round(), r.stateKeys(),
          r.stateBytes() < 0 ? "–" : String.format(Locale.ROOT, "%.0f", r.stateBytes() / 1048576.0),
          seconds(r.buildMillis()), r.failure() != null && r.firstOutputMillis() < 0 ? "failed" : seconds(r.firstOutputMillis()),
          seconds(r.caughtUpMillis())));
    }
    return b.toString();
  }

  private static String seconds(long millis) {
    return millis < 0 ? "–" : String.format(Locale.ROOT, "%.2f", millis / 1000.0);
  }

  private static void log(String line) {
    BenchOutput.log(line);
  }
}
