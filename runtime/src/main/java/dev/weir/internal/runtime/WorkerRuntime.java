package dev.weir.internal.runtime;

import dev.weir.api.Pipeline;
import dev.weir.config.ConfigException;
import dev.weir.config.ProcessingGuarantee;
import dev.weir.config.StateBackendKind;
import dev.weir.config.WeirConfig;
import dev.weir.config.WeirOptions;
import dev.weir.internal.runtime.assign.AssignorContext;
import dev.weir.internal.runtime.assign.TaskAssignor;
import dev.weir.internal.runtime.commit.Committer;
import dev.weir.internal.runtime.commit.RepartitionPurger;
import dev.weir.internal.runtime.commit.ThreadProducer;
import dev.weir.internal.runtime.errors.RecordErrorHandler;
import dev.weir.internal.runtime.plan.Plan;
import dev.weir.internal.runtime.plan.Planner;
import dev.weir.internal.runtime.restore.Restorer;
import dev.weir.internal.runtime.task.RecordBuffer;
import dev.weir.internal.runtime.task.TaskFactory;
import dev.weir.internal.runtime.topics.TopicSetup;
import dev.weir.internal.state.InMemoryBackend;
import dev.weir.internal.state.RocksDbBackend;
import dev.weir.internal.state.RocksDbOptions;
import dev.weir.internal.state.StateBackend;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running worker: its threads, its state backend and its locked state folder. Built and started
 * by {@link #start}; everything that can be wrong with the config or the topics fails there,
 * before any thread runs.
 */
public final class WorkerRuntime implements AutoCloseable {

  /** Lifecycle of a worker. */
  public enum Status {
    RUNNING,
    STOPPING,
    STOPPED,
    FAILED
  }

  private static final Logger log = LoggerFactory.getLogger(WorkerRuntime.class);
  private static final int DEFAULT_TRANSACTION_TIMEOUT_MS = 10_000;
  private static final Duration PURGE_INTERVAL = Duration.ofSeconds(30);

  private final Plan plan;
  private final Admin admin;
  private final StateDirectory stateDirectory;
  private final StateBackend backend;
  private final List<StreamThread> threads = new ArrayList<>();
  private final List<Thread> javaThreads = new ArrayList<>();
  private final CountDownLatch stopped;
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private final MeterRegistry meters;
  private volatile Status status = Status.RUNNING;

  private WorkerRuntime(
      Plan plan,
      Admin admin,
      StateDirectory stateDirectory,
      StateBackend backend,
      int threadCount,
      MeterRegistry meters) {
    this.plan = plan;
    this.admin = admin;
    this.stateDirectory = stateDirectory;
    this.backend = backend;
    this.stopped = new CountDownLatch(threadCount);
    this.meters = meters;
  }

  /**
   * Plans the pipeline, prepares its topics, and starts its threads.
   *
   * @throws ConfigException for a missing or conflicting option
   * @throws dev.weir.api.TopologyException for a pipeline that cannot run on these topics
   */
  public static WorkerRuntime start(Pipeline pipeline, WeirConfig config, MeterRegistry meters) {
    String applicationId = config.require(WeirOptions.APPLICATION_ID);
    String bootstrap = config.require(WeirOptions.BOOTSTRAP_SERVERS);
    boolean exactlyOnce =
        config.get(WeirOptions.PROCESSING_GUARANTEE) == ProcessingGuarantee.EXACTLY_ONCE;
    Duration commitInterval = config.commitInterval();
    checkCommitInterval(config, exactlyOnce, commitInterval);

    Plan plan = Planner.plan(pipeline, applicationId);
    Admin admin = Admin.create(adminConfig(config, bootstrap));
    StateDirectory stateDirectory = null;
    StateBackend backend = null;
    try {
      int[] partitions =
          new TopicSetup(admin, plan, config.deadLetterTopic(), replicationFactor(config))
              .prepare();
      stateDirectory = StateDirectory.lock(config.get(WeirOptions.STATE_DIR), applicationId);
      boolean stateful = plan.stages().stream().anyMatch(stage -> !stage.states().isEmpty());
      if (stateful) {
        backend =
            config.get(WeirOptions.STATE_BACKEND) == StateBackendKind.ROCKSDB
                ? new RocksDbBackend(rocksDbOptions(config))
                : new InMemoryBackend();
      }
      int threadCount = config.get(WeirOptions.NUM_THREADS);
      WorkerRuntime worker =
          new WorkerRuntime(plan, admin, stateDirectory, backend, threadCount, meters);
      log.info(
          "Starting application '{}' instance {} with {} thread(s), {}, commit every {} ms,"
              + " state in {}\n{}",
          applicationId,
          stateDirectory.instanceId(),
          threadCount,
          config.get(WeirOptions.PROCESSING_GUARANTEE).configValue(),
          commitInterval.toMillis(),
          stateDirectory.path(),
          plan.describe());
      for (int i = 0; i < threadCount; i++) {
        worker.addThread(i, config, bootstrap, exactlyOnce, commitInterval, partitions);
      }
      worker.javaThreads.forEach(Thread::start);
      return worker;
    } catch (RuntimeException e) {
      if (backend != null) {
        backend.close();
      }
      if (stateDirectory != null) {
        stateDirectory.close();
      }
      admin.close();
      throw e;
    }
  }

  private void addThread(
      int index,
      WeirConfig config,
      String bootstrap,
      boolean exactlyOnce,
      Duration commitInterval,
      int[] partitions) {
    String applicationId = plan.applicationId();
    String threadName = applicationId + "-thread-" + index;
    String clientId = applicationId + "-" + stateDirectory.instanceId() + "-" + index;
    Tags tags = Tags.of("application", applicationId, "thread", Integer.toString(index));

    StreamThread[] self = new StreamThread[1];
    AssignorContext assignorContext =
        new AssignorContext(plan, stateDirectory.instanceId(), () -> self[0].previousTasks());
    KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            consumerConfig(config, bootstrap, clientId, index, exactlyOnce, assignorContext));
    KafkaConsumer<byte[], byte[]> restoreConsumer =
        new KafkaConsumer<>(restoreConsumerConfig(config, bootstrap, clientId));
    Map<String, Object> producerConfig = producerConfig(config, bootstrap, clientId, exactlyOnce);
    ThreadProducer producer =
        new ThreadProducer(() -> new KafkaProducer<>(producerConfig), exactlyOnce);

    RecordBuffer buffer = new RecordBuffer(producer::send);
    Counter restored = Counter.builder("weir.restore.records")
        .description("Changelog records replayed into local state")
        .tags(tags)
        .register(meters);
    TaskFactory factory =
        new TaskFactory(
            plan,
            partitions,
            backend,
            stateDirectory.path(),
            new Restorer(restoreConsumer),
            buffer,
            InstantSource.system(),
            (operator, metric) -> {
              Counter counter =
                  Counter.builder("weir." + metric).tags(tags).tag("operator", operator)
                      .register(meters);
              return counter::increment;
            },
            restored::increment);
    RecordErrorHandler errors =
        new RecordErrorHandler(
            config.get(WeirOptions.ERRORS_HANDLER),
            config.deadLetterTopic(),
            producer::send,
            Counter.builder("weir.records.skipped").tags(tags).register(meters),
            Counter.builder("weir.records.dead-lettered").tags(tags).register(meters));
    Committer committer =
        new Committer(
            producer,
            consumer,
            exactlyOnce,
            new RepartitionPurger(admin, PURGE_INTERVAL),
            Timer.builder("weir.commit.latency").tags(tags).register(meters),
            Counter.builder("weir.commit.failures").tags(tags).register(meters));
    StreamThread thread =
        new StreamThread(
            threadName,
            consumer,
            restoreConsumer,
            producer,
            committer,
            factory,
            errors,
            plan.inputTopics(),
            commitInterval,
            config.get(WeirOptions.POLL_TIMEOUT),
            config.get(WeirOptions.STATE_CACHE_MAX_BYTES),
            Counter.builder("weir.records.processed").tags(tags).register(meters),
            InstantSource.system(),
            this::threadFailed);
    self[0] = thread;
    threads.add(thread);
    Thread javaThread =
        new Thread(
            () -> {
              try {
                thread.run();
              } finally {
                stopped.countDown();
              }
            },
            threadName);
    javaThreads.add(javaThread);
  }

  private void threadFailed(Throwable cause) {
    if (failure.compareAndSet(null, cause)) {
      status = Status.FAILED;
      threads.forEach(StreamThread::shutdown);
    }
  }

  public Status status() {
    return status;
  }

  public Optional<Throwable> failure() {
    return Optional.ofNullable(failure.get());
  }

  public Plan plan() {
    return plan;
  }

  public String instanceId() {
    return stateDirectory.instanceId();
  }

  public MeterRegistry meters() {
    return meters;
  }

  /** Waits until every thread has ended (after {@link #close} or a failure). */
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Commits, closes every task and leaves the group; then releases the state. Idempotent.
   * Waits up to {@code timeout} for the threads.
   */
  public synchronized void close(Duration timeout) {
    if (status == Status.STOPPED) {
      return;
    }
    if (status == Status.RUNNING) {
      status = Status.STOPPING;
    }
    threads.forEach(StreamThread::shutdown);
    try {
      if (!stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        log.warn("Threads did not stop within {} ms", timeout.toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (backend != null) {
      backend.close();
    }
    stateDirectory.close();
    admin.close(Duration.ofSeconds(5));
    if (status != Status.FAILED) {
      status = Status.STOPPED;
    }
    log.info("Application '{}' stopped", plan.applicationId());
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(60));
  }

  private static void checkCommitInterval(
      WeirConfig config, boolean exactlyOnce, Duration commitInterval) {
    if (!exactlyOnce) {
      return;
    }
    Object override = config.clientOverrides("producer.").get(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG);
    long timeoutMs =
        override == null ? DEFAULT_TRANSACTION_TIMEOUT_MS : Long.parseLong(override.toString());
    if (commitInterval.toMillis() >= timeoutMs) {
      throw new ConfigException(
          "commit.interval ("
              + commitInterval.toMillis()
              + " ms) must be shorter than the producer's transaction.timeout.ms ("
              + timeoutMs
              + " ms) under exactly_once, or every transaction would time out. Lower"
              + " commit.interval or raise producer.transaction.timeout.ms.");
    }
  }

  private static RocksDbOptions rocksDbOptions(WeirConfig config) {
    long cache = config.get(WeirOptions.ROCKSDB_BLOCK_CACHE_SIZE);
    long buffers = config.get(WeirOptions.ROCKSDB_WRITE_BUFFER_SIZE);
    if (buffers >= cache) {
      throw new ConfigException(
          WeirOptions.ROCKSDB_WRITE_BUFFER_SIZE.key()
              + " ("
              + buffers
              + " bytes) must be smaller than "
              + WeirOptions.ROCKSDB_BLOCK_CACHE_SIZE.key()
              + " ("
              + cache
              + " bytes): memtables are charged to the block cache. Raise the cache or lower the"
              + " write buffers.");
    }
    return new RocksDbOptions(cache, buffers, Math.min(8L << 20, buffers), 256);
  }

  private static Optional<Short> replicationFactor(WeirConfig config) {
    int factor = config.get(WeirOptions.INTERNAL_TOPICS_REPLICATION_FACTOR);
    if (factor == 0) {
      throw new ConfigException(
          WeirOptions.INTERNAL_TOPICS_REPLICATION_FACTOR.key()
              + " is 0, but a topic needs at least one replica. Use -1 for the brokers'"
              + " default.replication.factor, or 1 or more.");
    }
    return factor < 0 ? Optional.empty() : Optional.of((short) factor);
  }

  private static Map<String, Object> adminConfig(WeirConfig config, String bootstrap) {
    Map<String, Object> props = new HashMap<>(config.clientOverrides("admin."));
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, config.require(WeirOptions.APPLICATION_ID) + "-admin");
    return props;
  }

  private static Map<String, Object> consumerConfig(
      WeirConfig config,
      String bootstrap,
      String clientId,
      int threadIndex,
      boolean exactlyOnce,
      AssignorContext assignorContext) {
    Map<String, Object> props = new HashMap<>();
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1000);
    props.putAll(config.clientOverrides("consumer."));
    // What the commit protocol depends on; not overridable.
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, config.require(WeirOptions.APPLICATION_ID));
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId + "-consumer");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    props.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, TaskAssignor.class.getName());
    props.put(TaskAssignor.CONTEXT_CONFIG, assignorContext);
    String staticMember = config.get(WeirOptions.GROUP_INSTANCE_ID);
    if (staticMember != null) {
      props.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, staticMember + "-" + threadIndex);
    }
    if (exactlyOnce) {
      props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    }
    return props;
  }

  private static Map<String, Object> restoreConsumerConfig(
      WeirConfig config, String bootstrap, String clientId) {
    Map<String, Object> props = new HashMap<>();
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
    props.putAll(config.clientOverrides("consumer."));
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    props.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId + "-restore");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    // Only committed changelog records are state; aborted ones never happened.
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    return props;
  }

  private static Map<String, Object> producerConfig(
      WeirConfig config, String bootstrap, String clientId, boolean exactlyOnce) {
    Map<String, Object> props = new HashMap<>();
    props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    if (exactlyOnce) {
      props.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, DEFAULT_TRANSACTION_TIMEOUT_MS);
    }
    props.putAll(config.clientOverrides("producer."));
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId + "-producer");
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    if (exactlyOnce) {
      props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, clientId);
    }
    return props;
  }
}
