package dev.weir.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MaskingTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "sasl.jaas.config",
        "consumer.sasl.jaas.config",
        "ssl.key.password",
        "ssl.keystore.password",
        "ssl.truststore.password",
        "producer.ssl.keystore.password",
        "ssl.keystore.key",
        "admin.ssl.keystore.key",
        "sasl.oauthbearer.client.credentials.client.secret",
        "consumer.basic.auth.password",
        "producer.some.api.secret",
        "ssl.private.key.passphrase"
      })
  void secretKeysAreSecret(String key) {
    assertThat(WeirConfig.isSecret(key)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "sasl.mechanism",
        "security.protocol",
        "ssl.truststore.location",
        "ssl.keystore.location",
        "ssl.keystore.type",
        "ssl.keymanager.algorithm",
        "producer.compression.type",
        "application.id",
        "bootstrap.servers"
      })
  void otherKeysAreNot(String key) {
    assertThat(WeirConfig.isSecret(key)).isFalse();
  }

  @Test
  void describeShowsEveryValueInForceAndWhereItCameFromWithSecretsHidden() {
    WeirConfig config =
        WeirConfig.fromSources(
            null,
            Map.of(
                "WEIR_SASL_JAAS_CONFIG", "PlainLoginModule required password=\"hunter2\";",
                "WEIR_BOOTSTRAP_SERVERS", "broker:9092"),
            Map.of(
                "application.id", "clicks",
                "ssl.keystore.key", "-----BEGIN PRIVATE KEY-----",
                "producer.ssl.key.password", "pw",
                "producer.compression.type", "lz4"));

    String described = config.describe();

    assertThat(described)
        .doesNotContain("hunter2")
        .doesNotContain("BEGIN PRIVATE KEY")
        .doesNotContain("= pw ");
    assertThat(described.lines().map(line -> line.indexOf(" = ")).distinct())
        .as("values are aligned")
        .hasSize(1);
    assertThat(described.lines().map(line -> line.replaceFirst(" +=", " =")))
        .containsSubsequence(
            "application.id = clicks  (set on the command line)",
            "bootstrap.servers = broker:9092  (set by environment variable"
                + " WEIR_BOOTSTRAP_SERVERS)",
            "num.threads = 1  (the default)",
            "group.instance.id = unset  (the default)",
            "processing.guarantee = exactly_once  (the default)",
            "commit.interval = 100ms  (the default)",
            "state.rocksdb.block-cache-size = 64MiB  (the default)",
            "errors.dead-letter.topic = clicks-dlq  (the default)",
            "producer.transaction.timeout.ms = 10000  (Weir's default under exactly_once)",
            "producer.compression.type = lz4  (set on the command line)",
            "producer.ssl.key.password = [hidden]  (set on the command line)",
            "sasl.jaas.config = [hidden]  (set by environment variable"
                + " WEIR_SASL_JAAS_CONFIG)",
            "ssl.keystore.key = [hidden]  (set on the command line)");
  }

  @Test
  void toStringHidesSecretsButEntriesKeepThemForTheClients() {
    WeirConfig config =
        WeirConfig.builder()
            .set("application.id", "app")
            .set("sasl.jaas.config", "secret-login")
            .set("consumer.ssl.truststore.password", "changeit")
            .build();

    assertThat(config.toString())
        .isEqualTo(
            "{application.id=app, consumer.ssl.truststore.password=[hidden],"
                + " sasl.jaas.config=[hidden]}");
    assertThat(config.entries()).containsEntry("sasl.jaas.config", "secret-login");
    assertThat(config.clientConfig("consumer"))
        .containsEntry("sasl.jaas.config", "secret-login")
        .containsEntry("ssl.truststore.password", "changeit");
  }
}
