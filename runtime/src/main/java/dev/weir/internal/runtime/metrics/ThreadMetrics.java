package dev.weir.internal.runtime.metrics;

import dev.weir.internal.runtime.task.Task;
import dev.weir.internal.runtime.task.TaskId;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The meters of one processing thread, and the gauges of the tasks and input partitions it holds.
 *
 * <p>The names below are a contract (dashboards use them): do not rename. Every meter is tagged
 * {@code application}, {@code instance} and {@code thread}; task gauges add {@code task},
 * operator counters {@code operator}, lag gauges {@code topic} and {@code partition}.
 *
 * <p>Counters and timers live as long as the registry. Gauges read state that goes away, so they
 * go with it: a task's when it closes ({@link #taskClosed}), a partition's lag when the partition
 * is no longer assigned, all of them when the thread ends ({@link #close}).
 *
 * <p>Used by its processing thread only. Gauges read values that thread publishes through volatile
 * fields, so a registry may read them from any thread. Nothing here runs per record: the thread
 * reports per poll batch and per duty cycle, and the costly samples (consumer lag, state size on
 * disk) are taken at most every {@link #LAG_INTERVAL} and {@link #STATE_SIZE_INTERVAL}.
 */
public final class ThreadMetrics implements AutoCloseable {

  public static final String RECORDS_CONSUMED = "weir.records.consumed";
  public static final String RECORDS_PROCESSED = "weir.records.processed";
  public static final String RECORDS_PRODUCED = "weir.records.produced";
  public static final String RECORDS_SKIPPED = "weir.records.skipped";
  public static final String RECORDS_DEAD_LETTERED = "weir.records.dead-lettered";
  public static final String PROCESS_LATENCY = "weir.process.latency";
  public static final String COMMITS = "weir.commits";
  public static final String COMMIT_LATENCY = "weir.commit.latency";
  public static final String COMMIT_FAILURES = "weir.commit.failures";
  public static final String TRANSACTIONS_ABORTED = "weir.transactions.aborted";
  public static final String CONSUMER_LAG = "weir.consumer.lag";
  public static final String WATERMARK = "weir.watermark";
  public static final String WATERMARK_LAG = "weir.watermark.lag";
  public static final String RESTORE_RECORDS = "weir.restore.records";
  public static final String RESTORE_REMAINING = "weir.restore.records.remaining";
  public static final String STATE_SIZE = "weir.state.size.bytes";
  public static final String STANDBY_LAG = "weir.standby.lag";
  public static final String REBALANCES = "weir.rebalances";
  public static final String REBALANCE_TIME = "weir.rebalance.time";

  /** How often the consumer lag gauges are refreshed, at most. */
  public static final Duration LAG_INTERVAL = Duration.ofSeconds(2);

  /** How often each task's state size is read from its store, at most. */
  public static final Duration STATE_SIZE_INTERVAL = Duration.ofSeconds(10);

  private static final Logger log = LoggerFactory.getLogger(ThreadMetrics.class);

  private final MeterRegistry registry;
  private final Tags tags;
  private final InstantSource clock;
  private final Counter consumed;
  private final Counter processed;
  private final Counter produced;
  private final Timer processLatency;
  private final Counter commits;
  private final Timer commitLatency;
  private final Counter commitFailures;
  private final Counter transactionsAborted;
  private final Counter restored;
  private final Counter skipped;
  private final Counter deadLettered;
  private final Counter rebalances;
  private final Timer rebalanceTime;
  private final Map<TaskId, TaskGauges> tasks = new HashMap<>();
  private final Map<TaskId, Lag> standbyLags = new HashMap<>();
  private final Map<TopicPartition, Lag> lags = new HashMap<>();
  private long producedSoFar;
  private long rebalanceStarted;
  private boolean inRebalance;
  private long nextLagSample = System.nanoTime();
  private long nextSizeSample = System.nanoTime();
  private boolean sizeWarned;

  /**
   * Registers the thread's counters and timers.
   *
   * @param clock the wall clock that watermark lag is measured against
   */
  public ThreadMetrics(
      MeterRegistry registry,
      String application,
      String instance,
      String thread,
      InstantSource clock) {
    this.registry = registry;
    this.tags = Tags.of("application", application, "instance", instance, "thread", thread);
    this.clock = clock;
    consumed = counter(RECORDS_CONSUMED, "Records polled from the input topics");
    processed = counter(RECORDS_PROCESSED, "Records handed to a task's operators");
    produced =
        counter(
            RECORDS_PRODUCED,
            "Records written to output and repartition topics (not changelogs, not dead letters)");
    processLatency =
        Timer.builder(PROCESS_LATENCY)
            .description("Processing time per record, averaged over each poll batch")
            .publishPercentiles(0.5, 0.99)
            .tags(tags)
            .register(registry);
    commits = counter(COMMITS, "Commits that went through");
    commitLatency =
        Timer.builder(COMMIT_LATENCY)
            .description("Time to commit the thread's tasks")
            .tags(tags)
            .register(registry);
    commitFailures = counter(COMMIT_FAILURES, "Commits that failed (the thread rewinds)");
    transactionsAborted = counter(TRANSACTIONS_ABORTED, "Transactions aborted (exactly-once)");
    restored = counter(RESTORE_RECORDS, "Changelog records replayed into local state");
    skipped = counter(RECORDS_SKIPPED, "Failed records skipped by errors.handler=skip");
    deadLettered =
        counter(RECORDS_DEAD_LETTERED, "Failed records written to the dead-letter topic");
    rebalances = counter(REBALANCES, "Rebalances this thread went through");
    rebalanceTime =
        Timer.builder(REBALANCE_TIME)
            .description(
                "From the first rebalance callback to the end of the assignment, restores included")
            .tags(tags)
            .register(registry);
  }

  private Counter counter(String name, String description) {
    return Counter.builder(name).description(description).tags(tags).register(registry);
  }

  public Timer commitLatency() {
    return commitLatency;
  }

  public Counter commits() {
    return commits;
  }

  public Counter commitFailures() {
    return commitFailures;
  }

  public Counter transactionsAborted() {
    return transactionsAborted;
  }

  public Counter skipped() {
    return skipped;
  }

  public Counter deadLettered() {
    return deadLettered;
  }

  /** Told how many changelog records each restore applied. */
  public void restored(long records) {
    restored.increment(records);
  }

  /** The counter {@code weir.<metric>} of an operator, e.g. {@code late.records.dropped}. */
  public Counter operatorCounter(String operator, String metric) {
    return Counter.builder("weir." + metric)
        .tags(tags)
        .tag("operator", operator)
        .register(registry);
  }

  /**
   * After a poll batch was processed.
   *
   * @param polled records the poll returned
   * @param processed records handed to a task (the others belonged to revoked partitions)
   * @param nanos time spent processing the batch
   */
  public void batchProcessed(int polled, int processed, long nanos) {
    consumed.increment(polled);
    if (processed > 0) {
      this.processed.increment(processed);
      processLatency.record(nanos / processed, TimeUnit.NANOSECONDS);
    }
  }

  /**
   * Once per duty cycle, after processing and timers: publishes the watermarks, counts the output,
   * and refreshes consumer lag and state sizes when due.
   *
   * @param producedSoFar output records the thread has sent since it started
   */
  public void afterCycle(Collection<Task> running, Consumer<?, ?> consumer, long producedSoFar) {
    if (producedSoFar > this.producedSoFar) {
      produced.increment(producedSoFar - this.producedSoFar);
      this.producedSoFar = producedSoFar;
    }
    for (Task task : running) {
      gaugesOf(task.id()).watermark(task.watermark());
    }
    long now = System.nanoTime();
    if (now - nextLagSample >= 0) {
      nextLagSample = now + LAG_INTERVAL.toNanos();
      sampleLag(consumer);
    }
    if (now - nextSizeSample >= 0) {
      nextSizeSample = now + STATE_SIZE_INTERVAL.toNanos();
      for (Task task : running) {
        sampleStateSize(task);
      }
    }
  }

  /** Reported by the restorer: changelog records of {@code task} still to replay. */
  public void restoring(TaskId task, long remaining) {
    gaugesOf(task).restoreRemaining(remaining);
  }

  /** A task was made (after its restore): registers its gauges and samples its state size. */
  public void taskCreated(Task task) {
    gaugesOf(task.id()).watermark(task.watermark());
    sampleStateSize(task);
  }

  /** A task closed: its gauges go. */
  public void taskClosed(TaskId task) {
    TaskGauges gauges = tasks.remove(task);
    if (gauges != null) {
      gauges.remove();
    }
  }

  /**
   * How far a standby or warm-up copy of {@code task} trails its changelog, as of its last fetch;
   * empty when not known yet.
   */
  public void standbyLag(TaskId task, OptionalLong records) {
    Lag lag =
        standbyLags.computeIfAbsent(
            task,
            id ->
                new Lag(
                    STANDBY_LAG,
                    "Changelog records a standby or warm-up copy of the task's state trails by",
                    Tags.of("task", id.toString())));
    lag.value.set(records.isPresent() ? records.getAsLong() : Double.NaN);
  }

  /** A standby or warm-up copy closed (or became the active task): its lag gauge goes. */
  public void standbyClosed(TaskId task) {
    Lag lag = standbyLags.remove(task);
    if (lag != null) {
      registry.remove(lag.gauge);
    }
  }

  /** A rebalance callback ran; the first one of a rebalance starts its clock. */
  public void rebalanceStarted() {
    if (!inRebalance) {
      inRebalance = true;
      rebalanceStarted = System.nanoTime();
    }
  }

  /** The assignment is complete (its tasks made and restored). */
  public void rebalanceFinished() {
    if (!inRebalance) {
      rebalanceStarted();
    }
    inRebalance = false;
    rebalances.increment();
    rebalanceTime.record(System.nanoTime() - rebalanceStarted, TimeUnit.NANOSECONDS);
  }

  /** Partitions left the thread: their lag gauges go. */
  public void partitionsRevoked(Collection<TopicPartition> partitions) {
    for (TopicPartition partition : partitions) {
      Lag lag = lags.remove(partition);
      if (lag != null) {
        registry.remove(lag.gauge);
      }
    }
  }

  /** Removes every gauge this thread registered. Called when the thread ends. */
  @Override
  public void close() {
    tasks.values().forEach(TaskGauges::remove);
    tasks.clear();
    lags.values().forEach(lag -> registry.remove(lag.gauge));
    lags.clear();
    standbyLags.values().forEach(lag -> registry.remove(lag.gauge));
    standbyLags.clear();
  }

  private TaskGauges gaugesOf(TaskId task) {
    TaskGauges gauges = tasks.get(task);
    if (gauges == null) {
      gauges = new TaskGauges(registry, tags.and("task", task.toString()), clock);
      tasks.put(task, gauges);
    }
    return gauges;
  }

  private void sampleStateSize(Task task) {
    if (!task.hasState()) {
      return;
    }
    try {
      gaugesOf(task.id()).stateBytes(task.approximateStateBytes());
    } catch (RuntimeException e) {
      // A gauge must not stop processing; a failing store shows up soon enough elsewhere.
      if (!sizeWarned) {
        sizeWarned = true;
        log.warn("Could not read the state size of task {}: {}", task.id(), e.toString());
      }
    }
  }

  /** The consumer's own view of each partition's lag (from its last fetch): no broker call. */
  private void sampleLag(Consumer<?, ?> consumer) {
    Set<TopicPartition> assigned = consumer.assignment();
    for (Iterator<Map.Entry<TopicPartition, Lag>> it = lags.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<TopicPartition, Lag> entry = it.next();
      if (!assigned.contains(entry.getKey())) {
        registry.remove(entry.getValue().gauge);
        it.remove();
      }
    }
    for (TopicPartition partition : assigned) {
      Lag lag = lags.get(partition);
      if (lag == null) {
        lag =
            new Lag(
                CONSUMER_LAG,
                "Records of the partition not consumed yet, as of the last fetch",
                Tags.of(
                    "topic",
                    partition.topic(),
                    "partition",
                    Integer.toString(partition.partition())));
        lags.put(partition, lag);
      }
      OptionalLong current = consumer.currentLag(partition);
      lag.value.set(current.isPresent() ? current.getAsLong() : Double.NaN);
    }
  }

  /** A lag gauge: of an input partition, or of a standby copy. */
  private final class Lag {
    final Sampled value = new Sampled();
    final Gauge gauge;

    Lag(String name, String description, Tags extraTags) {
      gauge =
          Gauge.builder(name, value, Sampled::get)
              .description(description)
              .tags(tags)
              .tags(extraTags)
              .strongReference(true)
              .register(registry);
    }
  }
}
