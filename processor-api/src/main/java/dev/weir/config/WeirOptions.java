package dev.weir.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Every option Weir reads, declared once. */
public final class WeirOptions {

  private WeirOptions() {}

  public static final ConfigOption<String> APPLICATION_ID =
      ConfigOption.string(
          "application.id",
          null,
          "Names the application: its consumer group, and the prefix of its internal topics."
              + " Required.");

  public static final ConfigOption<String> BOOTSTRAP_SERVERS =
      ConfigOption.string(
          "bootstrap.servers", null, "Kafka brokers to connect to, host:port,... Required.");

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
          "How often each thread commits. Default 100ms under exactly_once, 1s under"
              + " at_least_once.");

  public static final ConfigOption<Path> STATE_DIR =
      ConfigOption.path(
          "state.dir",
          Path.of(System.getProperty("java.io.tmpdir"), "weir"),
          "Directory of local state; each application and task has a folder below it.");

  public static final ConfigOption<StateBackendKind> STATE_BACKEND =
      ConfigOption.choice(
          "state.backend",
          StateBackendKind.class,
          StateBackendKind.ROCKSDB,
          "Where keyed state lives: rocksdb (on disk, survives restarts) or in-memory.");

  public static final ConfigOption<Long> STATE_CACHE_MAX_BYTES =
      ConfigOption.bytes(
          "state.cache.max-bytes",
          16L << 20,
          0,
          "Memory of uncommitted state writes per thread; when full, the thread commits early.");

  public static final ConfigOption<Long> ROCKSDB_BLOCK_CACHE_SIZE =
      ConfigOption.bytes(
          "state.rocksdb.block-cache-size",
          64L << 20,
          1 << 20,
          "RocksDB block cache shared by all tasks of this instance.");

  public static final ConfigOption<Long> ROCKSDB_WRITE_BUFFER_SIZE =
      ConfigOption.bytes(
          "state.rocksdb.write-buffer-size",
          32L << 20,
          1 << 20,
          "RocksDB memtable memory shared by all tasks of this instance.");

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
          "Topic of dead letters. Default <application.id>-dlq.");

  public static final ConfigOption<Integer> INTERNAL_TOPICS_REPLICATION_FACTOR =
      ConfigOption.integer(
          "internal.topics.replication-factor",
          -1,
          -1,
          "Replication factor of the internal topics Weir creates; -1 uses the brokers'"
              + " default.replication.factor.");

  public static final ConfigOption<Duration> POLL_TIMEOUT =
      ConfigOption.duration(
          "poll.timeout",
          Duration.ofMillis(50),
          true,
          "Longest a thread waits in poll for records before it checks commits and shutdown.");

  /** Prefixes whose entries pass through, prefix removed, to the Kafka clients. */
  public static final List<String> CLIENT_PREFIXES = List.of("consumer.", "producer.", "admin.");

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
          ROCKSDB_BLOCK_CACHE_SIZE,
          ROCKSDB_WRITE_BUFFER_SIZE,
          ERRORS_HANDLER,
          ERRORS_DEAD_LETTER_TOPIC,
          INTERNAL_TOPICS_REPLICATION_FACTOR,
          POLL_TIMEOUT);
}
