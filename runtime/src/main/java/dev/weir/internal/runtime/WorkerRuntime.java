package dev.weir.internal.runtime;

import dev.weir.api.Pipeline;
import dev.weir.config.ConfigException;
import dev.weir.config.ProcessingGuarantee;
import dev.weir.config.StateBackendKind;
import dev.weir.config.WeirConfig;
import dev.weir.config.WeirOptions;
import dev.weir.internal.runtime.assign.AssignmentSettings;
import dev.weir.internal.runtime.assign.AssignorContext;
import dev.weir.internal.runtime.assign.LocalTasks;
import dev.weir.internal.runtime.assign.TaskAssignor;
import dev.weir.internal.runtime.commit.Committer;
import dev.weir.internal.runtime.commit.RepartitionPurger;
import dev.weir.internal.runtime.commit.ThreadProducer;
import dev.weir.internal.runtime.errors.RecordErrorHandler;
import dev.weir.internal.runtime.health.HealthServer;
import dev.weir.internal.runtime.metrics.JmxMeters;
import dev.weir.internal.runtime.metrics.ThreadMetrics;
import dev.weir.internal.runtime.plan.Plan;
import dev.weir.internal.runtime.plan.Planner;
import dev.weir.internal.runtime.restore.ChangelogReader;
import dev.weir.internal.runtime.task.RecordBuffer;
import dev.weir.internal.runtime.task.TaskFactory;
import dev.weir.internal.runtime.task.TaskId;
import dev.weir.internal.runtime.topics.TopicSetup;
import dev.weir.internal.state.InMemoryBackend;
import dev.weir.internal.state.RocksDbBackend;
import dev.weir.internal.state.RocksDbOptions;
import dev.weir.internal.state.StateBackend;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running worker: its threads, its state backend and its locked state folder. Built and started
 * by {@link #start}; everything that can be wrong with the config or the topics fails there,
 * before any thread runs.
 *
 * <p>Its meters go to the registry it is given, or to a JMX registry of its own (domain {@code
 * weir}) that it closes with itself. Health ({@link #isLive}, {@link #isReady}) can also be served
 * over HTTP ({@link #startHealthEndpoint}).
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
  private static final Duration PURGE_INTERVAL = Duration.ofSeconds(30);
  private static final Duration CHANGELOG_ENDS_TIMEOUT = Duration.ofSeconds(10);

  private final Plan plan;
  private final Admin admin;
  private final StateDirectory stateDirectory;
  private final StateBackend backend;
  private final LocalTasks localTasks;
  private io.micrometer.core.instrument.Meter rocksDbMemory;
  private final List<StreamThread> threads = new ArrayList<>();
  private final List<Thread> javaThreads = new ArrayList<>();
  private final CountDownLatch stopped;
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private final MeterRegistry meters;
  private final CompositeMeterRegistry ownMeters;
  /** Serves {@code /metrics} when {@code metrics.prometheus} is on; null otherwise. */
  private final PrometheusMeterRegistry prometheus;
  private HealthServer health;
  private boolean closed;
  private volatile Status status = Status.RUNNING;

  private WorkerRuntime(
      Plan plan,
      Admin admin,
      StateDirectory stateDirectory,
      StateBackend backend,
      int threadCount,
      MeterRegistry meters,
      CompositeMeterRegistry ownMeters,
      PrometheusMeterRegistry prometheus,
      LocalTasks localTasks) {
    this.plan = plan;
    this.prometheus = prometheus;
    this.admin = admin;
    this.stateDirectory = stateDirectory;
    this.backend = backend;
    this.localTasks = localTasks;
    this.stopped = new CountDownLatch(threadCount);
    this.meters = meters;
    this.ownMeters = ownMeters;
  }

  /**
   * As {@link #start(Pipeline, WeirConfig, MeterRegistry)}, with a registry of the worker's own
   * that publishes the meters over JMX in domain {@code weir} and is closed with the worker.
   */
  public static WorkerRuntime start(Pipeline pipeline, WeirConfig config) {
    CompositeMeterRegistry jmx = JmxMeters.newRegistry();
    try {
      return start(pipeline, config, jmx, jmx);
    } catch (RuntimeException e) {
      JmxMeters.close(jmx);
      throw e;
    }
  }

  /**
   * Plans the pipeline, prepares its topics, and starts its threads.
   *
   * @throws ConfigException for a missing or conflicting option
   * @throws dev.weir.api.TopologyException for a pipeline that cannot run on these topics
   */
  public static WorkerRuntime start(Pipeline pipeline, WeirConfig config, MeterRegistry meters) {
    return start(pipeline, config, meters, null);
  }

  private static WorkerRuntime start(
      Pipeline pipeline,
      WeirConfig config,
      MeterRegistry meters,
      CompositeMeterRegistry ownMeters) {
    String applicationId = config.require(WeirOptions.APPLICATION_ID);
    String bootstrap = config.require(WeirOptions.BOOTSTRAP_SERVERS);
    boolean exactlyOnce =
        config.get(WeirOptions.PROCESSING_GUARANTEE) == ProcessingGuarantee.EXACTLY_ONCE;
    // Rules that span options (commit interval vs transaction timeout, RocksDB memory,
    // replication factor) were checked when the config was built.
    Duration commitInterval = config.commitInterval();

    Plan plan = Planner.plan(pipeline, applicationId);
    PrometheusMeterRegistry prometheus = null;
    if (config.get(WeirOptions.METRICS_PROMETHEUS)) {
      prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      CompositeMeterRegistry both = new CompositeMeterRegistry();
      both.add(meters);
      both.add(prometheus);
      meters = both;
    }
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
          new WorkerRuntime(
              plan,
              admin,
              stateDirectory,
              backend,
              threadCount,
              meters,
              ownMeters,
              prometheus,
              new LocalTasks(
                  stateDirectory.path(),
                  backend != null && backend.persistent(),
                  config.get(WeirOptions.STATE_CLEANUP_DELAY)));
      if (backend instanceof RocksDbBackend rocksDb) {
        worker.rocksDbMemory =
            io.micrometer.core.instrument.Gauge.builder(
                    "weir.rocksdb.memory.bytes", rocksDb, RocksDbBackend::memoryUsageBytes)
                .description("Block cache and memtables of all RocksDB stores of this instance")
                .tags("application", applicationId, "instance", stateDirectory.instanceId())
                .register(meters);
      }
      log.info(
          "Starting application '{}' instance {} with {} thread(s), {}, commit every {} ms,"
              + " state in {}\n{}\nConfiguration:\n{}",
          applicationId,
          stateDirectory.instanceId(),
          threadCount,
          config.get(WeirOptions.PROCESSING_GUARANTEE).configValue(),
          commitInterval.toMillis(),
          stateDirectory.path(),
          plan.describe(),
          config.describe());
      // Before any client or thread exists, so a port in use fails the start with nothing to undo.
      int healthPort = config.get(WeirOptions.HEALTH_PORT);
      if (healthPort >= 0) {
        int bound =
            worker.startHealthEndpoint(
                new InetSocketAddress(config.get(WeirOptions.HEALTH_ADDRESS), healthPort));
        log.info(
            "Health endpoint at http://{}:{}/health/ready and /health/live{}",
            config.get(WeirOptions.HEALTH_ADDRESS),
            bound,
            prometheus == null ? "" : ", Prometheus metrics at /metrics");
      }
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
    ThreadMetrics metrics =
        new ThreadMetrics(
            meters,
            applicationId,
            stateDirectory.instanceId(),
            Integer.toString(index),
            InstantSource.system());

    StreamThread[] self = new StreamThread[1];
    AssignorContext assignorContext =
        new AssignorContext(
            plan,
            stateDirectory.instanceId(),
            plan.fingerprint(),
            new AssignmentSettings(
                config.get(WeirOptions.NUM_STANDBY_REPLICAS),
                config.get(WeirOptions.ACCEPTABLE_RECOVERY_LAG),
                config.get(WeirOptions.MAX_WARMUP_REPLICAS)),
            localTasks,
            () -> self[0].rebalanceStarting(),
            info -> self[0].assigned(info),
            this::changelogEnds);
    KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            consumerConfig(config, bootstrap, clientId, index, exactlyOnce, assignorContext));
    KafkaConsumer<byte[], byte[]> restoreConsumer =
        new KafkaConsumer<>(restoreConsumerConfig(config, bootstrap, clientId));
    Map<String, Object> producerConfig = producerConfig(config, bootstrap, clientId, exactlyOnce);
    ThreadProducer producer =
        new ThreadProducer(
            () -> new KafkaProducer<>(producerConfig), exactlyOnce, metrics.transactionsAborted());

    RecordBuffer buffer = new RecordBuffer(producer::send);
    TaskFactory factory =
        new TaskFactory(
            plan,
            partitions,
            backend,
            stateDirectory.path(),
            buffer,
            InstantSource.system(),
            (operator, metric) -> {
              Counter counter = metrics.operatorCounter(operator, metric);
              return counter::increment;
            },
            metrics::restored);
    ChangelogReader changelogs =
        new ChangelogReader(
            restoreConsumer, (task, remaining) -> metrics.restoring(TaskId.parse(task), remaining));
    RecordErrorHandler errors =
        new RecordErrorHandler(
            config.get(WeirOptions.ERRORS_HANDLER),
            config.deadLetterTopic(),
            producer::send,
            metrics.skipped(),
            metrics.deadLettered());
    Committer committer =
        new Committer(
            producer,
            consumer,
            exactlyOnce,
            new RepartitionPurger(admin, PURGE_INTERVAL),
            metrics.commitLatency(),
            metrics.commits(),
            metrics.commitFailures());
    StreamThread thread =
        new StreamThread(
            threadName,
            consumer,
            restoreConsumer,
            producer,
            committer,
            factory,
            changelogs,
            localTasks,
            errors,
            buffer,
            plan.inputTopics(),
            new StreamThread.Settings(
                commitInterval,
                config.get(WeirOptions.POLL_TIMEOUT),
                config.get(WeirOptions.STATE_CACHE_MAX_BYTES),
                config.get(WeirOptions.ACCEPTABLE_RECOVERY_LAG)),
            metrics,
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

  /**
   * The end offsets ({@code read_committed}) of changelog partitions, for the assignor when this
   * instance leads the group.
   */
  private Map<TopicPartition, Long> changelogEnds(Set<TopicPartition> partitions) {
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    partitions.forEach(partition -> latest.put(partition, OffsetSpec.latest()));
    try {
      Map<TopicPartition, Long> ends = new HashMap<>();
      admin
          .listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
          .all()
          .get(CHANGELOG_ENDS_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
          .forEach((partition, info) -> ends.put(partition, info.offset()));
      return ends;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaException("Interrupted while reading changelog end offsets", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new KafkaException("Could not read changelog end offsets", e);
    }
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

  /**
   * Alive: running with every thread alive, or stopping gracefully. False once stopped or failed.
   * Safe from any thread.
   */
  public boolean isLive() {
    return notLive().isEmpty();
  }

  /**
   * Ready: running, and every thread has its assignment with all its tasks made and restored.
   * False while any thread joins the group, rebalances or restores, and once stopping. Safe from
   * any thread.
   */
  public boolean isReady() {
    return notReady().isEmpty();
  }

  /** Why the worker is not live, or empty when it is. */
  public Optional<String> notLive() {
    Status current = status;
    if (current == Status.STOPPING) {
      return Optional.empty();
    }
    if (current != Status.RUNNING) {
      return Optional.of("worker " + current.name().toLowerCase(Locale.ROOT));
    }
    for (Thread thread : javaThreads) {
      if (!thread.isAlive()) {
        return Optional.of("thread " + thread.getName() + " ended");
      }
    }
    return Optional.empty();
  }

  /** Why the worker is not ready, or empty when it is. */
  public Optional<String> notReady() {
    Status current = status;
    if (current != Status.RUNNING) {
      return Optional.of("worker " + current.name().toLowerCase(Locale.ROOT));
    }
    for (int i = 0; i < threads.size(); i++) {
      StreamThread.Phase phase = threads.get(i).phase();
      if (phase != StreamThread.Phase.RUNNING) {
        return Optional.of(
            "thread "
                + javaThreads.get(i).getName()
                + " "
                + phase.name().toLowerCase(Locale.ROOT));
      }
    }
    return Optional.empty();
  }

  /**
   * Serves {@code GET /health/live} and {@code /health/ready} on {@code address} until the worker
   * closes. At most once per worker.
   *
   * @return the bound port (useful with port 0)
   * @throws IllegalStateException when the endpoint already runs or the worker is closed
   * @throws java.io.UncheckedIOException when the address cannot be bound
   */
  public synchronized int startHealthEndpoint(InetSocketAddress address) {
    if (health != null) {
      throw new IllegalStateException(
          "The health endpoint already runs on port " + health.port() + "; start it once");
    }
    if (closed) {
      throw new IllegalStateException("The worker is closed; its health endpoint cannot start");
    }
    health =
        HealthServer.start(
            address,
            this::notLive,
            this::notReady,
            prometheus == null ? null : prometheus::scrape);
    return health.port();
  }

  /** The port the health endpoint is bound to, once it runs. */
  public synchronized java.util.OptionalInt healthPort() {
    return health == null ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(health.port());
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
    if (rocksDbMemory != null) {
      meters.remove(rocksDbMemory);
    }
    if (backend != null) {
      backend.close();
    }
    stateDirectory.close();
    admin.close(Duration.ofSeconds(5));
    if (status != Status.FAILED) {
      status = Status.STOPPED;
    }
    if (health != null) {
      health.close();
    }
    if (ownMeters != null) {
      JmxMeters.close(ownMeters);
    }
    if (prometheus != null) {
      prometheus.close();
    }
    closed = true;
    log.info("Application '{}' stopped", plan.applicationId());
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(60));
  }

  private static RocksDbOptions rocksDbOptions(WeirConfig config) {
    long cache = config.get(WeirOptions.ROCKSDB_BLOCK_CACHE_SIZE);
    long buffers = config.get(WeirOptions.ROCKSDB_WRITE_BUFFER_SIZE);
    return new RocksDbOptions(cache, buffers, Math.min(8L << 20, buffers), 256);
  }

  private static Optional<Short> replicationFactor(WeirConfig config) {
    int factor = config.get(WeirOptions.INTERNAL_TOPICS_REPLICATION_FACTOR); // never 0
    return factor < 0 ? Optional.empty() : Optional.of((short) factor);
  }

  private static Map<String, Object> adminConfig(WeirConfig config, String bootstrap) {
    Map<String, Object> props = config.clientConfig("admin");
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
    props.putAll(config.clientConfig("consumer"));
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
    props.putAll(config.clientConfig("consumer"));
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
    // Security settings, producer.* overrides, and under exactly_once the transaction timeout
    // that the config checked commit.interval against.
    props.putAll(config.clientConfig("producer"));
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
