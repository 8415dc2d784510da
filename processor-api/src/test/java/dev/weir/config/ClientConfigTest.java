package dev.weir.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClientConfigTest {

  private static final String JAAS =
      "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"weir\""
          + " password=\"s3cret\";";

  private static WeirConfig config(String... keyValues) {
    WeirConfig.Builder builder = WeirConfig.builder();
    for (int i = 0; i < keyValues.length; i += 2) {
      builder.set(keyValues[i], keyValues[i + 1]);
    }
    return builder.build();
  }

  @ParameterizedTest
  @ValueSource(strings = {"consumer", "producer", "admin"})
  void securitySettingsReachEveryClient(String client) {
    WeirConfig config =
        config(
            "security.protocol", "SASL_SSL",
            "sasl.mechanism", "PLAIN",
            "sasl.jaas.config", JAAS,
            "ssl.truststore.location", "/etc/weir/truststore.p12",
            "ssl.truststore.password", "changeit",
            "num.threads", "2");

    assertThat(config.clientConfig(client))
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "PLAIN")
        .containsEntry("sasl.jaas.config", JAAS)
        .containsEntry("ssl.truststore.location", "/etc/weir/truststore.p12")
        .containsEntry("ssl.truststore.password", "changeit")
        .doesNotContainKey("num.threads");
  }

  @Test
  void aPrefixedSettingOverridesTheSharedOneForItsClientOnly() {
    WeirConfig config =
        config(
            "sasl.jaas.config", JAAS,
            "admin.sasl.jaas.config", "admin-login",
            "security.protocol", "SASL_SSL",
            "consumer.security.protocol", "SASL_PLAINTEXT");

    assertThat(config.clientConfig("admin"))
        .containsEntry("sasl.jaas.config", "admin-login")
        .containsEntry("security.protocol", "SASL_SSL");
    assertThat(config.clientConfig("consumer"))
        .containsEntry("sasl.jaas.config", JAAS)
        .containsEntry("security.protocol", "SASL_PLAINTEXT");
    assertThat(config.clientConfig("producer"))
        .containsEntry("sasl.jaas.config", JAAS)
        .containsEntry("security.protocol", "SASL_SSL");
  }

  @Test
  void aPrefixedSettingWinsWhateverTheSourceOfEach() {
    WeirConfig config =
        WeirConfig.fromSources(
            null,
            Map.of("WEIR_PRODUCER_SSL_KEYSTORE_LOCATION", "/producer.p12"),
            Map.of("ssl.keystore.location", "/shared.p12"));

    assertThat(config.clientConfig("producer")).containsEntry("ssl.keystore.location", "/producer.p12");
    assertThat(config.clientConfig("consumer")).containsEntry("ssl.keystore.location", "/shared.p12");
  }

  @Test
  void prefixedSettingsReachOnlyTheirClientWithThePrefixRemoved() {
    WeirConfig config =
        config(
            "consumer.max.poll.records", "100",
            "producer.compression.type", "lz4",
            "producer.linger.ms", "5",
            "admin.request.timeout.ms", "1000",
            "processing.guarantee", "at_least_once");

    assertThat(config.clientConfig("consumer"))
        .containsExactlyInAnyOrderEntriesOf(Map.of("max.poll.records", "100"));
    assertThat(config.clientConfig("producer"))
        .containsExactlyInAnyOrderEntriesOf(Map.of("compression.type", "lz4", "linger.ms", "5"));
    assertThat(config.clientConfig("admin"))
        .containsExactlyInAnyOrderEntriesOf(Map.of("request.timeout.ms", "1000"));
  }

  @Test
  void underExactlyOnceProducersGetWeirsTransactionTimeoutUnlessSet() {
    assertThat(config().clientConfig("producer"))
        .containsExactlyInAnyOrderEntriesOf(Map.of("transaction.timeout.ms", "10000"));
    assertThat(config().transactionTimeout()).isEqualTo(WeirOptions.EXACTLY_ONCE_TRANSACTION_TIMEOUT);
    assertThat(config().clientConfig("consumer")).isEmpty();
    assertThat(config().clientConfig("admin")).isEmpty();

    WeirConfig set = config("producer.transaction.timeout.ms", "30000");
    assertThat(set.clientConfig("producer")).containsEntry("transaction.timeout.ms", "30000");
    assertThat(set.transactionTimeout()).hasSeconds(30);

    assertThat(config("processing.guarantee", "at_least_once").clientConfig("producer")).isEmpty();
  }

  @Test
  void theMapIsTheCallersToChange() {
    WeirConfig config = config("sasl.mechanism", "PLAIN");

    Map<String, Object> consumer = config.clientConfig("consumer");
    consumer.put("group.id", "app");

    assertThat(config.clientConfig("consumer")).doesNotContainKey("group.id");
  }

  @Test
  void anUnknownClientIsAProgrammingError() {
    assertThatThrownBy(() -> config().clientConfig("restore"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Unknown Kafka client 'restore': expected one of [consumer, producer, admin]");
  }

  @Test
  void aSharedSecuritySettingNoKafkaClientKnowsIsRefusedWithTheNearest() {
    assertThatThrownBy(() -> config("ssl.truststore.locaton", "/x"))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "Unknown Kafka security setting 'ssl.truststore.locaton': no Kafka client knows it."
                + " Did you mean 'ssl.truststore.location'? Security settings written without a"
                + " client prefix reach every Kafka client; to pass a setting Weir does not know"
                + " to one client, prefix it with consumer., producer. or admin.");
    assertThatThrownBy(
            () -> WeirConfig.fromSources(null, Map.of("WEIR_SASL_MECHANISMS", "PLAIN"), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("Unknown Kafka security setting 'sasl.mechanisms'")
        .hasMessageContaining("Did you mean 'sasl.mechanism'?")
        .hasMessageEndingWith("(set by environment variable WEIR_SASL_MECHANISMS)");
  }

  @Test
  void prefixedSettingsAreLeftToKafkaToCheck() {
    WeirConfig config = config("consumer.ssl.not.a.setting", "x");

    assertThat(config.clientConfig("consumer")).containsEntry("ssl.not.a.setting", "x");
  }

  @Test
  void aClientPrefixAloneIsRefused() {
    assertThatThrownBy(() -> config("consumer.", "x"))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "'consumer.' names no Kafka setting: write consumer.<Kafka consumer setting>, e.g."
                + " consumer.client.rack.");
  }

  @Test
  @SuppressWarnings("deprecation")
  void clientOverridesStillGivesThePrefixedEntriesOnly() {
    WeirConfig config = config("sasl.mechanism", "PLAIN", "producer.linger.ms", "5");

    assertThat(config.clientOverrides("producer."))
        .containsExactlyInAnyOrderEntriesOf(Map.of("linger.ms", "5"));
  }
}
