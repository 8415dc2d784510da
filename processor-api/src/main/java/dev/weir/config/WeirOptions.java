package dev.weir.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Every option Weir reads, declared once. {@code docs/configuration.md} is generated from these
 * declarations by the build ({@link ConfigDocs}); edit them here, never there.
 */
public final class WeirOptions {

  private WeirOptions() {}

  /** The commit interval under exactly_once when {@link #COMMIT_INTERVAL} is not set. */
  public static final Duration EXACTLY_ONCE_COMMIT_INTERVAL = Duration.ofMillis(100);

  /** The commit interval under at_least_once when {@link #COMMIT_INTERVAL} is not set. */
  public static final Duration AT_LEAST_ONCE_COMMIT_INTERVAL = Duration.ofSeconds(1);

  /**
   * The producers' {@code transaction.timeout.ms} under exactly_once unless {@code
   * producer.transaction.timeout.ms} is set: shorter than Kafka's 60s, so a transaction left open
   * by a worker that died holds back {@code read_committed} readers for less time.
   */
  public static final Duration EXACTLY_ONCE_TRANSACTION_TIMEOUT = Duration.ofSeconds(10);

  public static final ConfigOption<String> APPLICATION_ID =
      ConfigOption.string(
          "application.id",
          null,
          "Names the application: its consumer group, and the prefix of its internal topics.")
          .withDefaultDoc("required");

  public static final ConfigOption<String> BOOTSTRAP_SERVERS =
      ConfigOption.string(
          "bootstrap.servers", null, "Kafka brokers to connect to, host:port,...")
          .withDefaultDoc("required");

  public static final ConfigOption<Integer> NUM_THREADS =
      ConfigOption.integer(
          "num.threads",
          1,
          1,
          "Processing threads in this instance; each is a consumer-group member with its own"
              + " tasks.");

  public static final ConfigOption<String> GROUP_INSTANCE_ID =
      ConfigOption.string(
          "group.instance.id",
          null,
          "Static group membership: a name for this instance, unique in the application and kept"
              + " across restarts (e.g. the pod name). Thread i joins as <name>-<i>, so a restart"
              + " within the session timeout moves no task. Unset: dynamic membership.");

  public static final ConfigOption<ProcessingGuarantee> PROCESSING_GUARANTEE =
      ConfigOption.choice(
          "processing.guarantee",
          ProcessingGuarantee.class,
          ProcessingGuarantee.EXACTLY_ONCE,
          "exactly_once commits output, state and offsets in one Kafka transaction;"
              + " at_least_once may repeat output after a failure.");

  public static final ConfigOption<Duration> COMMIT_INTERVAL =
      ConfigOption.duration(
          "commit.interval",
          null,
          false,
          "How often each thread commits; under exactly_once it must be shorter than the"
              + " producers' transaction timeout.")
          .withDefaultDoc(
              Durations.format(EXACTLY_ONCE_COMMIT_INTERVAL)
                  + " under exactly_once, "
                  + Durations.format(AT_LEAST_ONCE_COMMIT_INTERVAL)
                  + " under at_least_once");

  public static final ConfigOption<Path> STATE_DIR =
      ConfigOption.path(
          "state.dir",
          Path.of(System.getProperty("java.io.tmpdir"), "weir"),
          "Directory of local state; each application and task has a folder below it.")
          .withDefaultDoc("<java.io.tmpdir>/weir");

  public static final ConfigOption<StateBackendKind> STATE_BACKEND =
      ConfigOption.choice(
          "state.backend",
          StateBackendKind.class,
          StateBackendKind.ROCKSDB,
          "Where keyed state lives: rocksdb (on disk, survives restarts) or in-memory.");

  public static final ConfigOption<Integer> NUM_STANDBY_REPLICAS =
      ConfigOption.integer(
          "num.standby.replicas",
          0,
          0,
          "Copies of each task's state kept warm on other instances by reading its changelog;"
              + " on failover a standby's instance takes the task over with almost nothing to"
              + " replay.");

  public static final ConfigOption<Integer> ACCEPTABLE_RECOVERY_LAG =
      ConfigOption.integer(
          "acceptable.recovery.lag",
          10_000,
          0,
          "Changelog records an instance's copy of a task's state may trail by and still count as"
              + " caught up: a task moves only to an instance whose copy is this close, and"
              + " otherwise first warms up there while its owner keeps it.");

  public static final ConfigOption<Integer> MAX_WARMUP_REPLICAS =
      ConfigOption.integer(
          "max.warmup.replicas",
          2,
          1,
          "Tasks warming up on new owners at once, over the whole application: bounds the"
              + " changelog reading a scale-out causes.");

  public static final ConfigOption<Duration> STATE_CLEANUP_DELAY =
      ConfigOption.duration(
          "state.cleanup.delay",
          Duration.ofMinutes(10),
          true,
          "How long the local state of a task this instance no longer runs or follows stays on"
              + " disk (it is reused if the task comes back) before it is deleted.");

  public static final ConfigOption<Long> STATE_CACHE_MAX_BYTES =
      ConfigOption.bytes(
          "state.cache.max-bytes",
          16L << 20,
          0,
          "State cache per thread: the committed state values used last are kept in memory up to"
              + " this size, shared by the thread's tasks (least recently used out first), so"
              + " reading them costs no store read; uncommitted writes are held too, and when"
              + " they alone exceed this size the thread commits early.");

  public static final ConfigOption<Long> ROCKSDB_BLOCK_CACHE_SIZE =
      ConfigOption.bytes(
          "state.rocksdb.block-cache-size",
          64L << 20,
          1 << 20,
          "RocksDB block cache shared by all tasks of this instance; it must be larger than"
              + " state.rocksdb.write-buffer-size.");

  public static final ConfigOption<Long> ROCKSDB_WRITE_BUFFER_SIZE =
      ConfigOption.bytes(
          "state.rocksdb.write-buffer-size",
          32L << 20,
          1 << 20,
          "RocksDB memtable memory shared by all tasks of this instance, charged to the block"
              + " cache.");

  public static final ConfigOption<ErrorHandling> ERRORS_HANDLER =
      ConfigOption.choice(
          "errors.handler",
          ErrorHandling.class,
          ErrorHandling.DEAD_LETTER,
          "What happens to a record that cannot be deserialized or whose function throws:"
              + " fail, skip, or dead-letter.");

  public static final ConfigOption<String> ERRORS_DEAD_LETTER_TOPIC =
      ConfigOption.string(
          "errors.dead-letter.topic",
          null,
          "Topic of dead letters.")
          .withDefaultDoc("<application.id>-dlq");

  public static final ConfigOption<Integer> INTERNAL_TOPICS_REPLICATION_FACTOR =
      ConfigOption.integer(
          "internal.topics.replication-factor",
          -1,
          -1,
          "Replication factor of the internal topics Weir creates; -1 uses the brokers'"
              + " default.replication.factor. Not 0.");

  public static final ConfigOption<Duration> POLL_TIMEOUT =
      ConfigOption.duration(
          "poll.timeout",
          Duration.ofMillis(50),
          true,
          "Longest a thread waits in poll for records before it checks commits and shutdown.");

  /** The Kafka clients a worker makes, as named in {@link WeirConfig#clientConfig(String)}. */
  public static final List<String> CLIENTS = List.of("consumer", "producer", "admin");

  /**
   * Prefixes whose entries pass through, prefix removed, to one kind of Kafka client: {@code
   * consumer.} to the consumers (the restore consumers too), {@code producer.} to the producers,
   * {@code admin.} to the admin client. Weir does not check them; Kafka does.
   */
  public static final List<String> CLIENT_PREFIXES = List.of("consumer.", "producer.", "admin.");

  /**
   * Prefixes of Kafka security settings ({@code security.protocol}, {@code sasl.*}, {@code
   * ssl.*}) that, written without a client prefix, reach every Kafka client. Checked against the
   * settings Kafka's clients know.
   */
  public static final List<String> SECURITY_PREFIXES = List.of("security.", "sasl.", "ssl.");

  public static final ConfigOption<Integer> HEALTH_PORT =
      ConfigOption.integer(
          "health.port",
          -1,
          -1,
          "Port of the HTTP health endpoint (GET /health/live, /health/ready: 200 or 503); -1 turns"
              + " it off, 0 picks a free port.");

  public static final ConfigOption<String> HEALTH_ADDRESS =
      ConfigOption.string(
          "health.address",
          "127.0.0.1",
          "Address the health endpoint binds to; 0.0.0.0 to let probes from outside reach it.");

  public static final ConfigOption<Boolean> METRICS_PROMETHEUS =
      ConfigOption.bool(
          "metrics.prometheus",
          false,
          "Also serve every meter in Prometheus' text format at GET /metrics on the health"
              + " endpoint (which health.port must turn on).");

  /** Every declared option, in documentation order. */
  public static final List<ConfigOption<?>> ALL =
      List.of(
          APPLICATION_ID,
          BOOTSTRAP_SERVERS,
          NUM_THREADS,
          GROUP_INSTANCE_ID,
          PROCESSING_GUARANTEE,
          COMMIT_INTERVAL,
          STATE_DIR,
          STATE_BACKEND,
          STATE_CACHE_MAX_BYTES,
          STATE_CLEANUP_DELAY,
          NUM_STANDBY_REPLICAS,
          ACCEPTABLE_RECOVERY_LAG,
          MAX_WARMUP_REPLICAS,
          ROCKSDB_BLOCK_CACHE_SIZE,
          ROCKSDB_WRITE_BUFFER_SIZE,
          ERRORS_HANDLER,
          ERRORS_DEAD_LETTER_TOPIC,
          INTERNAL_TOPICS_REPLICATION_FACTOR,
          POLL_TIMEOUT,
          HEALTH_PORT,
          HEALTH_ADDRESS,
          METRICS_PROMETHEUS);
}
