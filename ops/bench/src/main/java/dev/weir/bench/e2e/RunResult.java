package dev.weir.bench.e2e;

import dev.weir.bench.jobs.Guarantee;
import dev.weir.bench.jobs.Workload;
import java.util.Locale;

/**
 * What one run of one contender measured. Times in ms; -1 where not measured.
 *
 * @param mode {@code throughput} or {@code latency}
 * @param startupMillis from process launch to its first input record
 * @param processingMillis from the first input record to the last output seen by a
 *     {@code read_committed} consumer
 * @param cpuSeconds CPU seconds of the process over {@code processingMillis}
 * @param changelogRecords records in the run's changelog topics at its end, -1 if not counted
 * @param failure why the run failed, or null
 */
record RunResult(
    String mode,
    int round,
    Workload workload,
    Guarantee guarantee,
    String contender,
    long records,
    long outputs,
    long startupMillis,
    long processingMillis,
    long peakRssKib,
    double cpuSeconds,
    double inputRate,
    long p50Millis,
    long p99Millis,
    long latencySamples,
    long changelogRecords,
    String failure) {

  boolean ok() {
    return failure == null;
  }

  /** Input records per second over the processing time. */
  double throughput() {
    return processingMillis <= 0 ? -1 : records * 1000.0 / processingMillis;
  }

  double cpuSecondsPerMillion() {
    return cpuSeconds < 0 ? -1 : cpuSeconds * 1_000_000.0 / records;
  }

  String toJson() {
    return String.format(
        Locale.ROOT,
        "{\"mode\":\"%s\",\"round\":%d,\"workload\":\"%s\",\"guarantee\":\"%s\",\"contender\":\"%s\","
            + "\"records\":%d,\"outputs\":%d,\"startup_ms\":%d,\"processing_ms\":%d,"
            + "\"throughput\":%.1f,\"peak_rss_kib\":%d,\"cpu_seconds\":%.2f,\"cpu_s_per_million\":%.2f,"
            + "\"input_rate\":%.1f,\"p50_ms\":%d,\"p99_ms\":%d,\"latency_samples\":%d,"
            + "\"changelog_records\":%d,\"failure\":%s}",
        mode, round, workload.id(), guarantee.id(), contender, records, outputs, startupMillis,
        processingMillis, throughput(), peakRssKib, cpuSeconds, cpuSecondsPerMillion(), inputRate,
        p50Millis, p99Millis, latencySamples, changelogRecords,
        failure == null ? "null" : "\"" + failure.replace("\\", "\\\\").replace("\"", "'").replace("\n", " ") + "\"");
  }
}
