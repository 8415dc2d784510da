package dev.weir.internal.runtime.restore;

import dev.weir.api.StateException;
import dev.weir.internal.runtime.task.TaskId;
import dev.weir.internal.state.StoreBatch;
import dev.weir.internal.state.TaskStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fills stores from their changelog partitions, a bounded slice at a time, so the thread that owns
 * it keeps polling its input and processing its running tasks in between.
 *
 * <p>A store is read in one of two ways:
 *
 * <ul>
 *   <li>{@link #restore}: up to the changelog's end as it was when the restore began, for an active
 *       task that runs once it is done ({@link #read} returns it);
 *   <li>{@link #follow}: for ever, for a standby or warm-up copy that stays close to the task's
 *       owner.
 * </ul>
 *
 * Reading starts from the offset stored inside the store (the beginning for a new store), and
 * each batch is applied together with the offset it reaches, so no progress is lost when the
 * process dies. A store whose offset lies outside its changelog was written against another
 * changelog (the topic was deleted and made anew): it is wiped and read from the beginning.
 *
 * <p>One per processing thread, with its own consumer (no group, {@code read_committed}); used by
 * that thread only.
 */
public final class ChangelogReader {

  /** A restore that finished in {@link #read}: the task can run. */
  public record Restored(TaskId task, TaskStore store, long records) {}

  private static final Logger log = LoggerFactory.getLogger(ChangelogReader.class);
  private static final Duration STALL_LIMIT = Duration.ofMinutes(2);
  private static final Duration RESTORE_POLL = Duration.ofMillis(20);
  private static final Duration PROGRESS_LOG_INTERVAL = Duration.ofSeconds(10);

  private final Consumer<byte[], byte[]> consumer;
  private final RestoreProgress progress;
  private final Map<TaskId, Reading> readings = new TreeMap<>();
  private final Map<TopicPartition, Reading> byPartition = new HashMap<>();
  private long lastApplied;

  public ChangelogReader(Consumer<byte[], byte[]> consumer, RestoreProgress progress) {
    this.consumer = consumer;
    this.progress = progress;
  }

  /**
   * Starts restoring an active task's store up to the current end of its changelog.
   *
   * @param changelogTopics topic of each state, by state index
   */
  public void restore(TaskId task, TaskStore store, String[] changelogTopics) {
    start(task, store, changelogTopics, false);
  }

  /** Starts keeping a standby copy of a task's state up to date, until {@link #stop}. */
  public void follow(TaskId task, TaskStore store, String[] changelogTopics) {
    start(task, store, changelogTopics, true);
  }

  /**
   * Stops reading a task's changelog. The store stays open and is the caller's again.
   *
   * @return the store, or null when the task was not being read
   */
  public TaskStore stop(TaskId task) {
    Reading reading = readings.remove(task);
    if (reading == null) {
      return null;
    }
    reading.partitions.forEach(byPartition::remove);
    reassign();
    return reading.store;
  }

  /** Whether any task is read, restored or followed. */
  public boolean isEmpty() {
    return readings.isEmpty();
  }

  /** Whether an active task's restore is under way. */
  public boolean restoring() {
    for (Reading reading : readings.values()) {
      if (!reading.standby) {
        return true;
      }
    }
    return false;
  }

  /**
   * Changelog records a followed copy trails its changelog's end by, as of the last fetch; empty
   * until every one of its partitions has been fetched once.
   */
  public OptionalLong lag(TaskId task) {
    Reading reading = readings.get(task);
    if (reading == null) {
      return OptionalLong.empty();
    }
    long lag = 0;
    for (TopicPartition partition : reading.partitions) {
      OptionalLong current = consumer.currentLag(partition);
      if (current.isEmpty()) {
        return OptionalLong.empty();
      }
      lag += current.getAsLong();
    }
    return OptionalLong.of(lag);
  }

  /** Changelog records the last {@link #read} applied: more are likely waiting when not 0. */
  public long appliedInLastRead() {
    return lastApplied;
  }

  /**
   * Reads and applies changelog records for about {@code budget} (it stops early when a poll
   * brings nothing), and returns the restores that reached their end.
   *
   * @throws StateException when an active restore has made no progress for two minutes
   */
  public List<Restored> read(Duration budget) {
    List<Restored> done = new ArrayList<>();
    lastApplied = 0;
    if (readings.isEmpty()) {
      return done;
    }
    long deadline = System.nanoTime() + budget.toNanos();
    boolean more;
    do {
      ConsumerRecords<byte[], byte[]> records =
          consumer.poll(restoring() ? RESTORE_POLL : Duration.ZERO);
      more = !records.isEmpty();
      if (more) {
        apply(records);
        lastApplied += records.count();
      }
      finishRestores(done);
    } while (more && !readings.isEmpty() && System.nanoTime() - deadline < 0);
    recordFollowedPositions();
    return done;
  }

  private void start(TaskId task, TaskStore store, String[] changelogTopics, boolean standby) {
    if (readings.containsKey(task)) {
      throw new IllegalStateException("Task " + task + " is already read from its changelog");
    }
    Reading reading = new Reading(task, store, standby);
    for (int state = 0; state < changelogTopics.length; state++) {
      TopicPartition changelog = new TopicPartition(changelogTopics[state], task.partition());
      reading.stateOf.put(changelog, state);
      reading.partitions.add(changelog);
    }
    Map<TopicPartition, Long> begin = consumer.beginningOffsets(reading.partitions);
    Map<TopicPartition, Long> end = consumer.endOffsets(reading.partitions);
    if (outsideChangelog(reading, begin, end)) {
      store.wipe();
    }
    readings.put(task, reading);
    reading.partitions.forEach(partition -> byPartition.put(partition, reading));
    reassign();
    long behind = 0;
    for (TopicPartition changelog : reading.partitions) {
      OptionalLong stored = store.changelogOffset(reading.stateOf.get(changelog));
      long from = stored.isPresent() ? stored.getAsLong() : begin.get(changelog);
      reading.recorded.put(changelog, from);
      consumer.seek(changelog, from);
      behind += Math.max(0, end.get(changelog) - from);
      if (!standby && from < end.get(changelog)) {
        reading.target.put(changelog, end.get(changelog));
      }
    }
    if (!standby) {
      progress.remaining(task.toString(), behind);
    }
    log.info(
        "Task {}: {} its state from its changelog, {} records behind",
        task,
        standby ? "following" : "restoring",
        behind);
  }

  private void reassign() {
    consumer.assign(byPartition.keySet());
  }

  private void apply(ConsumerRecords<byte[], byte[]> records) {
    Map<Reading, StoreBatch> batches = new HashMap<>();
    try {
      for (TopicPartition changelog : records.partitions()) {
        Reading reading = byPartition.get(changelog);
        if (reading == null) {
          continue; // stopped while these records were on their way
        }
        StoreBatch batch = batches.computeIfAbsent(reading, r -> r.store.newBatch());
        int state = reading.stateOf.get(changelog);
        long next = -1;
        for (ConsumerRecord<byte[], byte[]> record : records.records(changelog)) {
          if (record.value() == null) {
            batch.delete(state, record.key());
          } else {
            batch.put(state, record.key(), record.value());
          }
          next = record.offset() + 1;
          reading.applied++;
        }
        if (next >= 0) {
          batch.changelogOffset(state, next);
          reading.recorded.put(changelog, next);
          reading.lastProgress = System.nanoTime();
        }
      }
      batches.forEach((reading, batch) -> reading.store.apply(batch));
    } finally {
      batches.values().forEach(StoreBatch::close);
    }
  }

  private void finishRestores(List<Restored> done) {
    for (Reading reading : List.copyOf(readings.values())) {
      if (reading.standby) {
        continue;
      }
      for (TopicPartition changelog : List.copyOf(reading.target.keySet())) {
        long position = consumer.position(changelog);
        if (position >= reading.target.get(changelog)) {
          // Record the position, not the last record: it skips the transaction markers after it.
          recordPosition(reading, changelog, position);
          reading.target.remove(changelog);
        }
      }
      if (reading.target.isEmpty()) {
        stop(reading.task);
        progress.remaining(reading.task.toString(), 0);
        log.info(
            "Task {} restored {} changelog records in {} ms",
            reading.task,
            reading.applied,
            (System.nanoTime() - reading.started) / 1_000_000);
        done.add(new Restored(reading.task, reading.store, reading.applied));
      } else {
        long left = reading.left(consumer);
        progress.remaining(reading.task.toString(), left);
        if (System.nanoTime() - reading.lastLog > PROGRESS_LOG_INTERVAL.toNanos()) {
          reading.lastLog = System.nanoTime();
          log.info(
              "Task {}: restored {} changelog records so far, {} to go",
              reading.task,
              reading.applied,
              left);
        }
        if (System.nanoTime() - reading.lastProgress > STALL_LIMIT.toNanos()) {
          throw new StateException(
              "Restoring task "
                  + reading.task
                  + " made no progress for "
                  + STALL_LIMIT.toSeconds()
                  + " s; still to restore up to: "
                  + reading.target);
        }
      }
    }
  }

  /**
   * A followed copy that read up to the end has a position past its last record (the commit
   * marker): recording it keeps the lag it reports after a restart honest.
   */
  private void recordFollowedPositions() {
    for (Reading reading : readings.values()) {
      if (!reading.standby) {
        continue;
      }
      for (TopicPartition changelog : reading.partitions) {
        long position = consumer.position(changelog);
        if (position > reading.recorded.get(changelog)) {
          recordPosition(reading, changelog, position);
        }
      }
    }
  }

  private static void recordPosition(Reading reading, TopicPartition changelog, long position) {
    try (StoreBatch batch = reading.store.newBatch()) {
      batch.changelogOffset(reading.stateOf.get(changelog), position);
      reading.store.apply(batch);
    }
    reading.recorded.put(changelog, position);
  }

  private static boolean outsideChangelog(
      Reading reading, Map<TopicPartition, Long> begin, Map<TopicPartition, Long> end) {
    for (TopicPartition changelog : reading.partitions) {
      OptionalLong stored = reading.store.changelogOffset(reading.stateOf.get(changelog));
      if (stored.isPresent()
          && (stored.getAsLong() > end.get(changelog)
              || stored.getAsLong() < begin.get(changelog))) {
        log.warn(
            "Task {}: local state is at offset {} of {}, outside the changelog's [{}, {}];"
                + " wiping it and reading the whole changelog",
            reading.task,
            stored.getAsLong(),
            changelog,
            begin.get(changelog),
            end.get(changelog));
        return true;
      }
    }
    return false;
  }

  /** One store being filled. */
  private static final class Reading {
    final TaskId task;
    final TaskStore store;
    final boolean standby;
    final List<TopicPartition> partitions = new ArrayList<>();
    final Map<TopicPartition, Integer> stateOf = new HashMap<>();
    /** Active restores: the end offset each partition not yet restored must reach. */
    final Map<TopicPartition, Long> target = new HashMap<>();
    /** The offset last written into the store, per partition. */
    final Map<TopicPartition, Long> recorded = new HashMap<>();
    final long started = System.nanoTime();
    long lastProgress = started;
    long lastLog = started;
    long applied;

    Reading(TaskId task, TaskStore store, boolean standby) {
      this.task = task;
      this.store = store;
      this.standby = standby;
    }

    /** Records still to replay: target minus position, so transaction markers count too. */
    long left(Consumer<byte[], byte[]> consumer) {
      long left = 0;
      for (Map.Entry<TopicPartition, Long> entry : target.entrySet()) {
        left += Math.max(0, entry.getValue() - consumer.position(entry.getKey()));
      }
      return left;
    }
  }
}
