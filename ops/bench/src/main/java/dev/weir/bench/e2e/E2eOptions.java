package dev.weir.bench.e2e;

import dev.weir.bench.jobs.Guarantee;
import dev.weir.bench.jobs.Workload;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Flags of {@code weir-bench.jar e2e}. Defaults give the full run of issue 6: 5,000,000 records,
 * three rounds, all workloads, both guarantees, all contenders, no latency runs.
 */
final class E2eOptions {

  static final String USAGE =
      """
      Usage: java -jar ops/bench/target/weir-bench.jar e2e [flags]
        --records N           input records (default 5000000)
        --rounds R            rounds; contenders alternate within each (default 3)
        --workloads LIST      comma-separated: stateless,count,tumbling,sliding,repartition or 1-5 (default all)
        --guarantees LIST     exactly_once,at_least_once (default both)
        --contenders LIST     raw,kafka-streams,weir (default all; raw runs workload 1 only)
        --keys N              distinct users (default 100000)
        --pages N             distinct pages, the keys of workload 5 (default 2000)
        --zipf S              skew exponent of users and pages (default 0.8; 0 = uniform)
        --partitions N        partitions of input and output topics (default 8)
        --heap SIZE           -Xmx of each contender JVM (default 1g)
        --latency             after the throughput rounds, measure end-to-end latency of the
                              non-windowed workloads at half the slower contender's median throughput
        --latency-seconds S   measured seconds per latency run, after 10 s of warm-up (default 20)
        --timeout-seconds S   give up on a run after this long (default 60 + records / 5000)
        --no-warmup           skip the discarded warm-up run of the raw pipe before round 1
        --jfr                 record a JFR profile of every contender (in its run directory)
        --out DIR             where logs, runs.jsonl and report.md go (default ops/bench/target/bench-results/<time>)
      """;

  long records = 5_000_000;
  int rounds = 3;
  List<Workload> workloads = List.of(Workload.values());
  List<Guarantee> guarantees = List.of(Guarantee.values());
  List<String> contenders = List.of("raw", "kafka-streams", "weir");
  int keys = 100_000;
  int pages = 2_000;
  double zipf = 0.8;
  int partitions = 8;
  String heap = "1g";
  boolean latency;
  int latencySeconds = 20;
  long timeoutSeconds = -1;
  boolean jfr;
  boolean warmup = true;
  Path out;

  static E2eOptions parse(String[] args) {
    E2eOptions o = new E2eOptions();
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      switch (flag) {
        case "--latency" -> o.latency = true;
        case "--jfr" -> o.jfr = true;
        case "--no-warmup" -> o.warmup = false;
        default -> {
          if (i + 1 >= args.length) {
            throw new IllegalArgumentException(flag + " needs a value\n" + USAGE);
          }
          String value = args[++i];
          switch (flag) {
            case "--records" -> o.records = positiveLong(flag, value);
            case "--rounds" -> o.rounds = (int) positiveLong(flag, value);
            case "--workloads" -> o.workloads = list(value).stream().map(Workload::parse).toList();
            case "--guarantees" -> o.guarantees = list(value).stream().map(Guarantee::parse).toList();
            case "--contenders" -> o.contenders = contenders(value);
            case "--keys" -> o.keys = (int) positiveLong(flag, value);
            case "--pages" -> o.pages = (int) positiveLong(flag, value);
            case "--zipf" -> o.zipf = Double.parseDouble(value);
            case "--partitions" -> o.partitions = (int) positiveLong(flag, value);
            case "--heap" -> o.heap = value;
            case "--latency-seconds" -> o.latencySeconds = (int) positiveLong(flag, value);
            case "--timeout-seconds" -> o.timeoutSeconds = positiveLong(flag, value);
            case "--out" -> o.out = Path.of(value);
            default -> throw new IllegalArgumentException("Unknown flag " + flag + "\n" + USAGE);
          }
        }
      }
    }
    if (o.timeoutSeconds < 0) {
      o.timeoutSeconds = 60 + o.records / 5_000;
    }
    for (Workload workload : o.workloads) {
      if (o.records < workload.minRecords()) {
        throw new IllegalArgumentException(
            String.format(
                Locale.ROOT,
                "--records %d is too few for workload %s: the input has one record per"
                    + " millisecond of event time, and no window closes before %d records;"
                    + " give at least that many, or leave the workload out",
                o.records,
                workload.id(),
                workload.minRecords()));
      }
    }
    return o;
  }

  /** The command line that repeats this run, for the report. */
  String commandLine() {
    StringBuilder b = new StringBuilder("java -jar ops/bench/target/weir-bench.jar e2e");
    b.append(" --records ").append(records).append(" --rounds ").append(rounds);
    b.append(" --workloads ")
        .append(String.join(",", workloads.stream().map(Workload::id).toList()));
    b.append(" --guarantees ")
        .append(String.join(",", guarantees.stream().map(Guarantee::id).toList()));
    b.append(" --contenders ").append(String.join(",", contenders));
    if (keys != 100_000) {
      b.append(" --keys ").append(keys);
    }
    if (pages != 2_000) {
      b.append(" --pages ").append(pages);
    }
    if (zipf != 0.8) {
      b.append(" --zipf ").append(zipf);
    }
    if (partitions != 8) {
      b.append(" --partitions ").append(partitions);
    }
    if (!heap.equals("1g")) {
      b.append(" --heap ").append(heap);
    }
    if (latency) {
      b.append(" --latency --latency-seconds ").append(latencySeconds);
    }
    if (jfr) {
      b.append(" --jfr");
    }
    if (!warmup) {
      b.append(" --no-warmup");
    }
    return b.toString();
  }

  private static List<String> list(String value) {
    List<String> items = new ArrayList<>();
    for (String item : value.split(",")) {
      if (!item.isBlank()) {
        items.add(item.trim());
      }
    }
    if (items.isEmpty()) {
      throw new IllegalArgumentException("Empty list: '" + value + "'");
    }
    return items;
  }

  private static List<String> contenders(String value) {
    List<String> result = new ArrayList<>();
    for (String c : list(value)) {
      String n = c.toLowerCase(Locale.ROOT);
      if (n.equals("ks") || n.equals("streams")) {
        n = "kafka-streams";
      }
      if (!List.of("raw", "kafka-streams", "weir").contains(n)) {
        throw new IllegalArgumentException(
            "Unknown contender '" + c + "'; expected raw, kafka-streams or weir");
      }
      result.add(n);
    }
    return result;
  }

  private static long positiveLong(String flag, String value) {
    long v;
    try {
      v = Long.parseLong(value.replace("_", ""));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(flag + " takes a whole number, found '" + value + "'");
    }
    if (v <= 0) {
      throw new IllegalArgumentException(flag + " must be positive, found " + v);
    }
    return v;
  }
}
