package dev.weir.internal.runtime.restore;

import dev.weir.api.StateException;
import dev.weir.internal.state.StoreBatch;
import dev.weir.internal.state.TaskStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays a task's changelog partitions into its store, from the offset stored inside the store
 * (or the beginning, for a new store) to the end of what is committed. Each polled batch is
 * applied together with the offset it reaches, so a crash during restore loses no progress.
 *
 * <p>It reports the records still to replay to a {@link RestoreProgress} as it goes.
 *
 * <p>One per processing thread, with its own consumer (no group, {@code read_committed}); called
 * on that thread.
 */
public final class Restorer implements StateRestorer {

  private static final Logger log = LoggerFactory.getLogger(Restorer.class);
  private static final Duration POLL = Duration.ofMillis(100);
  private static final Duration STALL_LIMIT = Duration.ofMinutes(2);

  private final Consumer<byte[], byte[]> consumer;
  private final RestoreProgress progress;

  public Restorer(Consumer<byte[], byte[]> consumer, RestoreProgress progress) {
    this.consumer = consumer;
    this.progress = progress;
  }

  /**
   * Restores every state of a store.
   *
   * @param changelogTopics topic of each state, by state index
   * @param partition the task's partition number
   * @return changelog records applied
   */
  @Override
  public long restore(TaskStore store, String[] changelogTopics, int partition, String task) {
    if (changelogTopics.length == 0) {
      return 0;
    }
    long started = System.nanoTime();
    Map<TopicPartition, Integer> stateOf = new HashMap<>();
    List<TopicPartition> partitions = new ArrayList<>();
    for (int state = 0; state < changelogTopics.length; state++) {
      TopicPartition changelog = new TopicPartition(changelogTopics[state], partition);
      stateOf.put(changelog, state);
      partitions.add(changelog);
    }
    consumer.assign(partitions);
    Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
    Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
    if (needsWipe(store, partitions, stateOf, begin, end, task)) {
      store.wipe();
    }
    Map<TopicPartition, Long> remaining = new HashMap<>();
    for (TopicPartition changelog : partitions) {
      OptionalLong stored = store.changelogOffset(stateOf.get(changelog));
      long from = stored.isPresent() ? stored.getAsLong() : begin.get(changelog);
      if (from < end.get(changelog)) {
        consumer.seek(changelog, from);
        remaining.put(changelog, end.get(changelog));
      }
    }
    consumer.pause(partitions);
    consumer.resume(remaining.keySet());
    long applied = 0;
    long lastProgress = System.nanoTime();
    progress.remaining(task, recordsLeft(remaining));
    while (!remaining.isEmpty()) {
      ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
      if (!records.isEmpty()) {
        applied += apply(store, records, stateOf);
        lastProgress = System.nanoTime();
      }
      for (TopicPartition changelog : List.copyOf(remaining.keySet())) {
        long position = consumer.position(changelog);
        if (position >= remaining.get(changelog)) {
          // Record the position, not the last record: it skips the transaction markers after it.
          try (StoreBatch batch = store.newBatch()) {
            batch.changelogOffset(stateOf.get(changelog), position);
            store.apply(batch);
          }
          remaining.remove(changelog);
          consumer.pause(List.of(changelog));
        }
      }
      progress.remaining(task, recordsLeft(remaining));
      if (System.nanoTime() - lastProgress > STALL_LIMIT.toNanos()) {
        throw new StateException(
            "Restoring task " + task + " made no progress for " + STALL_LIMIT.toSeconds()
                + " s; still to restore: " + remaining);
      }
    }
    consumer.assign(List.of());
    log.info(
        "Task {} restored {} changelog records in {} ms",
        task,
        applied,
        (System.nanoTime() - started) / 1_000_000);
    return applied;
  }

  /** End minus position over the changelog partitions not restored yet. */
  private long recordsLeft(Map<TopicPartition, Long> remaining) {
    long left = 0;
    for (Map.Entry<TopicPartition, Long> entry : remaining.entrySet()) {
      left += Math.max(0, entry.getValue() - consumer.position(entry.getKey()));
    }
    return left;
  }

  /**
   * A store whose offset lies outside the changelog was written against another changelog (the
   * topic was deleted and made anew, or its head was deleted): its content cannot be trusted.
   */
  private static boolean needsWipe(
      TaskStore store,
      List<TopicPartition> partitions,
      Map<TopicPartition, Integer> stateOf,
      Map<TopicPartition, Long> begin,
      Map<TopicPartition, Long> end,
      String task) {
    for (TopicPartition changelog : partitions) {
      OptionalLong stored = store.changelogOffset(stateOf.get(changelog));
      if (stored.isPresent()
          && (stored.getAsLong() > end.get(changelog)
              || stored.getAsLong() < begin.get(changelog))) {
        log.warn(
            "Task {}: local state is at offset {} of {}, outside the changelog's [{}, {}];"
                + " wiping it and restoring the whole changelog",
            task,
            stored.getAsLong(),
            changelog,
            begin.get(changelog),
            end.get(changelog));
        return true;
      }
    }
    return false;
  }

  private static long apply(
      TaskStore store,
      ConsumerRecords<byte[], byte[]> records,
      Map<TopicPartition, Integer> stateOf) {
    long applied = 0;
    try (StoreBatch batch = store.newBatch()) {
      for (TopicPartition changelog : records.partitions()) {
        int state = stateOf.get(changelog);
        long next = -1;
        for (ConsumerRecord<byte[], byte[]> record : records.records(changelog)) {
          if (record.value() == null) {
            batch.delete(state, record.key());
          } else {
            batch.put(state, record.key(), record.value());
          }
          next = record.offset() + 1;
          applied++;
        }
        if (next >= 0) {
          batch.changelogOffset(state, next);
        }
      }
      store.apply(batch);
    }
    return applied;
  }
}
