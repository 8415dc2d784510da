package dev.weir.api.time;

import dev.weir.api.functions.TimestampAssigner;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a source reads each record's event time and derives watermarks from it, per partition.
 * Immutable; each {@code with...} returns a copy.
 *
 * <ul>
 *   <li>{@link #forBoundedOutOfOrderness(Duration) bounded out-of-orderness} {@code B}: after
 *       each record the partition's watermark is the largest timestamp seen − {@code B} − 1 ms.
 *   <li>{@link #forMonotonousTimestamps() monotonous timestamps}: the same with {@code B} = 0.
 *   <li>{@link #noWatermarks() none}: event time never advances; only processing time does.
 * </ul>
 *
 * A partition that has had no record for the {@link #withIdleness idleness timeout} stops holding
 * the task's watermark back; once every input of a task is idle, the watermark follows the wall
 * clock (minus the bound), so windows of a quiet stream still close.
 *
 * @param <T> the record value type
 */
public final class WatermarkStrategy<T> {

  private final Duration bound;
  private final TimestampAssigner<T> timestampAssigner;
  private final Duration idleness;

  private WatermarkStrategy(
      Duration bound, TimestampAssigner<T> timestampAssigner, Duration idleness) {
    this.bound = bound;
    this.timestampAssigner = timestampAssigner;
    this.idleness = idleness;
  }

  /** Watermarks that trail the largest timestamp seen by {@code maxOutOfOrderness} + 1 ms. */
  public static <T> WatermarkStrategy<T> forBoundedOutOfOrderness(Duration maxOutOfOrderness) {
    Objects.requireNonNull(maxOutOfOrderness, "maxOutOfOrderness");
    if (maxOutOfOrderness.isNegative()) {
      throw new IllegalArgumentException(
          "The out-of-orderness bound must not be negative, found " + maxOutOfOrderness);
    }
    return new WatermarkStrategy<>(maxOutOfOrderness, null, null);
  }

  /** Watermarks for timestamps that never go back: the largest timestamp seen − 1 ms. */
  public static <T> WatermarkStrategy<T> forMonotonousTimestamps() {
    return forBoundedOutOfOrderness(Duration.ZERO);
  }

  /** No watermarks: for pipelines that use processing time only. */
  public static <T> WatermarkStrategy<T> noWatermarks() {
    return new WatermarkStrategy<>(null, null, null);
  }

  /** Reads event time from the value instead of the Kafka record timestamp. */
  public WatermarkStrategy<T> withTimestampAssigner(TimestampAssigner<T> assigner) {
    return new WatermarkStrategy<>(bound, Objects.requireNonNull(assigner, "assigner"), idleness);
  }

  /**
   * Marks a partition idle after {@code timeout} without records, so it stops holding the
   * watermark back until records arrive again.
   */
  public WatermarkStrategy<T> withIdleness(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("The idleness timeout must be positive, found " + timeout);
    }
    return new WatermarkStrategy<>(bound, timestampAssigner, timeout);
  }

  /** The out-of-orderness bound; empty for {@link #noWatermarks()}. */
  public Optional<Duration> outOfOrderness() {
    return Optional.ofNullable(bound);
  }

  /** Null when the Kafka record timestamp is the event time. */
  public TimestampAssigner<T> timestampAssigner() {
    return timestampAssigner;
  }

  /** Empty when partitions never become idle. */
  public Optional<Duration> idleness() {
    return Optional.ofNullable(idleness);
  }
}
