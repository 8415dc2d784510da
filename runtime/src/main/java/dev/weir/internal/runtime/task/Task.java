package dev.weir.internal.runtime.task;

import dev.weir.internal.runtime.errors.RecordErrorHandler;
import dev.weir.internal.runtime.errors.RecordProcessingException;
import dev.weir.internal.runtime.operators.InputOperator;
import dev.weir.internal.runtime.operators.Operator;
import dev.weir.internal.state.TaskStore;
import dev.weir.internal.state.WriteCache;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One stage on one partition: its operators, its store and write cache, and the input positions
 * it has processed up to. Owned and used by one processing thread.
 *
 * <p>Between commits its state writes wait in the write cache. At commit the thread asks it to
 * send them to the changelog ({@link #sendChangelog}), commits, then tells it the commit went
 * through ({@link #committed}) or did not ({@link #discardUncommitted}).
 */
public final class Task {

  private static final Logger log = LoggerFactory.getLogger(Task.class);

  private final TaskId id;
  private final Map<String, InputOperator> inputs;
  private final List<TopicPartition> partitions;
  private final TaskStore store;
  private final WriteCache cache;
  private final String[] changelogTopics;
  private final Future<RecordMetadata>[] lastChangelogSends;
  private final RecordBuffer buffer;
  private final Map<TopicPartition, Long> nextOffsets = new HashMap<>();
  private final long restoredRecords;
  private boolean uncommitted;

  @SuppressWarnings("unchecked")
  Task(
      TaskId id,
      Map<String, InputOperator> inputs,
      List<TopicPartition> partitions,
      TaskStore store,
      WriteCache cache,
      String[] changelogTopics,
      RecordBuffer buffer,
      long restoredRecords) {
    this.id = id;
    this.inputs = inputs;
    this.partitions = List.copyOf(partitions);
    this.store = store;
    this.cache = cache;
    this.changelogTopics = changelogTopics;
    this.lastChangelogSends = new Future[changelogTopics.length];
    this.buffer = buffer;
    this.restoredRecords = restoredRecords;
  }

  public TaskId id() {
    return id;
  }

  /** The input partitions of the task. */
  public List<TopicPartition> partitions() {
    return partitions;
  }

  /** Changelog records replayed into the store when the task was created. */
  public long restoredRecords() {
    return restoredRecords;
  }

  /**
   * Processes one input record: through the operators, or, when it fails, through the error
   * handler after its state writes and output are undone.
   */
  public void process(ConsumerRecord<byte[], byte[]> record, RecordErrorHandler errors) {
    InputOperator input = inputs.get(record.topic());
    if (cache != null) {
      cache.beginRecord();
    }
    try {
      input.process(record);
      if (cache != null) {
        cache.commitRecord();
      }
      buffer.release();
    } catch (RecordProcessingException failure) {
      if (cache != null) {
        cache.rollbackRecord();
      }
      buffer.discard();
      errors.handle(record, id.toString(), failure);
    }
    nextOffsets.put(partitionOf(record), record.offset() + 1);
    uncommitted = true;
  }

  private TopicPartition partitionOf(ConsumerRecord<?, ?> record) {
    for (int i = 0; i < partitions.size(); i++) {
      TopicPartition partition = partitions.get(i);
      if (partition.partition() == record.partition() && partition.topic().equals(record.topic())) {
        return partition;
      }
    }
    throw new IllegalStateException("Task " + id + " does not read " + record.topic());
  }

  /** True when records were processed since the last commit. */
  public boolean hasUncommitted() {
    return uncommitted;
  }

  /** Approximate heap bytes of state writes waiting for the next commit. */
  public long pendingBytes() {
    return cache == null ? 0 : cache.pendingBytes();
  }

  /** Sends the pending state writes to the changelog topics (commit step 1). */
  public void sendChangelog(Function<ProducerRecord<byte[], byte[]>, Future<RecordMetadata>> sender) {
    if (cache == null) {
      return;
    }
    int partition = id.partition();
    cache.forEachPending(
        (state, key, value) ->
            lastChangelogSends[state] =
                sender.apply(
                    new ProducerRecord<>(changelogTopics[state], partition, key, value)));
  }

  /** The positions to commit for the input partitions (commit step 2). */
  public Map<TopicPartition, OffsetAndMetadata> offsetsToCommit() {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    nextOffsets.forEach((partition, offset) -> offsets.put(partition, new OffsetAndMetadata(offset)));
    return offsets;
  }

  /**
   * The commit went through (commit step 4): applies the pending state writes to the store,
   * together with the changelog offsets they reach, in one atomic batch.
   */
  public void committed() {
    if (cache != null) {
      long[] next = new long[changelogTopics.length];
      Arrays.fill(next, -1);
      for (int state = 0; state < next.length; state++) {
        Future<RecordMetadata> send = lastChangelogSends[state];
        if (send != null) {
          next[state] = offsetOf(send) + 1;
          lastChangelogSends[state] = null;
        }
      }
      cache.applyToStore(next);
    }
    nextOffsets.clear();
    uncommitted = false;
  }

  /** The commit failed or was abandoned: drops every pending write. The store stays as committed. */
  public void discardUncommitted() {
    if (cache != null) {
      cache.discard();
    }
    Arrays.fill(lastChangelogSends, null);
    nextOffsets.clear();
    uncommitted = false;
  }

  /** Closes the operators and the store. Pending writes must have been committed or discarded. */
  public void close() {
    List<RuntimeException> failures = new ArrayList<>();
    for (InputOperator input : new java.util.LinkedHashSet<>(inputs.values())) {
      try {
        input.close();
      } catch (RuntimeException e) {
        failures.add(e);
      }
    }
    if (store != null) {
      store.close();
    }
    failures.forEach(e -> log.warn("Closing task {} failed", id, e));
  }

  private long offsetOf(Future<RecordMetadata> send) {
    try {
      return send.get().offset();
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "A changelog write of task " + id + " failed although its commit succeeded", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while reading changelog offsets", e);
    }
  }

  /** Operators of the task, for tests and descriptions. */
  List<Operator> roots() {
    return List.copyOf(inputs.values());
  }

  @Override
  public String toString() {
    return "task " + id;
  }
}
