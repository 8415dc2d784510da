package dev.weir.internal.runtime;

import dev.weir.internal.runtime.commit.Committer;
import dev.weir.internal.runtime.commit.ThreadProducer;
import dev.weir.internal.runtime.errors.RecordErrorHandler;
import dev.weir.internal.runtime.metrics.ThreadMetrics;
import dev.weir.internal.runtime.task.RecordBuffer;
import dev.weir.internal.runtime.task.Task;
import dev.weir.internal.runtime.task.TaskFactory;
import dev.weir.internal.runtime.task.TaskId;
import dev.weir.internal.runtime.task.TaskRegistry;
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
 *
 * <p>Its {@link Phase} is published for the worker's readiness check; everything else is used by
 * the thread only.
 */
final class StreamThread implements Runnable {

  /** Where the thread is in its life; read by other threads for readiness. */
  enum Phase {
    /** Subscribed, waiting for its first assignment. */
    STARTING,
    /** Between the first rebalance callback and the end of the assignment. */
    REBALANCING,
    /** Making tasks and restoring their state; no task of the thread is processing. */
    RESTORING,
    /** Every assigned task runs. */
    RUNNING,
    /** The thread has ended. */
    STOPPED
  }

  private static final Logger log = LoggerFactory.getLogger(StreamThread.class);

  private final String name;
  private final org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> consumer;
  private final org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> restoreConsumer;
  private final ThreadProducer producer;
  private final Committer committer;
  private final TaskFactory factory;
  private final RecordErrorHandler errors;
  private final RecordBuffer output;
  private final List<String> topics;
  private final Duration commitInterval;
  private final Duration pollTimeout;
  private final long cacheMaxBytes;
  private final ThreadMetrics metrics;
  private final Consumer<Throwable> onFailure;
  private final InstantSource clock;
  private final TaskRegistry tasks = new TaskRegistry();
  private final Set<TaskId> previousTasks = ConcurrentHashMap.newKeySet();
  private volatile boolean running = true;
  private volatile Phase phase = Phase.STARTING;
  private long lastCommitNanos = System.nanoTime();

  StreamThread(
      String name,
      org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> consumer,
      org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> restoreConsumer,
      ThreadProducer producer,
      Committer committer,
      TaskFactory factory,
      RecordErrorHandler errors,
      RecordBuffer output,
      List<String> topics,
      Duration commitInterval,
      Duration pollTimeout,
      long cacheMaxBytes,
      ThreadMetrics metrics,
      InstantSource clock,
      Consumer<Throwable> onFailure) {
    this.name = name;
    this.consumer = consumer;
    this.restoreConsumer = restoreConsumer;
    this.producer = producer;
    this.committer = committer;
    this.factory = factory;
    this.errors = errors;
    this.output = output;
    this.topics = topics;
    this.commitInterval = commitInterval;
    this.pollTimeout = pollTimeout;
    this.cacheMaxBytes = cacheMaxBytes;
    this.metrics = metrics;
    this.clock = clock;
    this.onFailure = onFailure;
  }

  /** The tasks this thread held before the current rebalance; read by its assignor. */
  Set<TaskId> previousTasks() {
    return Set.copyOf(previousTasks);
  }

  Phase phase() {
    return phase;
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
      phase = Phase.STOPPED;
      metrics.close();
    }
    if (failure != null) {
      onFailure.accept(failure);
    }
  }

  /** One duty cycle: poll, process, and commit if due. */
  void runOnce() {
    ConsumerRecords<byte[], byte[]> records = consumer.poll(pollTimeout);
    int polled = records.count();
    if (polled > 0) {
      // Timed per batch, not per record: the clock costs more than a cheap operator.
      long started = System.nanoTime();
      int processed = 0;
      for (TopicPartition partition : records.partitions()) {
        Task task = tasks.byPartition(partition);
        if (task == null) {
          continue; // revoked while these records were on their way
        }
        List<ConsumerRecord<byte[], byte[]>> batch = records.records(partition);
        for (int i = 0; i < batch.size(); i++) {
          task.process(batch.get(i), errors);
        }
        processed += batch.size();
      }
      metrics.batchProcessed(polled, processed, System.nanoTime() - started);
    }
    long now = clock.millis();
    for (Task task : tasks.all()) {
      task.advanceTime(now, errors);
    }
    metrics.afterCycle(tasks.all(), consumer, output.sentRecords());
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
      retire(task);
    }
    createTasks(owned);
    phase = Phase.RUNNING;
    rewind(tasks.partitions());
  }

  /**
   * Creates tasks, each resuming from the watermark committed with its offsets. The thread is
   * {@link Phase#RESTORING} from here until its caller says otherwise.
   */
  private void createTasks(Map<TaskId, List<TopicPartition>> wanted) {
    if (wanted.isEmpty()) {
      return;
    }
    phase = Phase.RESTORING;
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
          Task task = factory.create(id, partitions, watermark);
          tasks.add(task);
          metrics.taskCreated(task);
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

  /** Takes a task out of the registry, drops its gauges and closes it. */
  private void retire(Task task) {
    tasks.remove(task.id());
    metrics.taskClosed(task.id());
    task.close();
  }

  private void closeTasks(boolean clean) {
    for (Task task : List.copyOf(tasks.all())) {
      tasks.remove(task.id());
      metrics.taskClosed(task.id());
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
      startRebalance(partitions);
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
          retire(task);
        }
      }
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      startRebalance(List.of());
      Map<TaskId, List<TopicPartition>> byTask = new LinkedHashMap<>();
      for (TopicPartition partition : partitions) {
        byTask.computeIfAbsent(factory.taskOf(partition), id -> new ArrayList<>()).add(partition);
      }
      byTask.keySet().removeAll(tasks.ids());
      createTasks(byTask);
      phase = Phase.RUNNING;
      metrics.rebalanceFinished();
      log.info("Thread {} runs tasks {}", name, tasks.ids());
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      startRebalance(partitions);
      log.warn("Thread {} lost its partitions; dropping uncommitted work", name);
      producer.abort();
      for (Task task : List.copyOf(tasks.all())) {
        task.discardUncommitted();
        retire(task);
      }
    }

    private void startRebalance(Collection<TopicPartition> leaving) {
      phase = Phase.REBALANCING;
      metrics.rebalanceStarted();
      metrics.partitionsRevoked(leaving);
    }
  }
}
