package dev.weir.internal.runtime.time;

import java.time.InstantSource;
import java.util.Arrays;

/**
 * The event time of one task: a watermark per input partition and the task's watermark, the
 * minimum over the partitions that are not idle. The task's watermark never goes back.
 *
 * <p>A source partition's watermark is the largest timestamp seen minus the out-of-orderness
 * bound minus 1 ms. A partition with no record for the idleness timeout is idle and does not
 * hold the task back; when every partition is idle, the watermark follows the wall clock minus
 * the bound, so that windows of a quiet stream still close.
 *
 * <p>A repartition partition's watermark is the minimum over the watermarks that every upstream
 * task last wrote to it; an upstream task not heard from yet holds it at {@link Long#MIN_VALUE}.
 *
 * <p>Used only by the task's thread.
 */
public final class TaskTime {

  /** No watermark yet. */
  public static final long NONE = Long.MIN_VALUE;

  private final InstantSource clock;
  private final long boundMs;
  private final long idlenessMs;
  private final long[] maxTimestamp;
  private final long[] lastRecordAt;
  private final long[][] upstream;
  private long watermark;

  private TaskTime(
      InstantSource clock,
      long boundMs,
      long idlenessMs,
      int partitions,
      int upstreamTasks,
      long initial) {
    this.clock = clock;
    this.boundMs = boundMs;
    this.idlenessMs = idlenessMs;
    this.maxTimestamp = new long[partitions];
    this.lastRecordAt = new long[partitions];
    this.watermark = initial;
    long now = clock.millis();
    Arrays.fill(lastRecordAt, now);
    if (upstreamTasks > 0) {
      upstream = new long[partitions][upstreamTasks];
      for (long[] watermarks : upstream) {
        Arrays.fill(watermarks, initial);
      }
      Arrays.fill(maxTimestamp, NONE);
    } else {
      upstream = null;
      // Resume where the committed watermark left off.
      long resumed = initial == NONE || boundMs < 0 ? NONE : initial + boundMs + 1;
      Arrays.fill(maxTimestamp, resumed);
    }
  }

  /**
   * For a stage that reads sources.
   *
   * @param bound the out-of-orderness bound in ms; negative for no watermarks
   * @param idleness the idleness timeout in ms; negative for never idle
   * @param initial the committed watermark to resume from, or {@link #NONE}
   */
  public static TaskTime forSources(
      InstantSource clock, long bound, long idleness, int partitions, long initial) {
    return new TaskTime(clock, bound, idleness, partitions, 0, initial);
  }

  /** For a stage that reads a repartition topic written by {@code upstreamTasks} tasks. */
  public static TaskTime forRepartition(
      InstantSource clock, int partitions, int upstreamTasks, long initial) {
    return new TaskTime(clock, -1, -1, partitions, upstreamTasks, initial);
  }

  /** A record with event time {@code timestamp} arrived on input partition {@code index}. */
  public void onRecord(int index, long timestamp) {
    if (timestamp > maxTimestamp[index]) {
      maxTimestamp[index] = timestamp;
    }
    if (idlenessMs >= 0) {
      lastRecordAt[index] = clock.millis();
    }
  }

  /** An upstream task reported its watermark on input partition {@code index}. */
  public void onUpstreamWatermark(int index, int upstreamTask, long upstreamWatermark) {
    long[] watermarks = upstream[index];
    if (upstreamTask >= 0 && upstreamTask < watermarks.length
        && upstreamWatermark > watermarks[upstreamTask]) {
      watermarks[upstreamTask] = upstreamWatermark;
    }
  }

  /** Recomputes and returns the task's watermark (it never decreases). */
  public long advance() {
    long candidate = upstream != null ? repartitionWatermark() : sourceWatermark();
    if (candidate > watermark) {
      watermark = candidate;
    }
    return watermark;
  }

  /**
   * Raises the watermark to at least {@code floor}, whatever the inputs say. For tests that drive
   * time by hand.
   */
  public void raiseTo(long floor) {
    if (floor > watermark) {
      watermark = floor;
    }
  }

  /** The task's watermark as last computed. */
  public long watermark() {
    return watermark;
  }

  private long sourceWatermark() {
    if (boundMs < 0) {
      return NONE;
    }
    long now = clock.millis();
    long min = Long.MAX_VALUE;
    boolean anyActive = false;
    for (int i = 0; i < maxTimestamp.length; i++) {
      if (idlenessMs >= 0 && now - lastRecordAt[i] >= idlenessMs) {
        continue;
      }
      anyActive = true;
      long partitionWatermark = maxTimestamp[i] == NONE ? NONE : maxTimestamp[i] - boundMs - 1;
      min = Math.min(min, partitionWatermark);
    }
    if (!anyActive) {
      return now - boundMs - 1;
    }
    return min;
  }

  private long repartitionWatermark() {
    long min = Long.MAX_VALUE;
    for (long[] watermarks : upstream) {
      for (long upstreamWatermark : watermarks) {
        min = Math.min(min, upstreamWatermark);
      }
    }
    return min;
  }
}
