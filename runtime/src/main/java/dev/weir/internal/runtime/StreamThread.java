package dev.weir.internal.runtime;

import dev.weir.internal.runtime.commit.Committer;
import dev.weir.internal.runtime.commit.ThreadProducer;
import dev.weir.internal.runtime.errors.RecordErrorHandler;
import dev.weir.internal.runtime.task.Task;
import dev.weir.internal.runtime.task.TaskFactory;
import dev.weir.internal.runtime.task.TaskId;
import dev.weir.internal.runtime.task.TaskRegistry;
import io.micrometer.core.instrument.Counter;
import dev.weir.internal.runtime.time.TaskTime;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One processing thread: one consumer-group member with one consumer and one producer, running
 * the tasks assigned to it. Its duty cycle ({@link #runOnce}) polls, processes what came, and
 * commits when the commit interval has passed or the write caches are full.
 *
 * <p>The thread's collaborators are built by the worker and handed in; this class owns them from
 * then on and closes them when it ends.
 */
final class StreamThread implements Runnable {

  private static final Logger log = LoggerFactory.getLogger(StreamThread.class);

  private final String name;
  private final org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> consumer;
  private final org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> restoreConsumer;
  private final ThreadProducer producer;
  private final Committer committer;
  private final TaskFactory factory;
  private final RecordErrorHandler errors;
  private final List<String> topics;
  private final Duration commitInterval;
  private final Duration pollTimeout;
  private final long cacheMaxBytes;
  private final Counter processed;
  private final Consumer<Throwable> onFailure;
  private final InstantSource clock;
  private final TaskRegistry tasks = new TaskRegistry();
  private final Set<TaskId> previousTasks = ConcurrentHashMap.newKeySet();
  private volatile boolean running = true;
  private long lastCommitNanos = System.nanoTime();

  StreamThread(
      String name,
      org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> consumer,
      org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> restoreConsumer,
      ThreadProducer producer,
      Committer committer,
      TaskFactory factory,
      RecordErrorHandler errors,
      List<String> topics,
      Duration commitInterval,
      Duration pollTimeout,
      long cacheMaxBytes,
      Counter processed,
      InstantSource clock,
      Consumer<Throwable> onFailure) {
    this.name = name;
    this.consumer = consumer;
    this.restoreConsumer = restoreConsumer;
    this.producer = producer;
    this.committer = committer;
    this.factory = factory;
    this.errors = errors;
    this.topics = topics;
    this.commitInterval = commitInterval;
    this.pollTimeout = pollTimeout;
    this.cacheMaxBytes = cacheMaxBytes;
    this.processed = processed;
    this.clock = clock;
    this.onFailure = onFailure;
  }

  /** The tasks this thread held before the current rebalance; read by its assignor. */
  Set<TaskId> previousTasks() {
    return Set.copyOf(previousTasks);
  }

  /** Asks the thread to commit, close its tasks and leave the group. Returns at once. */
  void shutdown() {
    running = false;
  }

  @Override
  public void run() {
    Throwable failure = null;
    try {
      consumer.subscribe(topics, new Listener());
      while (running) {
        runOnce();
      }
      commitOrRecover();
      closeTasks(true);
    } catch (Throwable t) {
      failure = t;
      log.error("Thread {} failed", name, t);
      closeTasks(false);
    } finally {
      closeClients();
    }
    if (failure != null) {
      onFailure.accept(failure);
    }
  }

  /** One duty cycle: poll, process, and commit if due. */
  void runOnce() {
    ConsumerRecords<byte[], byte[]> records = consumer.poll(pollTimeout);
    for (TopicPartition partition : records.partitions()) {
      Task task = tasks.byPartition(partition);
      if (task == null) {
        continue; // revoked while these records were on their way
      }
      List<ConsumerRecord<byte[], byte[]>> batch = records.records(partition);
      for (int i = 0; i < batch.size(); i++) {
        task.process(batch.get(i), errors);
      }
      processed.increment(batch.size());
    }
    long now = clock.millis();
    for (Task task : tasks.all()) {
      task.advanceTime(now, errors);
    }
    if (commitDue()) {
      commitOrRecover();
    }
  }

  private boolean commitDue() {
    if (System.nanoTime() - lastCommitNanos >= commitInterval.toNanos()) {
      return true;
    }
    long pending = 0;
    for (Task task : tasks.all()) {
      pending += task.pendingBytes();
    }
    return pending > cacheMaxBytes;
  }

  private void commitOrRecover() {
    lastCommitNanos = System.nanoTime();
    try {
      committer.commit(tasks.all());
    } catch (KafkaException e) {
      recover(e);
    }
  }

  /**
   * After a failed commit: drops every uncommitted change, remakes the tasks from their stores
   * (which are exactly at the last commit) and rewinds the input to the committed offsets.
   */
  private void recover(KafkaException cause) {
    log.warn(
        "Thread {}: commit failed ({}); rewinding its {} tasks to their last commit",
        name,
        cause.toString(),
        tasks.ids().size());
    producer.abort();
    Map<TaskId, List<TopicPartition>> owned = new LinkedHashMap<>();
    for (Task task : List.copyOf(tasks.all())) {
      owned.put(task.id(), task.partitions());
      task.discardUncommitted();
      tasks.remove(task.id());
      task.close();
    }
    createTasks(owned);
    rewind(tasks.partitions());
  }

  /** Creates tasks, each resuming from the watermark committed with its offsets. */
  private void createTasks(Map<TaskId, List<TopicPartition>> wanted) {
    if (wanted.isEmpty()) {
      return;
    }
    Set<TopicPartition> all = new HashSet<>();
    wanted.values().forEach(all::addAll);
    Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(all);
    wanted.forEach(
        (id, partitions) -> {
          // The task's watermark never decreases, so the latest one committed is the largest.
          long watermark = TaskTime.NONE;
          for (TopicPartition partition : partitions) {
            watermark = Math.max(watermark, Task.committedWatermark(committed.get(partition)));
          }
          tasks.add(factory.create(id, partitions, watermark));
        });
  }

  private void rewind(Collection<TopicPartition> partitions) {
    if (partitions.isEmpty()) {
      return;
    }
    Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new HashSet<>(partitions));
    List<TopicPartition> fromStart = new ArrayList<>();
    for (TopicPartition partition : partitions) {
      OffsetAndMetadata offset = committed.get(partition);
      if (offset == null) {
        fromStart.add(partition);
      } else {
        consumer.seek(partition, offset);
      }
    }
    consumer.seekToBeginning(fromStart);
  }

  private void closeTasks(boolean clean) {
    for (Task task : List.copyOf(tasks.all())) {
      tasks.remove(task.id());
      if (!clean) {
        task.discardUncommitted();
      }
      try {
        task.close();
      } catch (RuntimeException e) {
        log.warn("Closing {} failed", task, e);
      }
    }
    if (!clean) {
      producer.abort();
    }
  }

  private void closeClients() {
    try {
      consumer.close();
    } catch (RuntimeException e) {
      log.warn("Closing the consumer of {} failed", name, e);
    }
    try {
      restoreConsumer.close();
    } catch (RuntimeException e) {
      log.warn("Closing the restore consumer of {} failed", name, e);
    }
    try {
      producer.close();
    } catch (RuntimeException e) {
      log.warn("Closing the producer of {} failed", name, e);
    }
  }

  /** Commits and closes tasks before their partitions go; makes tasks when partitions come. */
  private final class Listener implements ConsumerRebalanceListener {

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      // What the assignor reports as this member's tasks in the coming rebalance.
      previousTasks.clear();
      previousTasks.addAll(tasks.ids());
      if (partitions.isEmpty() || tasks.isEmpty()) {
        return;
      }
      try {
        committer.commit(tasks.all());
      } catch (KafkaException e) {
        log.warn("Thread {}: commit before revocation failed ({})", name, e.toString());
        producer.abort();
        tasks.all().forEach(Task::discardUncommitted);
      }
      for (Task task : List.copyOf(tasks.all())) {
        if (task.partitions().stream().anyMatch(partitions::contains)) {
          tasks.remove(task.id());
          task.close();
        }
      }
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      Map<TaskId, List<TopicPartition>> byTask = new LinkedHashMap<>();
      for (TopicPartition partition : partitions) {
        byTask.computeIfAbsent(factory.taskOf(partition), id -> new ArrayList<>()).add(partition);
      }
      byTask.keySet().removeAll(tasks.ids());
      createTasks(byTask);
      log.info("Thread {} runs tasks {}", name, tasks.ids());
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      log.warn("Thread {} lost its partitions; dropping uncommitted work", name);
      producer.abort();
      for (Task task : List.copyOf(tasks.all())) {
        tasks.remove(task.id());
        task.discardUncommitted();
        task.close();
      }
    }
  }
}
