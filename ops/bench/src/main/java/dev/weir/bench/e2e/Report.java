package dev.weir.bench.e2e;

import dev.weir.bench.jobs.Guarantee;
import dev.weir.bench.jobs.Workload;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/** Turns run results into the markdown tables of {@code docs/benchmarks.md}: medians over rounds. */
final class Report {

  private Report() {}

  static String throughputTable(List<RunResult> results, List<Workload> workloads, List<Guarantee> guarantees) {
    StringBuilder b = new StringBuilder();
    b.append("| workload | guarantee | raw pipe rec/s | Kafka Streams rec/s | Weir rec/s "
        + "| KS / Weir | raw / Weir | peak RSS MiB KS / Weir | CPU s per M records KS / Weir "
        + "| outputs KS / Weir | changelog records per input record KS / Weir | runs ok KS / Weir |\n");
    b.append("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
    for (Workload w : workloads) {
      for (Guarantee g : guarantees) {
        List<RunResult> ks = runs(results, "throughput", w, g, "kafka-streams");
        List<RunResult> weir = runs(results, "throughput", w, g, "weir");
        List<RunResult> raw = runs(results, "throughput", Workload.STATELESS, g, "raw");
        if (ks.isEmpty() && weir.isEmpty() && (w != Workload.STATELESS || raw.isEmpty())) {
          continue;
        }
        String rawCell = rate(median(ok(raw), RunResult::throughput));
        if (w != Workload.STATELESS && !rawCell.equals("–")) {
          rawCell = rawCell + " (w1)";
        }
        b.append("| ").append(w.title())
            .append(" | ").append(g.id())
            .append(" | ").append(rawCell)
            .append(" | ").append(rate(median(ok(ks), RunResult::throughput)))
            .append(" | ").append(rate(median(ok(weir), RunResult::throughput)))
            .append(" | ").append(ratio(roundRatios(ks, weir)))
            .append(" | ").append(ratio(roundRatios(raw, weir)))
            .append(" | ").append(pair(median(ok(ks), r -> r.peakRssKib() / 1024.0), median(ok(weir), r -> r.peakRssKib() / 1024.0), "%.0f"))
            .append(" | ").append(pair(median(ok(ks), RunResult::cpuSecondsPerMillion), median(ok(weir), RunResult::cpuSecondsPerMillion), "%.1f"))
            .append(" | ").append(pair(median(ok(ks), r -> r.outputs()), median(ok(weir), r -> r.outputs()), "%.0f"))
            .append(" | ").append(pair(median(ok(ks), Report::changelogPerInput), median(ok(weir), Report::changelogPerInput), "%.2f"))
            .append(" | ").append(ok(ks).size()).append("/").append(ks.size())
            .append(" / ").append(ok(weir).size()).append("/").append(weir.size())
            .append(" |\n");
      }
    }
    return b.toString();
  }

  /** Changelog records per input record of a run; NaN when not counted. */
  private static double changelogPerInput(RunResult r) {
    return r.changelogRecords() < 0 ? Double.NaN : (double) r.changelogRecords() / r.records();
  }

  static String latencyTable(List<RunResult> results, List<Workload> workloads, List<Guarantee> guarantees) {
    StringBuilder b = new StringBuilder();
    b.append("| workload | guarantee | contender | input rec/s | p50 ms | p99 ms | samples |\n");
    b.append("|---|---|---|--:|--:|--:|--:|\n");
    boolean any = false;
    for (Workload w : workloads) {
      for (Guarantee g : guarantees) {
        for (String c : List.of("raw", "kafka-streams", "weir")) {
          for (RunResult r : runs(results, "latency", w, g, c)) {
            any = true;
            b.append("| ").append(w.title()).append(" | ").append(g.id()).append(" | ").append(c)
                .append(" | ").append(String.format(Locale.ROOT, "%.0f", r.inputRate()))
                .append(" | ").append(r.ok() ? Long.toString(r.p50Millis()) : "failed")
                .append(" | ").append(r.ok() ? Long.toString(r.p99Millis()) : "failed")
                .append(" | ").append(r.latencySamples()).append(" |\n");
          }
        }
      }
    }
    return any ? b.toString() : "";
  }

  static List<RunResult> runs(List<RunResult> results, String mode, Workload w, Guarantee g, String contender) {
    List<RunResult> list = new ArrayList<>();
    for (RunResult r : results) {
      if (r.mode().equals(mode) && r.workload() == w && r.guarantee() == g && r.contender().equals(contender)) {
        list.add(r);
      }
    }
    return list;
  }

  private static List<RunResult> ok(List<RunResult> runs) {
    return runs.stream().filter(RunResult::ok).toList();
  }

  /** Per round, {@code a}'s throughput over {@code b}'s, for rounds where both succeeded. */
  static List<Double> roundRatios(List<RunResult> a, List<RunResult> b) {
    List<Double> ratios = new ArrayList<>();
    for (RunResult x : a) {
      for (RunResult y : b) {
        if (x.round() == y.round() && x.ok() && y.ok()) {
          ratios.add(x.throughput() / y.throughput());
        }
      }
    }
    return ratios;
  }

  static double median(List<RunResult> runs, ToDoubleFunction<RunResult> metric) {
    List<Double> values = new ArrayList<>();
    for (RunResult r : runs) {
      values.add(metric.applyAsDouble(r));
    }
    return medianOf(values);
  }

  static double medianOf(List<Double> values) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  /** The value at quantile {@code q} (0..1) of sorted values, nearest rank. */
  static long percentile(long[] sorted, double q) {
    if (sorted.length == 0) {
      return -1;
    }
    int rank = (int) Math.ceil(q * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  private static String rate(double v) {
    return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%,.0f", v);
  }

  private static String ratio(List<Double> ratios) {
    double m = medianOf(ratios);
    return Double.isNaN(m) ? "–" : String.format(Locale.ROOT, "%.2f", m);
  }

  private static String pair(double a, double b, String format) {
    return cell(a, format) + " / " + cell(b, format);
  }

  private static String cell(double v, String format) {
    return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, format, v);
  }
}
