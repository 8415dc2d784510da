package dev.weir.internal.runtime.task;

import dev.weir.api.time.TimeDomain;
import dev.weir.internal.runtime.errors.RecordErrorHandler;
import dev.weir.internal.runtime.errors.RecordProcessingException;
import dev.weir.internal.runtime.operators.InputOperator;
import dev.weir.internal.runtime.operators.ProcessOperator;
import dev.weir.internal.runtime.operators.RecordContext;
import dev.weir.internal.runtime.state.Ttl;
import dev.weir.internal.runtime.time.TaskTime;
import dev.weir.internal.runtime.time.Timers;
import dev.weir.internal.state.KeyValueIterator;
import dev.weir.internal.state.StateKeys;
import dev.weir.internal.state.TaskStore;
import dev.weir.internal.state.WriteCache;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One stage on one partition: its operators, its store and write cache, its event time, and the
 * input positions it has processed up to. Owned and used by one processing thread.
 *
 * <p>Between commits its state writes wait in the write cache. At commit the thread asks it to
 * send them to the changelog and its watermark to the repartition topics it writes
 * ({@link #sendChangelog}), commits, then tells it the commit went through ({@link #committed})
 * or did not ({@link #discardUncommitted}).
 */
public final class Task {

  private static final Logger log = LoggerFactory.getLogger(Task.class);
  private static final String WATERMARK_METADATA = "weir.wm=";
  private static final int TIMER_ROUND = 1000;
  /** Expired state entries deleted per state per cycle, at most: cleanup never stalls a cycle. */
  private static final int TTL_CLEANUP_BUDGET = 100;

  /** The parts a task is made of; built by {@link TaskFactory}. */
  record Parts(
      TaskId id,
      InputOperator input,
      List<TopicPartition> partitions,
      TaskStore store,
      WriteCache cache,
      String[] changelogTopics,
      RecordBuffer buffer,
      RecordContext context,
      TaskTime time,
      List<ProcessOperator> processors,
      List<Ttl> ttls,
      List<StateTimers> stateTimers,
      Deserializer<Object> keyDeserializer,
      Map<String, Integer> repartitionOutputs,
      long restoredRecords) {}

  /**
   * A process operator whose timers follow from its state ({@link
   * dev.weir.internal.functions.TimersFromState}): state {@code timers} keeps them, in the store
   * only; state {@code keys} has entries for every key with timers.
   */
  record StateTimers(ProcessOperator operator, int timers, int keys) {}

  private final Parts parts;
  private final TaskId id;
  private final Future<RecordMetadata>[] lastChangelogSends;
  /** Per state index: kept in the store only, never sent to the changelog. */
  private final boolean[] storeOnly;
  private final Map<TopicPartition, Long> nextOffsets = new HashMap<>();
  private boolean uncommitted;
  private long sentWatermark = TaskTime.NONE;
  private long sendingWatermark = TaskTime.NONE;

  @SuppressWarnings("unchecked")
  Task(Parts parts) {
    this.parts = parts;
    this.id = parts.id();
    this.lastChangelogSends = new Future[parts.changelogTopics().length];
    this.storeOnly = new boolean[parts.changelogTopics().length];
    for (StateTimers timers : parts.stateTimers()) {
      storeOnly[timers.timers()] = true;
    }
  }

  /**
   * Registers again, from their state, the timers of the operators that keep them out of the
   * changelog. The store's own may be stale (a crash lost writes the changelog has) or missing (the
   * store was restored from the changelog, or followed it as a standby copy), so they are dropped
   * first. Called once, before the first record; the writes go with the next commit.
   */
  void restoreTimers() {
    for (StateTimers timers : parts.stateTimers()) {
      timers.operator().timers().clear();
      for (byte[] key : keysWithEntries(timers.keys())) {
        parts.context().set(parts.keyDeserializer().deserialize(null, key), key, TaskTime.NONE);
        timers.operator().restoreTimers();
      }
    }
  }

  /** The keys with entries in a state of composite keys ({@link StateKeys}), each once. */
  private List<byte[]> keysWithEntries(int state) {
    List<byte[]> keys = new ArrayList<>();
    byte[] last = null;
    try (KeyValueIterator iterator = parts.cache().prefixScan(state, new byte[0])) {
      while (iterator.next()) {
        byte[] key = StateKeys.keyOf(iterator.key());
        // A key's entries are adjacent: composite keys start with the key's length and bytes.
        if (last == null || !Arrays.equals(key, last)) {
          keys.add(key);
          last = key;
        }
      }
    }
    return keys;
  }

  public TaskId id() {
    return id;
  }

  /** The input partitions of the task. */
  public List<TopicPartition> partitions() {
    return parts.partitions();
  }

  /** Changelog records replayed into the store when the task was created. */
  public long restoredRecords() {
    return parts.restoredRecords();
  }

  /** Whether the task has local state (a store). */
  public boolean hasState() {
    return parts.store() != null;
  }

  /** How far the task's store has read its changelogs: see {@link TaskStore#changelogOffsetSum}. */
  public long changelogOffsetSum() {
    return parts.store() == null
        ? 0
        : parts.store().changelogOffsetSum(parts.changelogTopics().length);
  }

  /**
   * Approximate bytes of the task's store on disk (for RocksDB, SST files and memtables); 0 without
   * state. Reads store properties: call it on the task's thread, and not per record.
   */
  public long approximateStateBytes() {
    return parts.store() == null ? 0 : parts.store().approximateSizeBytes();
  }

  /** The task's watermark, in epoch ms; {@link TaskTime#NONE} before the first. */
  public long watermark() {
    return parts.time().watermark();
  }

  /**
   * Processes one input record: through the operators, or, when it fails, through the error
   * handler after its state writes and output are undone.
   */
  public void process(ConsumerRecord<byte[], byte[]> record, RecordErrorHandler errors) {
    int index = indexOf(record);
    WriteCache cache = parts.cache();
    if (cache != null) {
      cache.beginRecord();
    }
    try {
      parts.input().process(record, index);
      if (cache != null) {
        cache.commitRecord();
      }
      parts.buffer().release();
    } catch (RecordProcessingException failure) {
      if (cache != null) {
        cache.rollbackRecord();
      }
      parts.buffer().discard();
      errors.handle(record, id.toString(), failure);
    }
    nextOffsets.put(parts.partitions().get(index), record.offset() + 1);
    uncommitted = true;
  }

  private int indexOf(ConsumerRecord<?, ?> record) {
    List<TopicPartition> partitions = parts.partitions();
    for (int i = 0; i < partitions.size(); i++) {
      TopicPartition partition = partitions.get(i);
      if (partition.partition() == record.partition() && partition.topic().equals(record.topic())) {
        return i;
      }
    }
    throw new IllegalStateException("Task " + id + " does not read " + record.topic());
  }

  /**
   * Moves the task's time forward: recomputes its watermark, then fires the event-time timers it
   * passed and the processing-time timers due at {@code now}.
   */
  public void advanceTime(long now, RecordErrorHandler errors) {
    long watermark = parts.time().advance();
    for (Ttl ttl : parts.ttls()) {
      if (ttl.cleanUp(TTL_CLEANUP_BUDGET) > 0) {
        uncommitted = true;
      }
    }
    if (parts.processors().isEmpty()) {
      return;
    }
    for (ProcessOperator processor : parts.processors()) {
      fireDue(processor, TimeDomain.EVENT_TIME, watermark, errors);
      fireDue(processor, TimeDomain.PROCESSING_TIME, now, errors);
    }
  }

  private void fireDue(
      ProcessOperator processor, TimeDomain domain, long upTo, RecordErrorHandler errors) {
    if (upTo == TaskTime.NONE) {
      return;
    }
    // In rounds, so that timers registered by onTimer for times already passed fire too.
    Consumer<Timers.Due> fire = timer -> fire(processor, domain, timer, errors);
    if (processor.timers().fireDue(domain, upTo, TIMER_ROUND, fire) > 0) {
      uncommitted = true;
    }
  }

  private void fire(
      ProcessOperator processor, TimeDomain domain, Timers.Due timer, RecordErrorHandler errors) {
    WriteCache cache = parts.cache();
    cache.beginRecord();
    try {
      Object key = parts.keyDeserializer().deserialize(null, timer.key());
      parts.context().set(key, timer.key(), timer.time());
      processor.fire(domain, timer.time());
      cache.commitRecord();
      parts.buffer().release();
    } catch (RecordProcessingException failure) {
      cache.rollbackRecord();
      parts.buffer().discard();
      errors.handleTimer(id.toString(), timer.time(), failure);
    }
  }

  /** True when the task has something to commit: processed records, fired timers, a watermark to send. */
  public boolean hasUncommitted() {
    return uncommitted
        || (!parts.repartitionOutputs().isEmpty() && parts.time().watermark() > sentWatermark);
  }

  /** How many bytes of recently used committed state the task keeps in memory (0 if stateless). */
  public void cacheCommittedBytes(long bytes) {
    if (parts.cache() != null) {
      parts.cache().cleanLimit(bytes);
    }
  }

  /** Approximate heap bytes of state writes waiting for the next commit. */
  public long pendingBytes() {
    return parts.cache() == null ? 0 : parts.cache().pendingBytes();
  }

  /**
   * Commit step 1: sends the pending state writes to the changelog topics, and the task's
   * watermark, when it moved, to every partition of the repartition topics it writes.
   */
  public void sendChangelog(Function<ProducerRecord<byte[], byte[]>, Future<RecordMetadata>> sender) {
    long watermark = parts.time().watermark();
    if (watermark > sentWatermark) {
      parts
          .repartitionOutputs()
          .forEach(
              (topic, partitions) -> {
                for (int p = 0; p < partitions; p++) {
                  sender.apply(InputOperator.watermarkRecord(topic, p, id.partition(), watermark));
                }
              });
      sendingWatermark = watermark;
    }
    if (parts.cache() == null) {
      return;
    }
    int partition = id.partition();
    String[] topics = parts.changelogTopics();
    parts
        .cache()
        .forEachPending(
            (state, key, value) -> {
              if (!storeOnly[state]) {
                lastChangelogSends[state] =
                    sender.apply(new ProducerRecord<>(topics[state], partition, key, value));
              }
            });
  }

  /**
   * Commit step 2: the positions to commit for the input partitions, each with the task's
   * watermark in its metadata, so the watermark survives restarts and moves.
   */
  public Map<TopicPartition, OffsetAndMetadata> offsetsToCommit() {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    String metadata = WATERMARK_METADATA + parts.time().watermark();
    nextOffsets.forEach(
        (partition, offset) -> offsets.put(partition, new OffsetAndMetadata(offset, metadata)));
    return offsets;
  }

  /** The watermark committed in offset metadata, or {@link TaskTime#NONE}. */
  public static long committedWatermark(OffsetAndMetadata offset) {
    if (offset == null || offset.metadata() == null
        || !offset.metadata().startsWith(WATERMARK_METADATA)) {
      return TaskTime.NONE;
    }
    try {
      return Long.parseLong(offset.metadata().substring(WATERMARK_METADATA.length()));
    } catch (NumberFormatException e) {
      return TaskTime.NONE;
    }
  }

  /**
   * Commit step 4, after the commit went through: applies the pending state writes to the store,
   * together with the changelog offsets they reach, in one atomic batch.
   */
  public void committed() {
    WriteCache cache = parts.cache();
    if (cache != null) {
      long[] next = new long[lastChangelogSends.length];
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
    if (sendingWatermark > sentWatermark) {
      sentWatermark = sendingWatermark;
    }
    nextOffsets.clear();
    uncommitted = false;
  }

  /** The commit failed or was abandoned: drops every pending write. The store stays as committed. */
  public void discardUncommitted() {
    if (parts.cache() != null) {
      parts.cache().discard();
    }
    Arrays.fill(lastChangelogSends, null);
    sendingWatermark = sentWatermark;
    nextOffsets.clear();
    uncommitted = false;
  }

  /** Closes the operators and the store. Pending writes must have been committed or discarded. */
  public void close() {
    try {
      parts.input().close();
    } catch (RuntimeException e) {
      log.warn("Closing the operators of task {} failed", id, e);
    }
    if (parts.store() != null) {
      parts.store().close();
    }
  }

  /**
   * The current bytes of state {@code state} under {@code key}, uncommitted writes included; null
   * when there are none. For inspection by the test driver.
   */
  public byte[] stateBytes(int state, byte[] key) {
    return parts.cache() == null ? null : parts.cache().get(state, key);
  }

  /** Raises the task's watermark by hand (the test driver's {@code advanceWatermark}). */
  public void raiseWatermark(long watermark) {
    parts.time().raiseTo(watermark);
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

  @Override
  public String toString() {
    return "task " + id;
  }
}
