package dev.weir.internal.runtime;

import dev.weir.api.TopologyException;
import dev.weir.internal.runtime.assign.AssignmentInfo;
import dev.weir.internal.runtime.assign.LocalTasks;
import dev.weir.internal.runtime.commit.Committer;
import dev.weir.internal.runtime.commit.ThreadProducer;
import dev.weir.internal.runtime.errors.RecordErrorHandler;
import dev.weir.internal.runtime.metrics.ThreadMetrics;
import dev.weir.internal.runtime.restore.ChangelogReader;
import dev.weir.internal.runtime.task.RecordBuffer;
import dev.weir.internal.runtime.task.Task;
import dev.weir.internal.runtime.task.TaskFactory;
import dev.weir.internal.runtime.task.TaskId;
import dev.weir.internal.runtime.task.TaskRegistry;
import dev.weir.internal.runtime.time.TaskTime;
import dev.weir.internal.state.TaskStore;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
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
 * the tasks assigned to it. Its duty cycle ({@link #runOnce}) polls, processes what came, reads a
 * bounded slice of changelog into the stores it restores or follows, and commits when the commit
 * interval has passed or the write caches are full.
 *
 * <p>A task assigned to the thread is first <em>pending</em>: its input is paused while its store
 * opens (once no other thread of the instance holds it) and restores; then it runs. Rebalances are
 * cooperative: tasks that stay keep running through them, and only tasks that leave are committed
 * and closed. The thread also keeps <em>copies</em> of other tasks' state up to date from their
 * changelogs: standbys, which take over a task at once when its owner fails, and warm-ups, which
 * the task moves to once they are caught up (the thread then asks for a rebalance).
 *
 * <p>The thread's collaborators are built by the worker and handed in; this class owns them from
 * then on and closes them when it ends. Its {@link Phase} is published for the worker's readiness
 * check; everything else is used by the thread only.
 */
final class StreamThread implements Runnable {

  /** Where the thread is in its life; read by other threads for readiness. */
  enum Phase {
    /** Subscribed, waiting for its first assignment. */
    STARTING,
    /** Between giving up tasks in a rebalance and receiving the new assignment. */
    REBALANCING,
    /** Some assigned task is still opening or restoring its state. */
    RESTORING,
    /** Every assigned task runs. */
    RUNNING,
    /** The thread has ended. */
    STOPPED
  }

  /** How the thread reads changelogs and asks for follow-up rebalances. */
  record Settings(
      Duration commitInterval,
      Duration pollTimeout,
      long cacheMaxBytes,
      long acceptableRecoveryLag) {}

  private static final Logger log = LoggerFactory.getLogger(StreamThread.class);
  /** Changelog reading per cycle while tasks run: keeps their latency close to normal. */
  private static final Duration READ_SLICE_BUSY = Duration.ofMillis(50);
  /** Changelog reading per cycle while no task runs. */
  private static final Duration READ_SLICE_IDLE = Duration.ofMillis(200);
  private static final Duration COPY_CHECK_INTERVAL = Duration.ofSeconds(1);
  /** Least time before the thread asks again for a follow-up rebalance for the same copies. */
  private static final Duration FOLLOW_UP_BACKOFF = Duration.ofSeconds(10);

  private final String name;
  private final org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> consumer;
  private final org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> restoreConsumer;
  private final ThreadProducer producer;
  private final Committer committer;
  private final TaskFactory factory;
  private final ChangelogReader changelogs;
  private final LocalTasks local;
  private final RecordErrorHandler errors;
  private final RecordBuffer output;
  private final List<String> topics;
  private final Settings settings;
  private final ThreadMetrics metrics;
  private final Consumer<Throwable> onFailure;
  private final InstantSource clock;
  private final TaskRegistry tasks = new TaskRegistry();
  private final Map<TaskId, Pending> pending = new TreeMap<>();
  private final Map<TaskId, Copy> copies = new TreeMap<>();
  private volatile boolean running = true;
  private volatile Phase phase = Phase.STARTING;
  private long lastCommitNanos = System.nanoTime();
  private long nextCopyCheck = System.nanoTime();
  private long nextFollowUpAllowed = System.nanoTime();
  /** Caught-up warm-ups this thread already asked a follow-up rebalance for. */
  private final Set<TaskId> followUpAsked = new TreeSet<>();
  private boolean rebalancing;
  /** Inside onPartitionsAssigned: the phase is settled once at its end. */
  private boolean assigning;
  private boolean readBusy;
  private AssignmentInfo assignment = new AssignmentInfo(Optional.empty(), Set.of(), Set.of());

  StreamThread(
      String name,
      org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> consumer,
      org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> restoreConsumer,
      ThreadProducer producer,
      Committer committer,
      TaskFactory factory,
      ChangelogReader changelogs,
      LocalTasks local,
      RecordErrorHandler errors,
      RecordBuffer output,
      List<String> topics,
      Settings settings,
      ThreadMetrics metrics,
      InstantSource clock,
      Consumer<Throwable> onFailure) {
    this.name = name;
    this.consumer = consumer;
    this.restoreConsumer = restoreConsumer;
    this.producer = producer;
    this.committer = committer;
    this.factory = factory;
    this.changelogs = changelogs;
    this.local = local;
    this.errors = errors;
    this.output = output;
    this.topics = topics;
    this.settings = settings;
    this.metrics = metrics;
    this.clock = clock;
    this.onFailure = onFailure;
  }

  /**
   * Called by the assignor on this thread when the thread (re)joins the group: a rebalance has
   * begun. Brings its stores' progress up to date for the report and returns its copies' tasks.
   */
  Set<TaskId> rebalanceStarting() {
    rebalancing = true;
    metrics.rebalanceStarted();
    reportProgress();
    for (Copy copy : copies.values()) {
      if (copy.store != null) {
        local.progress(copy.id, copy.store.changelogOffsetSum(copy.states));
      }
    }
    return new TreeSet<>(copies.keySet());
  }

  /** Called by the assignor on this thread with what the rebalance gave besides partitions. */
  void assigned(AssignmentInfo info) {
    this.assignment = info;
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
      closeAll(true);
    } catch (Throwable t) {
      failure = t;
      log.error("Thread {} failed", name, t);
      closeAll(false);
    } finally {
      closeClients();
      phase = Phase.STOPPED;
      metrics.close();
    }
    if (failure != null) {
      onFailure.accept(failure);
    }
  }

  /** One duty cycle: poll, process, read changelogs, and commit if due. */
  void runOnce() {
    // While changelogs have more to read, do not wait for input: read them instead.
    ConsumerRecords<byte[], byte[]> records =
        consumer.poll(readBusy ? Duration.ZERO : settings.pollTimeout());
    Optional<String> rejected = assignment.error();
    if (rejected.isPresent()) {
      throw new TopologyException(rejected.get());
    }
    int polled = records.count();
    if (polled > 0) {
      // Timed per batch, not per record: the clock costs more than a cheap operator.
      long started = System.nanoTime();
      int processed = 0;
      for (TopicPartition partition : records.partitions()) {
        List<ConsumerRecord<byte[], byte[]>> batch = records.records(partition);
        Task task = tasks.byPartition(partition);
        if (task == null) {
          if (pendingOwning(partition)) {
            // Not expected (its input is paused), but never skip a record of an owned partition.
            consumer.seek(partition, batch.get(0).offset());
          }
          continue; // revoked while these records were on their way
        }
        for (int i = 0; i < batch.size(); i++) {
          task.process(batch.get(i), errors);
        }
        processed += batch.size();
      }
      metrics.batchProcessed(polled, processed, System.nanoTime() - started);
    }
    openWaitingStores();
    readChangelogs();
    long now = clock.millis();
    for (Task task : tasks.all()) {
      task.advanceTime(now, errors);
    }
    metrics.afterCycle(tasks.all(), consumer, output.sentRecords());
    checkCopies();
    local.maybeCleanUp();
    if (commitDue()) {
      commitOrRecover();
    }
  }

  private boolean pendingOwning(TopicPartition partition) {
    for (Pending task : pending.values()) {
      if (task.partitions.contains(partition)) {
        return true;
      }
    }
    return false;
  }

  private boolean commitDue() {
    if (rebalancing) {
      // The group is between generations: a transactional offset commit would be refused.
      return false;
    }
    if (System.nanoTime() - lastCommitNanos >= settings.commitInterval().toNanos()) {
      return true;
    }
    long pendingBytes = 0;
    for (Task task : tasks.all()) {
      pendingBytes += task.pendingBytes();
    }
    return pendingBytes > settings.cacheMaxBytes();
  }

  private void commitOrRecover() {
    lastCommitNanos = System.nanoTime();
    try {
      if (committer.commit(tasks.all())) {
        reportProgress();
      }
    } catch (KafkaException e) {
      recover(e);
    }
  }

  /** Tells the instance how far the running tasks' stores have read their changelogs. */
  private void reportProgress() {
    for (Task task : tasks.all()) {
      if (task.hasState()) {
        local.progress(task.id(), task.changelogOffsetSum());
      }
    }
  }

  /**
   * After a failed commit: drops every uncommitted change, remakes the running tasks from their
   * stores (which are exactly at the last commit) and rewinds their input to the committed offsets.
   */
  private void recover(KafkaException cause) {
    log.warn(
        "Thread {}: commit failed ({}); rewinding its {} running tasks to their last commit",
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
    startActive(owned);
    rewind(owned.values().stream().flatMap(List::stream).toList());
  }

  // ---- active tasks: pending (opening, restoring), then running -----------------------------

  /**
   * Starts tasks newly assigned to the thread: pauses their input, and opens and restores their
   * stores (a copy the thread already keeps becomes the task's store). Each resumes from the
   * watermark committed with its offsets.
   */
  private void startActive(Map<TaskId, List<TopicPartition>> wanted) {
    if (wanted.isEmpty()) {
      return;
    }
    Set<TopicPartition> all = new HashSet<>();
    wanted.values().forEach(all::addAll);
    consumer.pause(all);
    Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(all);
    wanted.forEach(
        (id, partitions) -> {
          // The task's watermark never decreases, so the latest one committed is the largest.
          long watermark = TaskTime.NONE;
          for (TopicPartition partition : partitions) {
            watermark = Math.max(watermark, Task.committedWatermark(committed.get(partition)));
          }
          Pending task = new Pending(id, partitions, watermark);
          pending.put(id, task);
          Copy copy = copies.remove(id);
          if (copy != null && copy.store != null) {
            changelogs.stop(id);
            metrics.standbyClosed(id);
            task.store = copy.store;
            changelogs.restore(id, task.store, factory.changelogTopics(id));
            log.info("Thread {}: task {} takes over its local standby copy", name, id);
          } else if (copy != null) {
            copy.close(); // it was waiting for the store: the task waits instead
          }
          open(task);
        });
    if (!assigning) {
      updatePhase();
    }
  }

  /** Opens a pending task's store if no other thread holds it; a task without state runs now. */
  private void open(Pending task) {
    if (task.store != null) {
      return;
    }
    if (!factory.stateful(task.id)) {
      run(task, null, 0);
      return;
    }
    if (!local.tryLock(task.id, this)) {
      return; // another thread of this instance is giving it up; try again next cycle
    }
    task.store = factory.openStore(task.id);
    local.opened(task.id, task.store.changelogOffsetSum(task.states()));
    changelogs.restore(task.id, task.store, factory.changelogTopics(task.id));
  }

  /** A pending task's store is up to date: it runs, and its input resumes. */
  private void run(Pending waiting, TaskStore store, long restored) {
    pending.remove(waiting.id);
    Task task = factory.create(waiting.id, waiting.partitions, waiting.watermark, store, restored);
    tasks.add(task);
    shareCache();
    metrics.taskCreated(task);
    consumer.resume(waiting.partitions);
    if (!assigning) {
      updatePhase();
    }
  }

  /**
   * Shares the state cache's memory evenly among the running stateful tasks, for the committed
   * values each keeps (their uncommitted writes are bounded by the commit that
   * {@link #commitDue} forces when those alone exceed it).
   */
  private void shareCache() {
    int stateful = 0;
    for (Task task : tasks.all()) {
      stateful += task.hasState() ? 1 : 0;
    }
    for (Task task : tasks.all()) {
      task.cacheCommittedBytes(settings.cacheMaxBytes() / Math.max(1, stateful));
    }
  }

  /** Takes a running task out of the registry, drops its gauges, closes it and frees its store. */
  private void retire(Task task) {
    tasks.remove(task.id());
    shareCache();
    metrics.taskClosed(task.id());
    long offsets = task.changelogOffsetSum();
    task.close();
    if (task.hasState()) {
      local.closed(task.id(), offsets);
      local.unlock(task.id(), this);
    }
  }

  /** Stops a pending task: its restore ends where it got to, and its store closes. */
  private void abandon(Pending task) {
    pending.remove(task.id);
    metrics.taskClosed(task.id);
    if (task.store != null) {
      changelogs.stop(task.id);
      closeStore(task.id, task.store, task.states());
    }
  }

  private void closeStore(TaskId id, TaskStore store, int states) {
    long offsets = store.changelogOffsetSum(states);
    store.close();
    local.closed(id, offsets);
    local.unlock(id, this);
  }

  // ---- copies: standbys and warm-ups ---------------------------------------------------------

  /** Makes the thread's copies what the last assignment asks for. */
  private void reconcileCopies() {
    Set<TaskId> wanted = new TreeSet<>(assignment.standbys());
    wanted.addAll(assignment.warmups());
    wanted.removeAll(tasks.ids());
    wanted.removeAll(pending.keySet());
    for (Copy copy : List.copyOf(copies.values())) {
      if (!wanted.contains(copy.id)) {
        copy.close();
      }
    }
    for (TaskId id : wanted) {
      Copy copy =
          copies.computeIfAbsent(id, key -> new Copy(key, factory.changelogTopics(key).length));
      copy.warmup = assignment.warmups().contains(id);
      copy.open();
    }
  }

  /** Retries the stores that another thread of this instance still held. */
  private void openWaitingStores() {
    for (Pending task : List.copyOf(pending.values())) {
      if (task.store == null) {
        open(task);
      }
    }
    for (Copy copy : copies.values()) {
      copy.open();
    }
  }

  /** Reads a slice of changelog: short while tasks run, longer while none does. */
  private void readChangelogs() {
    if (changelogs.isEmpty()) {
      readBusy = false;
      return;
    }
    List<ChangelogReader.Restored> restored =
        changelogs.read(tasks.isEmpty() ? READ_SLICE_IDLE : READ_SLICE_BUSY);
    readBusy = changelogs.restoring() || changelogs.appliedInLastRead() > 0;
    for (ChangelogReader.Restored done : restored) {
      run(pending.get(done.task()), done.store(), done.records());
    }
  }

  /**
   * Once a second: publishes each copy's lag, and asks for a rebalance when a warm-up copy has
   * caught up, so the task it warms moves here: at once for a copy newly caught up, again after
   * a back-off while the group leaves it here (its owner may be ahead again by then).
   */
  private void checkCopies() {
    long now = System.nanoTime();
    if (copies.isEmpty() || now - nextCopyCheck < 0) {
      return;
    }
    nextCopyCheck = now + COPY_CHECK_INTERVAL.toNanos();
    List<TaskId> caughtUp = new ArrayList<>();
    for (Copy copy : copies.values()) {
      if (copy.store == null) {
        continue;
      }
      OptionalLong lag = changelogs.lag(copy.id);
      metrics.standbyLag(copy.id, lag);
      local.progress(copy.id, copy.store.changelogOffsetSum(copy.states));
      if (copy.warmup && lag.isPresent() && lag.getAsLong() <= settings.acceptableRecoveryLag()) {
        caughtUp.add(copy.id);
      }
    }
    followUpAsked.retainAll(copies.keySet());
    boolean news = !followUpAsked.containsAll(caughtUp);
    if (!caughtUp.isEmpty() && !rebalancing && (news || now - nextFollowUpAllowed >= 0)) {
      nextFollowUpAllowed = now + FOLLOW_UP_BACKOFF.toNanos();
      followUpAsked.addAll(caughtUp);
      log.info(
          "Thread {}: warm-up copies of tasks {} caught up; asking for a rebalance to move them"
              + " here",
          name,
          caughtUp);
      consumer.enforceRebalance("warm-up copies of " + caughtUp + " caught up");
    }
  }

  // ---- ending -------------------------------------------------------------------------------

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

  private void closeAll(boolean clean) {
    for (Task task : List.copyOf(tasks.all())) {
      if (!clean) {
        task.discardUncommitted();
      }
      try {
        retire(task);
      } catch (RuntimeException e) {
        log.warn("Closing {} failed", task, e);
      }
    }
    for (Pending task : List.copyOf(pending.values())) {
      try {
        abandon(task);
      } catch (RuntimeException e) {
        log.warn("Closing the store of pending task {} failed", task.id, e);
      }
    }
    for (Copy copy : List.copyOf(copies.values())) {
      try {
        copy.close();
      } catch (RuntimeException e) {
        log.warn("Closing the copy of task {} failed", copy.id, e);
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

  private void updatePhase() {
    Phase next = pending.isEmpty() ? Phase.RUNNING : Phase.RESTORING;
    if (next == Phase.RUNNING && phase != Phase.RUNNING) {
      metrics.rebalanceFinished();
      log.info("Thread {} runs tasks {}", name, tasks.ids());
    }
    phase = next;
  }

  /** An assigned task that does not run yet. */
  private final class Pending {
    final TaskId id;
    final List<TopicPartition> partitions;
    final long watermark;
    TaskStore store;

    Pending(TaskId id, List<TopicPartition> partitions, long watermark) {
      this.id = id;
      this.partitions = List.copyOf(partitions);
      this.watermark = watermark;
    }

    int states() {
      return factory.changelogTopics(id).length;
    }
  }

  /** A standby or warm-up copy of a task's state, followed from its changelog. */
  private final class Copy {
    final TaskId id;
    final int states;
    boolean warmup;
    TaskStore store;

    Copy(TaskId id, int states) {
      this.id = id;
      this.states = states;
    }

    /** Opens the store and starts following, once no other thread of this instance holds it. */
    void open() {
      if (store != null || !local.tryLock(id, StreamThread.this)) {
        return;
      }
      store = factory.openStore(id);
      local.opened(id, store.changelogOffsetSum(states));
      changelogs.follow(id, store, factory.changelogTopics(id));
    }

    void close() {
      copies.remove(id);
      metrics.standbyClosed(id);
      if (store != null) {
        changelogs.stop(id);
        closeStore(id, store, states);
        store = null;
      }
    }
  }

  /**
   * Cooperative rebalancing: only partitions that leave are revoked (their tasks committed and
   * closed first); the tasks that stay keep running.
   */
  private final class Listener implements ConsumerRebalanceListener {

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      metrics.partitionsRevoked(partitions);
      if (partitions.isEmpty()) {
        return;
      }
      phase = Phase.REBALANCING;
      if (!tasks.isEmpty()) {
        try {
          lastCommitNanos = System.nanoTime();
          committer.commit(tasks.all());
        } catch (KafkaException e) {
          log.warn("Thread {}: commit before revocation failed ({})", name, e.toString());
          producer.abort();
          // Every running task lost its uncommitted work: the ones that stay restart from their
          // last commit like after any failed commit.
          Map<TaskId, List<TopicPartition>> staying = new LinkedHashMap<>();
          for (Task task : List.copyOf(tasks.all())) {
            task.discardUncommitted();
            if (task.partitions().stream().noneMatch(partitions::contains)) {
              staying.put(task.id(), task.partitions());
              retire(task);
            }
          }
          startActive(staying);
          rewind(staying.values().stream().flatMap(List::stream).toList());
        }
      }
      List<TaskId> leaving = new ArrayList<>();
      for (Task task : List.copyOf(tasks.all())) {
        if (task.partitions().stream().anyMatch(partitions::contains)) {
          leaving.add(task.id());
          retire(task);
        }
      }
      for (Pending task : List.copyOf(pending.values())) {
        if (task.partitions.stream().anyMatch(partitions::contains)) {
          leaving.add(task.id);
          abandon(task);
        }
      }
      log.info("Thread {} gave up tasks {}", name, leaving);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      rebalancing = false;
      if (assignment.error().isPresent()) {
        return; // the thread stops after this poll
      }
      Map<TaskId, List<TopicPartition>> byTask = new LinkedHashMap<>();
      for (TopicPartition partition : partitions) {
        byTask.computeIfAbsent(factory.taskOf(partition), id -> new ArrayList<>()).add(partition);
      }
      byTask.keySet().removeAll(tasks.ids());
      byTask.keySet().removeAll(pending.keySet());
      phase = Phase.RESTORING;
      assigning = true;
      try {
        startActive(byTask);
        reconcileCopies();
      } finally {
        assigning = false;
      }
      log.info(
          "Thread {} assigned: running {}, starting {}, standby {}, warm-up {}",
          name,
          tasks.ids(),
          pending.keySet(),
          assignment.standbys(),
          assignment.warmups());
      updatePhase();
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      metrics.rebalanceStarted();
      metrics.partitionsRevoked(partitions);
      phase = Phase.REBALANCING;
      log.warn("Thread {} lost its partitions; dropping uncommitted work", name);
      producer.abort();
      for (Task task : List.copyOf(tasks.all())) {
        task.discardUncommitted();
        retire(task);
      }
      for (Pending task : List.copyOf(pending.values())) {
        abandon(task);
      }
    }
  }
}
