package dev.weir.bench.e2e;

import dev.weir.bench.jobs.Guarantee;
import dev.weir.bench.jobs.JobSpec;
import dev.weir.bench.jobs.Workload;
import dev.weir.ops.kafka.LocalKafka;
import dev.weir.ops.kafka.LocalKafkaOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.internals.AppInfoParser;

/**
 * {@code weir-bench.jar e2e}: starts one local broker, loads the input once, then runs every
 * contender on it, each in its own JVM, round after round with the order of contenders rotated
 * each round, and prints the medians as a markdown table (also written to {@code report.md}, with
 * every run in {@code runs.jsonl}, under the output directory).
 *
 * <p>A throughput run ends when the contender's group has committed the end of the input (and of
 * its repartition topics) and its output has been quiet for {@link #QUIET_MILLIS}; its time is from
 * the contender's first input record to the last output seen by a {@code read_committed}
 * consumer. Each run gets a fresh application id, group, output topic and state directory; its
 * topics and state are deleted afterwards.
 */
public final class E2eRunner {

  static final String INPUT_TOPIC = "bench-clicks";
  /** Output silence, after the input is consumed, that ends a throughput run. */
  static final long QUIET_MILLIS = 2_000;
  /** Latency runs: input at the steady rate for this long before latencies are kept. */
  static final long LATENCY_WARMUP_MILLIS = 15_000;

  private final E2eOptions options;
  private final Path out;
  private final List<RunResult> results = new ArrayList<>();
  private final PrintWriter runsLog;
  private String bootstrap;
  private BenchAdmin admin;
  private int runSequence;

  private E2eRunner(E2eOptions options, Path out) throws IOException {
    this.options = options;
    this.out = out;
    Files.createDirectories(out);
    runsLog = new PrintWriter(Files.newBufferedWriter(out.resolve("runs.jsonl")), true);
  }

  /** The flags, for {@code e2e --help}. */
  public static String usage() {
    return E2eOptions.USAGE;
  }

  /** Runs the benchmark; returns the process exit code (0 all runs ok, 1 a run failed, 2 bad flags). */
  public static int main(String[] args) throws Exception {
    E2eOptions options;
    try {
      options = E2eOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      return 2;
    }
    E2eRunner runner = new E2eRunner(options, BenchOutput.directory(options.out, ""));
    return runner.run();
  }

  private int run() throws Exception {
    preloadClasses();
    log("Output directory: " + out);
    log("Machine: " + Machine.describe());
    log("Starting a local Kafka broker...");
    try (LocalKafka kafka = LocalKafka.start(LocalKafkaOptions.defaults().baseDirectory(out.resolve("kafka")))) {
      bootstrap = kafka.bootstrapServers();
      admin = new BenchAdmin(bootstrap);
      admin.createTopic(INPUT_TOPIC, options.partitions);
      InputLoader.Loaded loaded;
      try (InputLoader loader = new InputLoader(bootstrap)) {
        loaded = loader.load(INPUT_TOPIC, options.records,
            new ClickGenerator(options.keys, options.pages, options.zipf, 42, true));
      }
      log(String.format(Locale.ROOT, "Loaded %,d records (%,d kept by workload 1) in %.1f s",
          loaded.records(), loaded.keptRecords(), loaded.millis() / 1000.0));
      Map<TopicPartition, Long> inputEnd = admin.endOffsets(INPUT_TOPIC, options.partitions);
      if (options.warmup) {
        // The first run after the broker starts is slow whoever runs it (cold broker JIT and page
        // cache); a discarded run of the raw pipe takes that cost.
        log("Warm-up run (not reported):");
        throughputRun(0, Workload.STATELESS, Guarantee.EXACTLY_ONCE, "raw", inputEnd);
      }

      for (int round = 1; round <= options.rounds; round++) {
        for (Workload w : options.workloads) {
          for (Guarantee g : options.guarantees) {
            for (String contender : order(w, round)) {
              RunResult r = throughputRun(round, w, g, contender, inputEnd);
              record(r);
              if (w == Workload.STATELESS && r.ok() && r.outputs() != loaded.keptRecords()
                  && g.exactlyOnce()) {
                log("  WARNING: expected " + loaded.keptRecords() + " outputs under exactly_once, saw " + r.outputs());
              }
            }
          }
        }
      }
      if (options.latency) {
        for (Workload w : options.workloads) {
          if (w == Workload.TUMBLING || w == Workload.SLIDING) {
            continue; // a window's result waits for the window: its latency is the window's length
          }
          for (Guarantee g : options.guarantees) {
            double rate = latencyRate(w, g);
            if (Double.isNaN(rate)) {
              continue;
            }
            for (String contender : order(w, 1)) {
              record(latencyRun(w, g, contender, rate));
            }
          }
        }
      }
      admin.close();
    }
    String report = report();
    Files.writeString(out.resolve("report.md"), report);
    System.out.println();
    System.out.println(report);
    return results.stream().allMatch(RunResult::ok) ? 0 : 1;
  }

  /** The contenders of a workload, rotated by round: A B C, then B C A, ... */
  private List<String> order(Workload w, int round) {
    List<String> list = new ArrayList<>();
    for (String c : options.contenders) {
      if (!c.equals("raw") || w == Workload.STATELESS) {
        list.add(c);
      }
    }
    if (!list.isEmpty()) {
      Collections.rotate(list, -((round - 1) % list.size()));
    }
    return list;
  }

  private RunResult throughputRun(
      int round, Workload w, Guarantee g, String contender, Map<TopicPartition, Long> inputEnd)
      throws Exception {
    String appId = applicationId(contender, w, g);
    Path runDir = out.resolve("runs").resolve(appId);
    String output = appId + "-out";
    admin.createTopic(output, options.partitions);
    JobSpec spec = new JobSpec(contender, w, g, bootstrap, appId, INPUT_TOPIC, output, runDir.resolve("state"));
    log(String.format(Locale.ROOT, "round %d  %-11s %-13s %-13s ...", round, w.id(), g.id(), contender));
    long launched = System.currentTimeMillis();
    long deadline = launched + options.timeoutSeconds * 1000;
    String failure = null;
    long lastSeen = 0;
    long outputs = 0;
    long rss = -1;
    double cpuEnd = -1;
    long changelogRecords = -1;
    ContenderProcess process = null;
    try (OutputWatcher watcher = new OutputWatcher(bootstrap, output, options.partitions, 0)) {
      process = ContenderProcess.start(spec, jvmOptions(runDir), runDir);
      long inputDoneAt = 0;
      while (true) {
        Thread.sleep(200);
        long now = System.currentTimeMillis();
        if (!process.isAlive()) {
          failure = "contender exited early; see " + runDir.resolve("stderr.log");
          break;
        }
        if (watcher.failure() != null) {
          failure = "output watcher failed: " + watcher.failure();
          break;
        }
        if (now > deadline) {
          failure = "timed out after " + options.timeoutSeconds + " s with " + watcher.count() + " outputs";
          break;
        }
        if (inputDoneAt == 0 && consumedEverything(appId, inputEnd, w, g)) {
          inputDoneAt = now;
        }
        if (inputDoneAt > 0 && now - Math.max(inputDoneAt, watcher.lastSeenMillis()) >= QUIET_MILLIS) {
          rss = ProcStats.peakRssKib(process.pid());
          cpuEnd = ProcStats.cpuSeconds(process.pid());
          break;
        }
      }
      lastSeen = watcher.lastSeenMillis();
      outputs = watcher.count();
      if (failure == null) {
        changelogRecords = admin.changelogRecords(appId + "-");
      }
    } finally {
      if (process != null) {
        process.close();
      }
      cleanUp(appId, runDir);
    }
    long first = process.firstRecordMillis();
    if (failure == null && (first == 0 || lastSeen == 0)) {
      failure = "no " + (first == 0 ? "input read" : "output seen");
    }
    RunResult r = new RunResult("throughput", round, w, g, contender, options.records, outputs,
        first > 0 ? first - launched : -1,
        failure == null ? lastSeen - first : -1,
        rss,
        failure == null && process.cpuAtFirstRecord() >= 0 ? cpuEnd - process.cpuAtFirstRecord() : -1,
        -1, -1, -1, 0, changelogRecords, failure);
    log(r.ok()
        ? String.format(Locale.ROOT, "    %,10.0f rec/s  %,d outputs  start %.1f s  RSS %d MiB  CPU %.1f s/M  changelog %,d",
            r.throughput(), r.outputs(), r.startupMillis() / 1000.0, r.peakRssKib() / 1024, r.cpuSecondsPerMillion(),
            r.changelogRecords())
        : "    FAILED: " + failure);
    return r;
  }

  /**
   * Whether the group committed the end of the input and, for two-stage jobs, of every
   * partition of its repartition topics (under exactly-once, up to the final commit marker).
   */
  private boolean consumedEverything(String group, Map<TopicPartition, Long> inputEnd, Workload w, Guarantee g)
      throws Exception {
    Map<TopicPartition, Long> committed = admin.committedOffsets(group);
    for (Map.Entry<TopicPartition, Long> e : inputEnd.entrySet()) {
      Long c = committed.get(e.getKey());
      if (c == null || c < e.getValue()) {
        return false;
      }
    }
    if (!w.repartitions()) {
      return true;
    }
    List<TopicPartition> internal = new ArrayList<>();
    java.util.Set<String> topics = new java.util.HashSet<>();
    for (TopicPartition tp : committed.keySet()) {
      if (!tp.topic().equals(INPUT_TOPIC)) {
        internal.add(tp);
        topics.add(tp.topic());
      }
    }
    if (topics.isEmpty()) {
      return false;
    }
    for (String topic : topics) {
      long present = internal.stream().filter(tp -> tp.topic().equals(topic)).count();
      if (present < admin.partitionCount(topic)) {
        return false;
      }
    }
    Map<TopicPartition, Long> ends = admin.endOffsets(internal);
    long slack = g.exactlyOnce() ? 1 : 0;
    for (TopicPartition tp : internal) {
      if (committed.get(tp) < ends.get(tp) - slack) {
        return false;
      }
    }
    return true;
  }

  private double latencyRate(Workload w, Guarantee g) {
    double slowest = Double.NaN;
    for (String c : List.of("kafka-streams", "weir")) {
      List<RunResult> ok = Report.runs(results, "throughput", w, g, c).stream().filter(RunResult::ok).toList();
      double m = Report.median(ok, RunResult::throughput);
      if (!Double.isNaN(m)) {
        slowest = Double.isNaN(slowest) ? m : Math.min(slowest, m);
      }
    }
    return slowest / 2;
  }

  private RunResult latencyRun(Workload w, Guarantee g, String contender, double rate) throws Exception {
    String appId = applicationId(contender, w, g) + "-lat";
    Path runDir = out.resolve("runs").resolve(appId);
    String input = appId + "-in";
    String output = appId + "-out";
    admin.createTopic(input, options.partitions);
    admin.createTopic(output, options.partitions);
    JobSpec spec = new JobSpec(contender, w, g, bootstrap, appId, input, output, runDir.resolve("state"));
    log(String.format(Locale.ROOT, "latency  %-11s %-13s %-13s at %,.0f rec/s ...", w.id(), g.id(), contender, rate));
    long measureMillis = options.latencySeconds * 1000L;
    int slots = (int) Math.min(50_000_000, rate * (options.latencySeconds + 5) * 2 + 1000);
    String failure = null;
    long[] latencies;
    long sent;
    long rss;
    long outputs;
    ContenderProcess process = null;
    try (OutputWatcher watcher = new OutputWatcher(bootstrap, output, options.partitions, slots);
        InputLoader loader = new InputLoader(bootstrap)) {
      process = ContenderProcess.start(spec, jvmOptions(runDir), runDir);
      long start = System.currentTimeMillis();
      watcher.measureLatencyBetween(start + LATENCY_WARMUP_MILLIS, start + LATENCY_WARMUP_MILLIS + measureMillis);
      sent = loader.produceSteadily(input, rate, LATENCY_WARMUP_MILLIS + measureMillis,
          new ClickGenerator(options.keys, options.pages, options.zipf, 7, false));
      Thread.sleep(2_000);
      if (!process.isAlive()) {
        failure = "contender exited early; see " + runDir.resolve("stderr.log");
      }
      rss = ProcStats.peakRssKib(process.pid());
      latencies = watcher.latencies();
      outputs = watcher.count();
    } finally {
      if (process != null) {
        process.close();
      }
      cleanUp(appId, runDir);
    }
    if (failure == null && latencies.length == 0) {
      failure = "no output in the measured window";
    }
    RunResult r = new RunResult("latency", 1, w, g, contender, sent, outputs, -1, -1, rss, -1, rate,
        Report.percentile(latencies, 0.50), Report.percentile(latencies, 0.99), latencies.length, -1,
        failure);
    log(r.ok() ? "    p50 " + r.p50Millis() + " ms  p99 " + r.p99Millis() + " ms  (" + latencies.length + " outputs)"
        : "    FAILED: " + failure);
    return r;
  }

  private String applicationId(String contender, Workload w, Guarantee g) {
    runSequence++;
    String c = contender.equals("kafka-streams") ? "ks" : contender;
    return "b" + runSequence + "-" + c + "-" + w.id() + "-" + (g.exactlyOnce() ? "eos" : "alos");
  }

  private List<String> jvmOptions(Path runDir) {
    List<String> jvm = new ArrayList<>();
    jvm.add("-Xmx" + options.heap);
    jvm.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
    if (options.jfr) {
      jvm.add("-XX:StartFlightRecording=settings=profile,dumponexit=true,filename="
          + runDir.resolve("profile.jfr"));
    }
    return jvm;
  }

  private void cleanUp(String appId, Path runDir) {
    try {
      admin.deleteTopicsStartingWith(appId + "-");
    } catch (Exception e) {
      log("  could not delete the topics of " + appId + ": " + e);
    }
    Path state = runDir.resolve("state");
    if (Files.exists(state)) {
      try (Stream<Path> paths = Files.walk(state)) {
        paths.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        log("  could not delete " + state + ": " + e);
      }
    }
  }

  private void record(RunResult r) {
    results.add(r);
    runsLog.println(r.toJson());
  }

  private String report() {
    StringBuilder b = new StringBuilder();
    b.append("Machine: ").append(Machine.describe()).append("\n");
    b.append("Kafka clients / Streams / broker ").append(AppInfoParser.getVersion())
        .append(", Java ").append(System.getProperty("java.version")).append("\n");
    b.append(String.format(Locale.ROOT, "Input: %,d records, %d partitions, %,d users and %,d pages (Zipf %.1f); %d round(s)%n",
        options.records, options.partitions, options.keys, options.pages, options.zipf, options.rounds));
    b.append("Command: `").append(options.commandLine()).append("`\n\n");
    b.append(Report.throughputTable(results, options.workloads, options.guarantees));
    String latency = Report.latencyTable(results, options.workloads, options.guarantees);
    if (!latency.isEmpty()) {
      b.append("\nEnd-to-end latency (produce -> visible to read_committed), steady input at half the"
          + " slower contender's median throughput:\n\n").append(latency);
    }
    return b.toString();
  }

  /**
   * Loads the runner's classes now: a rebuild of the jar while a long run is going on would
   * otherwise break the first use of a class not loaded yet.
   */
  private static void preloadClasses() throws ClassNotFoundException {
    for (Class<?> c : List.of(Report.class, RunResult.class, OutputWatcher.class, ContenderProcess.class,
        ProcStats.class, InputLoader.class, ClickGenerator.class, ZipfSampler.class, Machine.class,
        BenchAdmin.class)) {
      Class.forName(c.getName(), true, E2eRunner.class.getClassLoader());
    }
  }

  private static void log(String line) {
    BenchOutput.log(line);
  }
}
