package dev.weir.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigSourcesTest {

  @TempDir Path dir;

  private Path file(String... lines) throws IOException {
    Path file = dir.resolve("weir.properties");
    Files.write(file, java.util.List.of(lines), StandardCharsets.UTF_8);
    return file;
  }

  @Nested
  class Precedence {

    @Test
    void defaultsThenFileThenEnvironmentThenFlags() throws IOException {
      Path file =
          file(
              "num.threads=2",
              "commit.interval=200ms",
              "state.backend=in-memory",
              "producer.linger.ms=10");
      Map<String, String> env =
          Map.of(
              "WEIR_NUM_THREADS", "3",
              "WEIR_COMMIT_INTERVAL", "300ms",
              "WEIR_PRODUCER_LINGER_MS", "20");
      Map<String, String> flags = Map.of("num.threads", "4");

      WeirConfig config = WeirConfig.fromSources(file, env, flags);

      assertThat(config.get(WeirOptions.NUM_THREADS)).isEqualTo(4);
      assertThat(config.source("num.threads")).isEqualTo(ConfigSource.FLAG);
      assertThat(config.get(WeirOptions.COMMIT_INTERVAL)).isEqualTo(Duration.ofMillis(300));
      assertThat(config.source("commit.interval")).isEqualTo(ConfigSource.ENVIRONMENT);
      assertThat(config.get(WeirOptions.STATE_BACKEND)).isEqualTo(StateBackendKind.IN_MEMORY);
      assertThat(config.source("state.backend")).isEqualTo(ConfigSource.FILE);
      assertThat(config.get(WeirOptions.POLL_TIMEOUT)).isEqualTo(Duration.ofMillis(50));
      assertThat(config.source("poll.timeout")).isEqualTo(ConfigSource.DEFAULT);
      assertThat(config.clientConfig("producer")).containsEntry("linger.ms", "20");
      assertThat(config.source("producer.linger.ms")).isEqualTo(ConfigSource.ENVIRONMENT);
    }

    @Test
    void theFileOverridesTheDefaults() throws IOException {
      WeirConfig config = WeirConfig.fromSources(file("num.threads=2"), Map.of(), Map.of());

      assertThat(config.get(WeirOptions.NUM_THREADS)).isEqualTo(2);
      assertThat(config.source("num.threads")).isEqualTo(ConfigSource.FILE);
    }

    @Test
    void theEnvironmentOverridesTheFile() throws IOException {
      WeirConfig config =
          WeirConfig.fromSources(
              file("num.threads=2"), Map.of("WEIR_NUM_THREADS", "3"), Map.of());

      assertThat(config.get(WeirOptions.NUM_THREADS)).isEqualTo(3);
      assertThat(config.source("num.threads")).isEqualTo(ConfigSource.ENVIRONMENT);
    }

    @Test
    void flagsOverrideTheEnvironment() {
      WeirConfig config =
          WeirConfig.fromSources(
              null, Map.of("WEIR_NUM_THREADS", "3"), Map.of("num.threads", "4"));

      assertThat(config.get(WeirOptions.NUM_THREADS)).isEqualTo(4);
      assertThat(config.source("num.threads")).isEqualTo(ConfigSource.FLAG);
    }

    @Test
    void flagsOverrideTheFile() throws IOException {
      WeirConfig config =
          WeirConfig.fromSources(file("num.threads=2"), Map.of(), Map.of("num.threads", "4"));

      assertThat(config.get(WeirOptions.NUM_THREADS)).isEqualTo(4);
    }

    @Test
    void sourcesAppliedAfterCodeOverrideIt() {
      WeirConfig config =
          WeirConfig.builder()
              .set(WeirOptions.APPLICATION_ID, "from-code")
              .set(WeirOptions.NUM_THREADS, 2)
              .environment(Map.of("WEIR_APPLICATION_ID", "from-env"))
              .build();

      assertThat(config.get(WeirOptions.APPLICATION_ID)).isEqualTo("from-env");
      assertThat(config.source("application.id")).isEqualTo(ConfigSource.ENVIRONMENT);
      assertThat(config.source("num.threads")).isEqualTo(ConfigSource.CODE);
    }

    @Test
    void withKeepsWhereEachValueCameFrom() {
      WeirConfig config =
          WeirConfig.fromSources(null, Map.of("WEIR_NUM_THREADS", "3"), Map.of())
              .with("application.id", "app");

      assertThat(config.source("num.threads")).isEqualTo(ConfigSource.ENVIRONMENT);
      assertThat(config.source("application.id")).isEqualTo(ConfigSource.CODE);
    }

    @Test
    void fromEnvironmentReadsTheProcessEnvironment() {
      assumeThat(System.getenv().keySet()).noneMatch(name -> name.startsWith("WEIR_"));

      WeirConfig config = WeirConfig.fromEnvironment(Map.of("num.threads", "5"));

      assertThat(config.get(WeirOptions.NUM_THREADS)).isEqualTo(5);
      assertThat(config.source("num.threads")).isEqualTo(ConfigSource.FLAG);
    }
  }

  @Nested
  class EnvironmentNames {

    @ParameterizedTest
    @CsvSource({
      "WEIR_NUM_THREADS, num.threads, 3",
      "WEIR_APPLICATION_ID, application.id, clicks",
      "WEIR_STATE_ROCKSDB_BLOCK_CACHE_SIZE, state.rocksdb.block-cache-size, 128MiB",
      "WEIR_STATE_CACHE_MAX_BYTES, state.cache.max-bytes, 1MiB",
      "WEIR_ERRORS_DEAD_LETTER_TOPIC, errors.dead-letter.topic, broken",
      "WEIR_INTERNAL_TOPICS_REPLICATION_FACTOR, internal.topics.replication-factor, 3",
      "WEIR_PRODUCER_COMPRESSION_TYPE, producer.compression.type, lz4",
      "WEIR_CONSUMER_MAX_POLL_RECORDS, consumer.max.poll.records, 100",
      "WEIR_ADMIN_REQUEST_TIMEOUT_MS, admin.request.timeout.ms, 1000",
      "WEIR_SECURITY_PROTOCOL, security.protocol, SASL_SSL",
      "WEIR_SASL_MECHANISM, sasl.mechanism, PLAIN",
      "WEIR_SSL_TRUSTSTORE_LOCATION, ssl.truststore.location, /etc/weir/truststore.p12",
      "WEIR_CONSUMER_SASL_JAAS_CONFIG, consumer.sasl.jaas.config, x"
    })
    void aVariableSetsTheKeyItNames(String variable, String key, String value) {
      WeirConfig config = WeirConfig.fromSources(null, Map.of(variable, value), Map.of());

      assertThat(config.entries()).containsExactlyEntriesOf(Map.of(key, value));
      assertThat(config.source(key)).isEqualTo(ConfigSource.ENVIRONMENT);
    }

    @Test
    void everyOptionNamesItsVariable() {
      assertThat(WeirOptions.NUM_THREADS.environmentVariable()).isEqualTo("WEIR_NUM_THREADS");
      assertThat(WeirOptions.ROCKSDB_BLOCK_CACHE_SIZE.environmentVariable())
          .isEqualTo("WEIR_STATE_ROCKSDB_BLOCK_CACHE_SIZE");
      Set<String> variables = new HashSet<>();
      for (ConfigOption<?> option : WeirOptions.ALL) {
        assertThat(variables.add(option.environmentVariable()))
            .as("%s has a variable of its own", option.key())
            .isTrue();
        WeirConfig config =
            WeirConfig.fromSources(
                null, Map.of(option.environmentVariable(), validValue(option)), Map.of());
        assertThat(config.source(option.key())).as(option.key()).isEqualTo(ConfigSource.ENVIRONMENT);
      }
    }

    @Test
    void noOptionCouldBeMistakenForAPassThroughSetting() {
      for (ConfigOption<?> option : WeirOptions.ALL) {
        assertThat(WeirOptions.CLIENT_PREFIXES).noneMatch(option.key()::startsWith);
        assertThat(WeirOptions.SECURITY_PREFIXES).noneMatch(option.key()::startsWith);
      }
    }

    @Test
    void otherVariablesAndTheConfigFileVariableAreIgnored() {
      WeirConfig config =
          WeirConfig.fromSources(
              null,
              Map.of(
                  "PATH", "/usr/bin",
                  "HOME", "/root",
                  "weir_num_threads", "9",
                  "WEIRD_THING", "1",
                  "WEIR_CONFIG_FILE", "/etc/weir.properties"),
              Map.of());

      assertThat(config.entries()).isEmpty();
    }

    @Test
    void anUnknownVariableIsNamedWithTheNearestOption() {
      assertThatThrownBy(
              () -> WeirConfig.fromSources(null, Map.of("WEIR_NUM_THREAD", "2"), Map.of()))
          .isInstanceOf(ConfigException.class)
          .hasMessageStartingWith(
              "Unknown environment variable WEIR_NUM_THREAD (did you mean WEIR_NUM_THREADS, for"
                  + " num.threads?): it names no Weir setting. Weir reads every WEIR_ variable as"
                  + " a setting: WEIR_ and the option's key in upper case with '.' and '-' as '_'")
          .hasMessageContaining("Kafka client settings as WEIR_CONSUMER_...")
          .hasMessageEndingWith("Fix the name, or unset the variable.");
    }

    @Test
    void everyUnknownVariableIsNamedAtOnce() {
      assertThatThrownBy(
              () ->
                  WeirConfig.fromSources(
                      null,
                      Map.of(
                          "WEIR_STATE_BACKEN", "rocksdb",
                          "WEIR_SERVICE_HOST", "10.0.0.1",
                          "WEIR_LOG_LEVEL", "debug",
                          "WEIR_NUM_THREADS", "2"),
                      Map.of()))
          .isInstanceOf(ConfigException.class)
          .hasMessageStartingWith(
              "Unknown environment variables WEIR_LOG_LEVEL, WEIR_SERVICE_HOST (Kubernetes sets it"
                  + " for a Service named 'weir': rename the Service, or set enableServiceLinks:"
                  + " false in the pod spec), WEIR_STATE_BACKEN (did you mean WEIR_STATE_BACKEND,"
                  + " for state.backend?): they name no Weir setting.");
    }

    @Test
    void aPassThroughVariableNeedsAKeyAfterItsPrefix() {
      assertThatThrownBy(() -> WeirConfig.fromSources(null, Map.of("WEIR_PRODUCER_", "x"), Map.of()))
          .isInstanceOf(ConfigException.class)
          .hasMessageStartingWith("Unknown environment variable WEIR_PRODUCER_:");
    }

    @Test
    void aBadValueNamesTheVariableItCameFrom() {
      assertThatThrownBy(
              () -> WeirConfig.fromSources(null, Map.of("WEIR_NUM_THREADS", "zero"), Map.of()))
          .isInstanceOf(ConfigException.class)
          .hasMessageStartingWith("Invalid value 'zero' for num.threads: it is not a whole number.")
          .hasMessageEndingWith("(set by environment variable WEIR_NUM_THREADS)");
    }

    private static String validValue(ConfigOption<?> option) {
      Object value = option.defaultValue();
      return value == null
          ? (option == WeirOptions.COMMIT_INTERVAL ? "1s" : "x")
          : option.formatObject(value);
    }
  }

  @Nested
  class PropertiesFiles {

    @Test
    void aFileIsReadAsUtf8Properties() throws IOException {
      Path file = file("# comment", "application.id = caf\u00e9", "num.threads: 2");

      WeirConfig config = WeirConfig.fromSources(file, Map.of(), Map.of());

      assertThat(config.get(WeirOptions.APPLICATION_ID)).isEqualTo("caf\u00e9");
      assertThat(config.get(WeirOptions.NUM_THREADS)).isEqualTo(2);
    }

    @Test
    void aMissingFileIsNamed() {
      Path missing = dir.resolve("nope.properties");

      assertThatThrownBy(() -> WeirConfig.fromSources(missing, Map.of(), Map.of()))
          .isInstanceOf(ConfigException.class)
          .hasMessage(
              "The config file "
                  + missing.toAbsolutePath()
                  + " does not exist. Check the path, or start without a config file.");
    }

    @Test
    void anUnknownKeyInTheFileNamesTheFile() throws IOException {
      Path file = file("num.thread=2");

      assertThatThrownBy(() -> WeirConfig.fromSources(file, Map.of(), Map.of()))
          .isInstanceOf(ConfigException.class)
          .hasMessage(
              "Unknown option 'num.thread'. Did you mean 'num.threads'? (set in properties file "
                  + file
                  + ")");
    }

    @Test
    void aBadFlagSaysItCameFromTheCommandLine() {
      assertThatThrownBy(() -> WeirConfig.fromSources(null, Map.of(), Map.of("poll.timeout", "soon")))
          .isInstanceOf(ConfigException.class)
          .hasMessageStartingWith("Invalid value 'soon' for poll.timeout:")
          .hasMessageEndingWith("(set on the command line)");
    }
  }
}
