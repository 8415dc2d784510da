package dev.weir.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Rules that span options, checked once when a {@link WeirConfig} is built, so a conflict fails at
 * start and not at the first commit. Each rule has a documentation line, rendered into {@code
 * docs/configuration.md}.
 */
final class ConfigRules {

  /**
   * One rule.
   *
   * @param doc what the rule requires, for the documentation
   * @param violation the message for a config that breaks the rule, or null when it keeps it
   */
  record Rule(String doc, Function<WeirConfig, String> violation) {}

  static final List<Rule> ALL =
      List.of(
          new Rule(
              "Under exactly_once, commit.interval must be shorter than the producers'"
                  + " transaction.timeout.ms (producer.transaction.timeout.ms, "
                  + Durations.format(WeirOptions.EXACTLY_ONCE_TRANSACTION_TIMEOUT)
                  + " unless set), or every transaction would time out before it commits.",
              ConfigRules::commitIntervalWithinTransactionTimeout),
          new Rule(
              "With state.backend=rocksdb, state.rocksdb.write-buffer-size must be smaller than"
                  + " state.rocksdb.block-cache-size: memtables are charged to the block cache.",
              ConfigRules::writeBuffersWithinBlockCache),
          new Rule(
              "internal.topics.replication-factor must not be 0: -1 for the brokers' default,"
                  + " or 1 or more.",
              ConfigRules::replicationFactorNotZero),
          new Rule(
              "metrics.prometheus=true needs health.port: /metrics is served on the health"
                  + " endpoint.",
              ConfigRules::prometheusNeedsHealthPort));

  private ConfigRules() {}

  /**
   * @throws ConfigException with every broken rule's message, one a line
   */
  static void check(WeirConfig config) {
    List<String> violations = new ArrayList<>();
    for (Rule rule : ALL) {
      String violation = rule.violation().apply(config);
      if (violation != null) {
        violations.add(violation);
      }
    }
    if (violations.size() == 1) {
      throw new ConfigException(violations.get(0));
    }
    if (!violations.isEmpty()) {
      throw new ConfigException(
          violations.size() + " conflicts in the config:\n- " + String.join("\n- ", violations));
    }
  }

  private static String commitIntervalWithinTransactionTimeout(WeirConfig config) {
    if (config.get(WeirOptions.PROCESSING_GUARANTEE) != ProcessingGuarantee.EXACTLY_ONCE) {
      return null;
    }
    Duration interval = config.commitInterval();
    Duration timeout = config.transactionTimeout();
    if (interval.compareTo(timeout) < 0) {
      return null;
    }
    String timeoutKey = WeirConfig.PRODUCER_TRANSACTION_TIMEOUT;
    return WeirOptions.COMMIT_INTERVAL.key()
        + " ("
        + Durations.format(interval)
        + ", "
        + (config.isSet(WeirOptions.COMMIT_INTERVAL)
            ? config.originDescription(WeirOptions.COMMIT_INTERVAL.key())
            : "the default under exactly_once")
        + ") must be shorter than the producers' transaction timeout "
        + timeoutKey
        + " ("
        + timeout.toMillis()
        + " ms, "
        + (config.entries().containsKey(timeoutKey)
            ? config.originDescription(timeoutKey)
            : "Weir's default under exactly_once")
        + "), or every transaction would time out before it commits. Lower "
        + WeirOptions.COMMIT_INTERVAL.key()
        + " below "
        + Durations.format(timeout)
        + ", or raise "
        + timeoutKey
        + " above "
        + interval.toMillis()
        + ".";
  }

  private static String writeBuffersWithinBlockCache(WeirConfig config) {
    if (config.get(WeirOptions.STATE_BACKEND) != StateBackendKind.ROCKSDB) {
      return null;
    }
    long cache = config.get(WeirOptions.ROCKSDB_BLOCK_CACHE_SIZE);
    long buffers = config.get(WeirOptions.ROCKSDB_WRITE_BUFFER_SIZE);
    if (buffers < cache) {
      return null;
    }
    return WeirOptions.ROCKSDB_WRITE_BUFFER_SIZE.key()
        + " ("
        + sizeWithOrigin(config, WeirOptions.ROCKSDB_WRITE_BUFFER_SIZE, buffers)
        + ") must be smaller than "
        + WeirOptions.ROCKSDB_BLOCK_CACHE_SIZE.key()
        + " ("
        + sizeWithOrigin(config, WeirOptions.ROCKSDB_BLOCK_CACHE_SIZE, cache)
        + "): memtables are charged to the block cache. Raise "
        + WeirOptions.ROCKSDB_BLOCK_CACHE_SIZE.key()
        + " or lower "
        + WeirOptions.ROCKSDB_WRITE_BUFFER_SIZE.key()
        + ".";
  }

  private static String sizeWithOrigin(WeirConfig config, ConfigOption<Long> option, long bytes) {
    return Sizes.format(bytes) + ", " + config.originDescription(option.key());
  }

  private static String prometheusNeedsHealthPort(WeirConfig config) {
    if (!config.get(WeirOptions.METRICS_PROMETHEUS) || config.get(WeirOptions.HEALTH_PORT) >= 0) {
      return null;
    }
    return WeirOptions.METRICS_PROMETHEUS.key()
        + " is true ("
        + config.originDescription(WeirOptions.METRICS_PROMETHEUS.key())
        + "), but "
        + WeirOptions.HEALTH_PORT.key()
        + " is -1, so there is no HTTP endpoint to serve /metrics on. Set "
        + WeirOptions.HEALTH_PORT.key()
        + " to a port (0 picks a free one).";
  }

  private static String replicationFactorNotZero(WeirConfig config) {
    if (config.get(WeirOptions.INTERNAL_TOPICS_REPLICATION_FACTOR) != 0) {
      return null;
    }
    return WeirOptions.INTERNAL_TOPICS_REPLICATION_FACTOR.key()
        + " is 0 ("
        + config.originDescription(WeirOptions.INTERNAL_TOPICS_REPLICATION_FACTOR.key())
        + "), but a topic needs at least one replica. Use -1 for the brokers'"
        + " default.replication.factor, or 1 or more.";
  }
}
