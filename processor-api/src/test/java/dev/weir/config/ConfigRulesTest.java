package dev.weir.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatNoException;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigRulesTest {

  private static WeirConfig config(String... keyValues) {
    WeirConfig.Builder builder = WeirConfig.builder();
    for (int i = 0; i < keyValues.length; i += 2) {
      builder.set(keyValues[i], keyValues[i + 1]);
    }
    return builder.build();
  }

  @Test
  void theDefaultsKeepEveryRule() {
    assertThatNoException().isThrownBy(() -> config());
    assertThatNoException().isThrownBy(() -> config("processing.guarantee", "at_least_once"));
  }

  @Test
  void underExactlyOnceACommitIntervalNotBelowWeirsTransactionTimeoutIsRefused() {
    assertThatThrownBy(() -> config("commit.interval", "10s"))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "commit.interval (10s, set in code) must be shorter than the producers' transaction"
                + " timeout producer.transaction.timeout.ms (10000 ms, Weir's default under"
                + " exactly_once), or every transaction would time out before it commits. Lower"
                + " commit.interval below 10s, or raise producer.transaction.timeout.ms above"
                + " 10000.");
  }

  @Test
  void theMessageSaysWhereEachValueCameFrom() {
    assertThatThrownBy(
            () ->
                WeirConfig.fromSources(
                    null,
                    Map.of("WEIR_PRODUCER_TRANSACTION_TIMEOUT_MS", "30000"),
                    Map.of("commit.interval", "1m")))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "commit.interval (1m, set on the command line) must be shorter than the producers'"
                + " transaction timeout producer.transaction.timeout.ms (30000 ms, set by"
                + " environment variable WEIR_PRODUCER_TRANSACTION_TIMEOUT_MS), or every"
                + " transaction would time out before it commits. Lower commit.interval below 30s,"
                + " or raise producer.transaction.timeout.ms above 60000.");
  }

  @Test
  void aTransactionTimeoutBelowTheDefaultCommitIntervalIsRefused() {
    assertThatThrownBy(() -> config("producer.transaction.timeout.ms", "100"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(
            "commit.interval (100ms, the default under exactly_once) must be shorter than the"
                + " producers' transaction timeout producer.transaction.timeout.ms (100 ms, set in"
                + " code)");
  }

  @Test
  void aRaisedTransactionTimeoutOrAtLeastOnceAllowsALongCommitInterval() {
    assertThat(
            config("commit.interval", "30s", "producer.transaction.timeout.ms", "60000")
                .commitInterval())
        .hasSeconds(30);
    assertThat(config("commit.interval", "5m", "processing.guarantee", "at_least_once").commitInterval())
        .hasMinutes(5);
  }

  @Test
  void aMalformedTransactionTimeoutIsRefusedUnderExactlyOnce() {
    assertThatThrownBy(() -> config("producer.transaction.timeout.ms", "10s"))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "Invalid value '10s' for producer.transaction.timeout.ms (set in code): it must be a"
                + " positive whole number of milliseconds, e.g. 60000.");
  }

  @Test
  void writeBuffersMustBeSmallerThanTheBlockCache() {
    assertThatThrownBy(() -> config("state.rocksdb.write-buffer-size", "64MiB"))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "state.rocksdb.write-buffer-size (64MiB, set in code) must be smaller than"
                + " state.rocksdb.block-cache-size (64MiB, the default): memtables are charged to"
                + " the block cache. Raise state.rocksdb.block-cache-size or lower"
                + " state.rocksdb.write-buffer-size.");
  }

  @Test
  void rocksDbSizesAreNotCheckedForTheInMemoryBackend() {
    assertThatNoException()
        .isThrownBy(
            () ->
                config(
                    "state.backend", "in-memory",
                    "state.rocksdb.write-buffer-size", "128MiB"));
  }

  @Test
  void aReplicationFactorOfZeroIsRefused() {
    assertThatThrownBy(
            () ->
                WeirConfig.fromSources(
                    null, Map.of("WEIR_INTERNAL_TOPICS_REPLICATION_FACTOR", "0"), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "internal.topics.replication-factor is 0 (set by environment variable"
                + " WEIR_INTERNAL_TOPICS_REPLICATION_FACTOR), but a topic needs at least one"
                + " replica. Use -1 for the brokers' default.replication.factor, or 1 or more.");
  }

  @Test
  void prometheusMetricsNeedTheHealthEndpoint() {
    assertThatThrownBy(() -> config("metrics.prometheus", "true"))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "metrics.prometheus is true (set in code), but health.port is -1, so there is no HTTP"
                + " endpoint to serve /metrics on. Set health.port to a port (0 picks a free"
                + " one).");
    assertThat(config("metrics.prometheus", "true", "health.port", "0").get(WeirOptions.METRICS_PROMETHEUS))
        .isTrue();
    assertThatThrownBy(() -> config("metrics.prometheus", "yes"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("true or false");
  }

  @Test
  void everyBrokenRuleIsNamedAtOnce() {
    assertThatThrownBy(
            () ->
                config(
                    "internal.topics.replication-factor", "0",
                    "state.rocksdb.block-cache-size", "8MiB",
                    "state.rocksdb.write-buffer-size", "8MiB"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(
            "2 conflicts in the config:\n- state.rocksdb.write-buffer-size (8MiB, set in code)")
        .hasMessageContaining("\n- internal.topics.replication-factor is 0 (set in code)");
  }

  @Test
  void withChecksTheRulesToo() {
    WeirConfig config = config("processing.guarantee", "at_least_once", "commit.interval", "30s");

    assertThatThrownBy(() -> config.with("processing.guarantee", "exactly_once"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("commit.interval (30s, set in code) must be shorter");
  }
}
