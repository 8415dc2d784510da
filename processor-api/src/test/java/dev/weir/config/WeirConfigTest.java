package dev.weir.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class WeirConfigTest {

  private static WeirConfig config(String... keyValues) {
    WeirConfig.Builder builder = WeirConfig.builder();
    for (int i = 0; i < keyValues.length; i += 2) {
      builder.set(keyValues[i], keyValues[i + 1]);
    }
    return builder.build();
  }

  @Nested
  class Defaults {

    @Test
    void anEmptyConfigHasEveryDefault() {
      WeirConfig config = config();

      assertThat(config.get(WeirOptions.NUM_THREADS)).isEqualTo(1);
      assertThat(config.get(WeirOptions.PROCESSING_GUARANTEE))
          .isEqualTo(ProcessingGuarantee.EXACTLY_ONCE);
      assertThat(config.get(WeirOptions.STATE_BACKEND)).isEqualTo(StateBackendKind.ROCKSDB);
      assertThat(config.get(WeirOptions.STATE_CACHE_MAX_BYTES)).isEqualTo(16L << 20);
      assertThat(config.get(WeirOptions.ROCKSDB_BLOCK_CACHE_SIZE)).isEqualTo(64L << 20);
      assertThat(config.get(WeirOptions.ROCKSDB_WRITE_BUFFER_SIZE)).isEqualTo(32L << 20);
      assertThat(config.get(WeirOptions.ERRORS_HANDLER)).isEqualTo(ErrorHandling.DEAD_LETTER);
      assertThat(config.get(WeirOptions.INTERNAL_TOPICS_REPLICATION_FACTOR)).isEqualTo(-1);
      assertThat(config.get(WeirOptions.POLL_TIMEOUT)).isEqualTo(Duration.ofMillis(50));
      assertThat(config.get(WeirOptions.STATE_DIR))
          .isEqualTo(Path.of(System.getProperty("java.io.tmpdir"), "weir"));
    }

    @Test
    void optionsWithoutADefaultReadAsNullAndAreNotSet() {
      WeirConfig config = config();

      assertThat(config.get(WeirOptions.APPLICATION_ID)).isNull();
      assertThat(config.get(WeirOptions.BOOTSTRAP_SERVERS)).isNull();
      assertThat(config.get(WeirOptions.COMMIT_INTERVAL)).isNull();
      assertThat(config.get(WeirOptions.ERRORS_DEAD_LETTER_TOPIC)).isNull();
      assertThat(config.isSet(WeirOptions.APPLICATION_ID)).isFalse();
      assertThat(config.entries()).isEmpty();
    }

    @Test
    void commitIntervalIs100msUnderExactlyOnce() {
      assertThat(config().commitInterval()).isEqualTo(Duration.ofMillis(100));
      assertThat(config("processing.guarantee", "exactly_once").commitInterval())
          .isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void commitIntervalIs1sUnderAtLeastOnce() {
      assertThat(config("processing.guarantee", "at_least_once").commitInterval())
          .isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aSetCommitIntervalWinsUnderEitherGuarantee() {
      assertThat(config("commit.interval", "250ms").commitInterval())
          .isEqualTo(Duration.ofMillis(250));
      assertThat(
              config("processing.guarantee", "at_least_once", "commit.interval", "5s")
                  .commitInterval())
          .isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void theDeadLetterTopicDefaultsToTheApplicationIdWithDlq() {
      assertThat(config("application.id", "click-counter").deadLetterTopic())
          .isEqualTo("click-counter-dlq");
      assertThat(
              config("application.id", "app", "errors.dead-letter.topic", "broken")
                  .deadLetterTopic())
          .isEqualTo("broken");
    }

    @Test
    void theDefaultDeadLetterTopicNeedsAnApplicationId() {
      assertThatThrownBy(() -> config().deadLetterTopic())
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("application.id is not set");
    }
  }

  @Nested
  class Required {

    @Test
    void aMissingRequiredOptionNamesTheKeyAndHowToSetIt() {
      assertThatThrownBy(() -> config().require(WeirOptions.APPLICATION_ID))
          .isInstanceOf(ConfigException.class)
          .hasMessageStartingWith("application.id is not set, and it is required: ")
          .hasMessageContaining("Names the application")
          .hasMessageContaining("application.id=... in the config")
          .hasMessageContaining("WEIR_APPLICATION_ID=... in the environment")
          .hasMessageContaining("--set application.id=... on the command line");
      assertThatThrownBy(() -> config().require(WeirOptions.BOOTSTRAP_SERVERS))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("bootstrap.servers is not set")
          .hasMessageContaining("--set bootstrap.servers=...");
    }

    @Test
    void aSetRequiredOptionIsReturned() {
      WeirConfig config = config("application.id", "app", "bootstrap.servers", "localhost:9092");

      assertThat(config.require(WeirOptions.APPLICATION_ID)).isEqualTo("app");
      assertThat(config.require(WeirOptions.BOOTSTRAP_SERVERS)).isEqualTo("localhost:9092");
      assertThat(config.isSet(WeirOptions.APPLICATION_ID)).isTrue();
    }

    @Test
    void requireReturnsADefaultWhenThereIsOne() {
      assertThat(config().require(WeirOptions.NUM_THREADS)).isEqualTo(1);
    }

    @Test
    void aKeyWithoutAValueIsRefusedNamingTheKey() {
      assertThatThrownBy(() -> config("num.threads", null))
          .isInstanceOf(ConfigException.class)
          .hasMessageStartingWith("No value given for num.threads.")
          .hasMessageContaining("Processing threads in this instance");
    }

    @Test
    void aBlankStringIsRefused() {
      assertThatThrownBy(() -> config("application.id", "  "))
          .isInstanceOf(ConfigException.class)
          .hasMessageStartingWith("Invalid value '  ' for application.id: it is empty.");
    }
  }

  @Nested
  class Values {

    @ParameterizedTest
    @CsvSource({
      "exactly_once, EXACTLY_ONCE",
      "at_least_once, AT_LEAST_ONCE",
      "AT_LEAST_ONCE, AT_LEAST_ONCE",
      "' exactly_once ', EXACTLY_ONCE"
    })
    void processingGuaranteeChoices(String raw, ProcessingGuarantee expected) {
      assertThat(config("processing.guarantee", raw).get(WeirOptions.PROCESSING_GUARANTEE))
          .isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"rocksdb, ROCKSDB", "in-memory, IN_MEMORY", "RocksDB, ROCKSDB"})
    void stateBackendChoices(String raw, StateBackendKind expected) {
      assertThat(config("state.backend", raw).get(WeirOptions.STATE_BACKEND)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"fail, FAIL", "skip, SKIP", "dead-letter, DEAD_LETTER"})
    void errorHandlerChoices(String raw, ErrorHandling expected) {
      assertThat(config("errors.handler", raw).get(WeirOptions.ERRORS_HANDLER)).isEqualTo(expected);
    }

    @Test
    void aWrongChoiceNamesKeyValueAndTheChoices() {
      assertThatThrownBy(() -> config("processing.guarantee", "at-least-once"))
          .isInstanceOf(ConfigException.class)
          .hasMessageStartingWith(
              "Invalid value 'at-least-once' for processing.guarantee: it must be one of:"
                  + " exactly_once, at_least_once.");
      assertThatThrownBy(() -> config("state.backend", "memory"))
          .isInstanceOf(ConfigException.class)
          .hasMessageStartingWith(
              "Invalid value 'memory' for state.backend: it must be one of: rocksdb, in-memory.");
      assertThatThrownBy(() -> config("errors.handler", "dead_letter"))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("'dead_letter' for errors.handler")
          .hasMessageContaining("fail, skip, dead-letter");
    }

    @ParameterizedTest
    @CsvSource({
      "commit.interval, 250ms, PT0.25S",
      "commit.interval, 10s, PT10S",
      "commit.interval, 5m, PT5M",
      "commit.interval, 1h, PT1H",
      "commit.interval, 2d, PT48H",
      "commit.interval, 1500, PT1.5S",
      "commit.interval, PT10S, PT10S",
      "poll.timeout, 0ms, PT0S",
      "poll.timeout, 0, PT0S"
    })
    void durations(String key, String raw, Duration expected) {
      // at_least_once: under exactly_once a commit interval of 10s or more breaks a rule.
      WeirConfig config = config(key, raw, "processing.guarantee", "at_least_once");
      ConfigOption<Duration> option =
          key.equals("poll.timeout") ? WeirOptions.POLL_TIMEOUT : WeirOptions.COMMIT_INTERVAL;
      assertThat(config.get(option)).isEqualTo(expected);
    }

    @Test
    void aDurationThatMustBePositiveRefusesZero() {
      assertThatThrownBy(() -> config("commit.interval", "0ms"))
          .isInstanceOf(ConfigException.class)
          .hasMessageStartingWith("Invalid value '0ms' for commit.interval: it must be positive.");
    }

    @Test
    void aNegativeDurationIsRefused() {
      assertThatThrownBy(() -> config("poll.timeout", "PT-1S"))
          .isInstanceOf(ConfigException.class)
          .hasMessageStartingWith(
              "Invalid value 'PT-1S' for poll.timeout: it must not be negative.");
    }

    @Test
    void aMalformedDurationSaysHowToWriteOne() {
      assertThatThrownBy(() -> config("commit.interval", "ten seconds"))
          .isInstanceOf(ConfigException.class)
          .hasMessageStartingWith(
              "Invalid value 'ten seconds' for commit.interval: 'ten seconds' is not a duration;"
                  + " write it like 250ms, 10s, 5m, 1h or 2d.")
          .hasMessageContaining("How often each thread commits");
    }

    /**
     * A duration too long for {@link Duration} must be refused as a config error naming the key,
     * like any other bad value. Today {@code Duration.ofDays} throws an ArithmeticException that
     * {@link ConfigOption#parse} does not catch.
     */
    @Test
    void aDurationTooLongForDurationIsAConfigError() {
      assertThatThrownBy(() -> config("commit.interval", "999999999999999d"))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("'999999999999999d' for commit.interval");
    }

    @ParameterizedTest
    @CsvSource({
      "16MiB, 16777216",
      "64KiB, 65536",
      "1048576, 1048576",
      "1GiB, 1073741824",
      "2 MB, 2097152",
      "10k, 10240",
      "0, 0",
      "512b, 512"
    })
    void sizes(String raw, long expected) {
      assertThat(config("state.cache.max-bytes", raw).get(WeirOptions.STATE_CACHE_MAX_BYTES))
          .isEqualTo(expected);
    }

    @Test
    void aMalformedSizeSaysHowToWriteOne() {
      assertThatThrownBy(() -> config("state.cache.max-bytes", "lots"))
          .isInstanceOf(ConfigException.class)
          .hasMessageStartingWith(
              "Invalid value 'lots' for state.cache.max-bytes: it is not a size; write it like"
                  + " 1048576, 64KiB or 16MiB.");
      assertThatThrownBy(() -> config("state.cache.max-bytes", "-1"))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("'-1' for state.cache.max-bytes: it is not a size");
    }

    @Test
    void aSizeBelowTheMinimumNamesTheMinimum() {
      assertThatThrownBy(() -> config("state.rocksdb.block-cache-size", "64KiB"))
          .isInstanceOf(ConfigException.class)
          .hasMessageStartingWith(
              "Invalid value '64KiB' for state.rocksdb.block-cache-size: it must be at least"
                  + " 1048576 bytes.");
    }

    /**
     * 2^34 GiB is 2^64 bytes: the shift in {@code Sizes.parse} wraps it to 0, which passes the
     * check "at least 0 bytes". A size that does not fit a long must be refused.
     */
    @Test
    void aSizeThatOverflowsALongIsRefused() {
      assertThatThrownBy(() -> config("state.cache.max-bytes", "17179869184GiB"))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("'17179869184GiB' for state.cache.max-bytes");
    }

    @Test
    void integers() {
      assertThat(config("num.threads", " 4 ").get(WeirOptions.NUM_THREADS)).isEqualTo(4);
      assertThatThrownBy(() -> config("num.threads", "0"))
          .isInstanceOf(ConfigException.class)
          .hasMessageStartingWith("Invalid value '0' for num.threads: it must be at least 1.");
      assertThatThrownBy(() -> config("num.threads", "two"))
          .isInstanceOf(ConfigException.class)
          .hasMessageStartingWith("Invalid value 'two' for num.threads: it is not a whole number.");
    }

    @Test
    void paths() {
      assertThat(config("state.dir", "/var/lib/weir").get(WeirOptions.STATE_DIR))
          .isEqualTo(Path.of("/var/lib/weir"));
    }

    @Test
    void aBadValueMessageEndsWithTheOptionsDoc() {
      assertThatThrownBy(() -> config("num.threads", "x"))
          .hasMessageEndingWith("(" + WeirOptions.NUM_THREADS.doc() + ")");
    }
  }

  @Nested
  class Keys {

    @Test
    void aTypoGetsTheClosestKey() {
      assertThatThrownBy(() -> config("num.thread", "2"))
          .isInstanceOf(ConfigException.class)
          .hasMessage("Unknown option 'num.thread'. Did you mean 'num.threads'?");
      assertThatThrownBy(() -> config("state.backnd", "rocksdb"))
          .isInstanceOf(ConfigException.class)
          .hasMessage("Unknown option 'state.backnd'. Did you mean 'state.backend'?");
      assertThatThrownBy(() -> config("comit.interval", "1s"))
          .isInstanceOf(ConfigException.class)
          .hasMessage("Unknown option 'comit.interval'. Did you mean 'commit.interval'?");
    }

    @Test
    void aKafkaSettingWithoutPrefixIsToldAboutThePrefixes() {
      assertThatThrownBy(() -> config("max.poll.records", "100"))
          .isInstanceOf(ConfigException.class)
          .hasMessage(
              "Unknown option 'max.poll.records'. Kafka client settings take a prefix:"
                  + " consumer., producer. or admin.");
    }

    @Test
    void keysAreTrimmed() {
      assertThat(config(" num.threads ", "3").get(WeirOptions.NUM_THREADS)).isEqualTo(3);
    }

    @Test
    void clientSettingsPassThroughWithThePrefixRemoved() {
      WeirConfig config =
          config(
              "consumer.max.poll.records", "100",
              "admin.request.timeout.ms", "1000",
              "num.threads", "2");

      assertThat(config.clientConfig("consumer"))
          .containsExactlyInAnyOrderEntriesOf(Map.of("max.poll.records", "100"));
      assertThat(config.clientConfig("admin"))
          .containsExactlyInAnyOrderEntriesOf(Map.of("request.timeout.ms", "1000"));
      assertThat(config.get(WeirOptions.NUM_THREADS)).isEqualTo(2);
    }

    @Test
    void clientSettingsAreNotCheckedByWeir() {
      WeirConfig config = config("consumer.not.a.kafka.setting", "whatever");

      assertThat(config.clientConfig("consumer"))
          .containsEntry("not.a.kafka.setting", "whatever");
    }

    @Test
    void aClientSettingWithoutAValueIsRefused() {
      assertThatThrownBy(() -> config("producer.linger.ms", null))
          .isInstanceOf(ConfigException.class)
          .hasMessage("No value given for producer.linger.ms.");
    }
  }

  @Nested
  class Building {

    @Test
    void typedSettersWriteTheConfigSpelling() {
      WeirConfig config =
          WeirConfig.builder()
              .set(WeirOptions.APPLICATION_ID, "app")
              .set(WeirOptions.PROCESSING_GUARANTEE, ProcessingGuarantee.AT_LEAST_ONCE)
              .set(WeirOptions.STATE_BACKEND, StateBackendKind.IN_MEMORY)
              .set(WeirOptions.COMMIT_INTERVAL, Duration.ofSeconds(90))
              .set(WeirOptions.POLL_TIMEOUT, Duration.ofMillis(1500))
              .set(WeirOptions.NUM_THREADS, 3)
              .build();

      assertThat(config.entries())
          .containsExactlyEntriesOf(
              new java.util.TreeMap<>(
                  Map.of(
                      "application.id", "app",
                      "processing.guarantee", "at_least_once",
                      "state.backend", "in-memory",
                      "commit.interval", "90s",
                      "poll.timeout", "1500ms",
                      "num.threads", "3")));
      assertThat(config.get(WeirOptions.COMMIT_INTERVAL)).isEqualTo(Duration.ofSeconds(90));
      assertThat(config.get(WeirOptions.POLL_TIMEOUT)).isEqualTo(Duration.ofMillis(1500));
      assertThat(config.get(WeirOptions.STATE_BACKEND)).isEqualTo(StateBackendKind.IN_MEMORY);
    }

    @Test
    void propertiesAndMapsAreRead() {
      Properties properties = new Properties();
      properties.setProperty("application.id", "from-properties");
      properties.setProperty("num.threads", "2");

      WeirConfig fromProperties = WeirConfig.builder().setAll(properties).build();
      WeirConfig fromMap = WeirConfig.builder().setAll(Map.of("num.threads", "5")).build();

      assertThat(fromProperties.require(WeirOptions.APPLICATION_ID)).isEqualTo("from-properties");
      assertThat(fromProperties.get(WeirOptions.NUM_THREADS)).isEqualTo(2);
      assertThat(fromMap.get(WeirOptions.NUM_THREADS)).isEqualTo(5);
    }

    @Test
    void theLastValueOfAKeyWins() {
      WeirConfig config = WeirConfig.builder().set("num.threads", "2").set("num.threads", "6").build();

      assertThat(config.get(WeirOptions.NUM_THREADS)).isEqualTo(6);
    }

    @Test
    void withReturnsACopyAndLeavesTheOriginal() {
      WeirConfig original = config("application.id", "app");

      WeirConfig copy = original.with("num.threads", "4");

      assertThat(copy.get(WeirOptions.NUM_THREADS)).isEqualTo(4);
      assertThat(copy.require(WeirOptions.APPLICATION_ID)).isEqualTo("app");
      assertThat(original.get(WeirOptions.NUM_THREADS)).isEqualTo(1);
      assertThat(original.isSet(WeirOptions.NUM_THREADS)).isFalse();
      assertThatThrownBy(() -> original.with("num.threads", "none"))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("'none' for num.threads");
    }

    @Test
    void entriesAreSortedAndUnmodifiable() {
      WeirConfig config = config("num.threads", "2", "application.id", "app");

      assertThat(config.entries().keySet()).containsExactly("application.id", "num.threads");
      assertThatThrownBy(() -> config.entries().put("x", "y"))
          .isInstanceOf(UnsupportedOperationException.class);
      assertThat(config.toString()).isEqualTo("{application.id=app, num.threads=2}");
    }
  }

  @Nested
  class Declarations {

    @Test
    void everyOptionHasAUniqueHierarchicalKeyAndADoc() {
      Set<String> keys = new HashSet<>();
      for (ConfigOption<?> option : WeirOptions.ALL) {
        assertThat(option.key()).matches("[a-z]+(\\.[a-z][a-z-]*)+");
        assertThat(keys.add(option.key())).as("unique key %s", option.key()).isTrue();
        assertThat(option.doc()).isNotBlank();
        assertThat(option.type()).isNotBlank();
        assertThat(option.toString()).isEqualTo(option.key());
      }
    }

    @Test
    void everyDefaultWrittenInConfigSpellingReadsBackAsTheDefault() {
      for (ConfigOption<?> option : WeirOptions.ALL) {
        Object value = option.defaultValue();
        if (value == null) {
          continue;
        }
        String raw = option.formatObject(value);

        WeirConfig config = config(option.key(), raw);

        assertThat((Object) config.get(option)).as(option.key()).isEqualTo(value);
      }
    }

    @Test
    void aChoiceTypeListsItsValues() {
      assertThat(WeirOptions.PROCESSING_GUARANTEE.type())
          .isEqualTo("one of: exactly_once, at_least_once");
      assertThat(WeirOptions.ERRORS_HANDLER.type()).isEqualTo("one of: fail, skip, dead-letter");
      assertThat(WeirOptions.STATE_BACKEND.type()).isEqualTo("one of: rocksdb, in-memory");
    }

    @Test
    void typesShowTheirBounds() {
      assertThat(WeirOptions.NUM_THREADS.type()).isEqualTo("int, at least 1");
      assertThat(WeirOptions.ROCKSDB_BLOCK_CACHE_SIZE.type()).isEqualTo("bytes, at least 1MiB");
      assertThat(WeirOptions.STATE_CACHE_MAX_BYTES.type()).isEqualTo("bytes");
      assertThat(WeirOptions.COMMIT_INTERVAL.type()).isEqualTo("duration, positive");
      assertThat(WeirOptions.POLL_TIMEOUT.type()).isEqualTo("duration");
    }

    @Test
    void defaultsAreDocumentedAsValuesOrAsTheirRule() {
      assertThat(WeirOptions.STATE_CACHE_MAX_BYTES.defaultDoc()).isEqualTo("16MiB");
      assertThat(WeirOptions.POLL_TIMEOUT.defaultDoc()).isEqualTo("50ms");
      assertThat(WeirOptions.PROCESSING_GUARANTEE.defaultDoc()).isEqualTo("exactly_once");
      assertThat(WeirOptions.COMMIT_INTERVAL.defaultDoc())
          .isEqualTo("100ms under exactly_once, 1s under at_least_once");
      assertThat(WeirOptions.ERRORS_DEAD_LETTER_TOPIC.defaultDoc()).isEqualTo("<application.id>-dlq");
      assertThat(WeirOptions.APPLICATION_ID.defaultDoc()).isEqualTo("required");
      assertThat(WeirOptions.GROUP_INSTANCE_ID.defaultDoc()).isEqualTo("none");
    }

    @ParameterizedTest
    @CsvSource({
      "0, 0",
      "1000, 1000",
      "1024, 1KiB",
      "1536, 1536",
      "1572864, 1536KiB",
      "16777216, 16MiB",
      "1073741824, 1GiB",
      "3221225472, 3GiB"
    })
    void sizesFormatAsTheShortestExactForm(long bytes, String expected) {
      assertThat(Sizes.format(bytes)).isEqualTo(expected);
      assertThat(Sizes.parse(expected)).isEqualTo(bytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"application.id", "state.rocksdb.block-cache-size", "poll.timeout"})
    void optionsParseStandalone(String key) {
      ConfigOption<?> option =
          WeirOptions.ALL.stream().filter(o -> o.key().equals(key)).findFirst().orElseThrow();
      assertThatThrownBy(() -> option.parse(" "))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("for " + key + ":");
    }
  }
}
