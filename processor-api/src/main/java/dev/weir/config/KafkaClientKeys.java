package dev.weir.config;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;

/**
 * What Weir knows of the Kafka clients' own settings, read from the kafka-clients on the class
 * path so it follows the client version: which security settings exist, and which hold secrets.
 */
final class KafkaClientKeys {

  private static final List<ConfigDef> CLIENT_DEFS =
      List.of(ConsumerConfig.configDef(), ProducerConfig.configDef(), AdminClientConfig.configDef());

  /** Every {@code security.*}, {@code sasl.*} and {@code ssl.*} key some Kafka client knows. */
  static final Set<String> SECURITY_KEYS = securityKeys();

  /** Every key some Kafka client declares as a password, e.g. ssl.keystore.key. */
  private static final Set<String> PASSWORD_KEYS = passwordKeys();

  /** Fragments of a key that mark its value as a secret, whatever the client declares. */
  private static final List<String> SECRET_FRAGMENTS =
      List.of("password", "passphrase", "secret", "sasl.jaas.config");

  private KafkaClientKeys() {}

  /** True for a key shaped like a shared security setting: security.*, sasl.* or ssl.*. */
  static boolean isSecurityKey(String key) {
    return WeirOptions.SECURITY_PREFIXES.stream().anyMatch(key::startsWith);
  }

  /**
   * True when a key's value must not be printed: a password-typed Kafka setting, a key that
   * mentions a password, passphrase or secret, a JAAS config, or an SSL key ({@code
   * ssl.keystore.key}). With or without a client prefix.
   */
  static boolean isSecret(String key) {
    String lower = key.toLowerCase(Locale.ROOT);
    for (String prefix : WeirOptions.CLIENT_PREFIXES) {
      if (lower.startsWith(prefix)) {
        lower = lower.substring(prefix.length());
        break;
      }
    }
    if (PASSWORD_KEYS.contains(lower)) {
      return true;
    }
    for (String fragment : SECRET_FRAGMENTS) {
      if (lower.contains(fragment)) {
        return true;
      }
    }
    return lower.startsWith("ssl.") && (lower.endsWith(".key") || lower.contains(".key."));
  }

  private static Set<String> securityKeys() {
    Set<String> keys = new TreeSet<>();
    for (ConfigDef def : CLIENT_DEFS) {
      for (String name : def.names()) {
        if (isSecurityKey(name)) {
          keys.add(name);
        }
      }
    }
    return Set.copyOf(keys);
  }

  private static Set<String> passwordKeys() {
    Set<String> keys = new TreeSet<>();
    for (ConfigDef def : CLIENT_DEFS) {
      def.configKeys()
          .forEach(
              (name, key) -> {
                if (key.type == ConfigDef.Type.PASSWORD) {
                  keys.add(name);
                }
              });
    }
    return Set.copyOf(keys);
  }
}
