package dev.weir.internal.runtime.metrics;

import dev.weir.internal.runtime.time.TaskTime;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

/**
 * The gauges of one task, tagged with its thread's tags and {@code task}. Registered when the task
 * is made (or starts restoring), removed when it closes. The processing thread publishes the
 * values; a registry reads them from any thread.
 */
final class TaskGauges {

  private final MeterRegistry registry;
  private final Tags tags;
  private final InstantSource clock;
  private final List<Meter> meters = new ArrayList<>();
  private volatile long watermark = TaskTime.NONE;
  private Sampled stateBytes;
  private Sampled restoreRemaining;

  TaskGauges(MeterRegistry registry, Tags tags, InstantSource clock) {
    this.registry = registry;
    this.tags = tags;
    this.clock = clock;
    meters.add(
        Gauge.builder(ThreadMetrics.WATERMARK, this, TaskGauges::watermarkValue)
            .description("The task's watermark, epoch ms; NaN before the first")
            .tags(tags)
            .strongReference(true)
            .register(registry));
    meters.add(
        Gauge.builder(ThreadMetrics.WATERMARK_LAG, this, TaskGauges::watermarkLag)
            .description("Wall clock minus the task's watermark, ms; NaN before the first")
            .tags(tags)
            .strongReference(true)
            .register(registry));
  }

  /** Called on the processing thread, once per cycle. */
  void watermark(long watermark) {
    if (watermark != this.watermark) {
      this.watermark = watermark;
    }
  }

  void stateBytes(long bytes) {
    if (stateBytes == null) {
      stateBytes =
          register(
              ThreadMetrics.STATE_SIZE, "Approximate bytes of the task's state on disk", "bytes");
    }
    stateBytes.set(bytes);
  }

  void restoreRemaining(long records) {
    if (restoreRemaining == null) {
      restoreRemaining =
          register(
              ThreadMetrics.RESTORE_REMAINING,
              "Changelog records still to replay into the task's state; 0 once restored",
              null);
    }
    restoreRemaining.set(records);
  }

  /** Removes every gauge of the task from the registry. */
  void remove() {
    meters.forEach(registry::remove);
    meters.clear();
  }

  private Sampled register(String name, String description, String unit) {
    Sampled value = new Sampled();
    meters.add(
        Gauge.builder(name, value, Sampled::get)
            .description(description)
            .baseUnit(unit)
            .tags(tags)
            .strongReference(true)
            .register(registry));
    return value;
  }

  private double watermarkValue() {
    long current = watermark;
    return current == TaskTime.NONE ? Double.NaN : current;
  }

  private double watermarkLag() {
    long current = watermark;
    return current == TaskTime.NONE ? Double.NaN : clock.millis() - current;
  }
}
