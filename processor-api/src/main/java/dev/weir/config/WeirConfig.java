package dev.weir.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * An immutable set of option values. Every value is parsed and checked when the config is built,
 * unknown keys are refused, and rules that span options ({@link ConfigRules}) are checked, so a
 * typo or a conflict fails at start and not hours later.
 *
 * <p>A worker reads its config from defaults, a properties file, {@code WEIR_} environment
 * variables and command-line flags, each overriding the ones before ({@link #fromSources}):
 *
 * <pre>{@code
 * WeirConfig config = WeirConfig.fromEnvironment(flags); // flags from --set key=value
 * }</pre>
 *
 * <p>or an application builds it in code, and may let the environment override it:
 *
 * <pre>{@code
 * WeirConfig config = WeirConfig.builder()
 *     .set(WeirOptions.APPLICATION_ID, "click-counter")
 *     .set("bootstrap.servers", "localhost:9092")
 *     .set("producer.compression.type", "lz4")
 *     .environment(System.getenv())
 *     .build();
 * }</pre>
 *
 * <p>Kafka client settings pass through: {@code consumer.*}, {@code producer.*} and {@code admin.*}
 * to one kind of client, {@code security.*}, {@code sasl.*} and {@code ssl.*} to all of them
 * ({@link #clientConfig}).
 */
public final class WeirConfig {

  /** The producers' transaction timeout, as a pass-through key. */
  static final String PRODUCER_TRANSACTION_TIMEOUT = "producer.transaction.timeout.ms";

  private static final String HIDDEN = "[hidden]";
  private static final Map<String, ConfigOption<?>> OPTIONS = new HashMap<>();

  static {
    for (ConfigOption<?> option : WeirOptions.ALL) {
      OPTIONS.put(option.key(), option);
    }
  }

  private final Map<String, Object> values;
  private final Map<String, String> raw;
  private final Map<String, Origin> origins;

  private WeirConfig(Map<String, Object> values, Map<String, String> raw, Map<String, Origin> origins) {
    this.values = values;
    this.raw = raw;
    this.origins = origins;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Reads a config from its sources, each overriding the ones before: defaults, then the
   * properties file, then {@code WEIR_} environment variables, then command-line flags.
   *
   * @param propertiesFile a Java properties file (UTF-8), or null for none
   * @param environment the process environment (e.g. {@code System.getenv()}); only {@code WEIR_}
   *     variables are read, and every one of them must name a setting
   * @param flags settings given on the command line (e.g. each {@code --set key=value}), by key
   * @throws ConfigException for a missing file, an unknown key or variable, a malformed value, or
   *     a conflict between options
   */
  public static WeirConfig fromSources(
      Path propertiesFile, Map<String, String> environment, Map<String, String> flags) {
    Builder builder = builder();
    if (propertiesFile != null) {
      builder.file(propertiesFile);
    }
    return builder.environment(environment).flags(flags).build();
  }

  /**
   * {@link #fromSources} with this process's environment, and the properties file that the
   * environment variable {@code WEIR_CONFIG_FILE} names, if it is set.
   *
   * @param flags settings given on the command line, by key
   */
  public static WeirConfig fromEnvironment(Map<String, String> flags) {
    Map<String, String> environment = System.getenv();
    String file = environment.get(ConfigSources.CONFIG_FILE_VARIABLE);
    return fromSources(file == null || file.isBlank() ? null : Path.of(file), environment, flags);
  }

  /** The option's value, or its default (which may be null for options without one). */
  @SuppressWarnings("unchecked")
  public <T> T get(ConfigOption<T> option) {
    Object value = values.get(option.key());
    return value != null ? (T) value : option.defaultValue();
  }

  /**
   * The value of a required option.
   *
   * @throws ConfigException when it is not set
   */
  public <T> T require(ConfigOption<T> option) {
    T value = get(option);
    if (value == null) {
      throw new ConfigException(
          option.key()
              + " is not set, and it is required: "
              + option.doc()
              + " Set it, e.g. "
              + option.key()
              + "=... in the config, "
              + option.environmentVariable()
              + "=... in the environment, or --set "
              + option.key()
              + "=... on the command line.");
    }
    return value;
  }

  /** True when the option was given explicitly. */
  public boolean isSet(ConfigOption<?> option) {
    return values.containsKey(option.key());
  }

  /** Where a key's value came from; {@link ConfigSource#DEFAULT} for a key that was not set. */
  public ConfigSource source(String key) {
    Origin origin = origins.get(key);
    return origin == null ? ConfigSource.DEFAULT : origin.source();
  }

  /** The commit interval in force: the one set, or the guarantee's default. */
  public Duration commitInterval() {
    Duration set = get(WeirOptions.COMMIT_INTERVAL);
    if (set != null) {
      return set;
    }
    return get(WeirOptions.PROCESSING_GUARANTEE) == ProcessingGuarantee.EXACTLY_ONCE
        ? WeirOptions.EXACTLY_ONCE_COMMIT_INTERVAL
        : WeirOptions.AT_LEAST_ONCE_COMMIT_INTERVAL;
  }

  /**
   * The producers' transaction timeout under exactly_once: {@code producer.transaction.timeout.ms}
   * when set, else {@link WeirOptions#EXACTLY_ONCE_TRANSACTION_TIMEOUT}. {@link #clientConfig}
   * gives the producers this value.
   *
   * @throws ConfigException when producer.transaction.timeout.ms is not a positive whole number
   */
  public Duration transactionTimeout() {
    String set = raw.get(PRODUCER_TRANSACTION_TIMEOUT);
    if (set == null) {
      return WeirOptions.EXACTLY_ONCE_TRANSACTION_TIMEOUT;
    }
    try {
      int ms = Integer.parseInt(set.trim());
      if (ms > 0) {
        return Duration.ofMillis(ms);
      }
    } catch (NumberFormatException e) {
      // Falls through to the message below.
    }
    throw new ConfigException(
        "Invalid value '"
            + set
            + "' for "
            + PRODUCER_TRANSACTION_TIMEOUT
            + " ("
            + originDescription(PRODUCER_TRANSACTION_TIMEOUT)
            + "): it must be a positive whole number of milliseconds, e.g. 60000.");
  }

  /** The dead-letter topic in force. */
  public String deadLetterTopic() {
    String set = get(WeirOptions.ERRORS_DEAD_LETTER_TOPIC);
    return set != null ? set : require(WeirOptions.APPLICATION_ID) + "-dlq";
  }

  /**
   * The settings this config gives one kind of Kafka client, for the worker to add its own to:
   * first Weir's defaults for the client (under exactly_once, the producers' {@code
   * transaction.timeout.ms}), then every {@code security.*}, {@code sasl.*} and {@code ssl.*}
   * entry, then every {@code <client>.*} entry with the prefix removed, each overriding the ones
   * before. So security settings reach every client, and a prefixed one wins for its client.
   * Values are strings as given.
   *
   * @param client {@code consumer} (for every consumer, the restore consumers too), {@code
   *     producer} or {@code admin}
   * @return a new mutable map, the caller's to change
   * @throws IllegalArgumentException for another client name
   */
  public Map<String, Object> clientConfig(String client) {
    if (!WeirOptions.CLIENTS.contains(client)) {
      throw new IllegalArgumentException(
          "Unknown Kafka client '" + client + "': expected one of " + WeirOptions.CLIENTS);
    }
    Map<String, Object> result = new HashMap<>();
    if (client.equals("producer")
        && get(WeirOptions.PROCESSING_GUARANTEE) == ProcessingGuarantee.EXACTLY_ONCE) {
      result.put("transaction.timeout.ms", Long.toString(transactionTimeout().toMillis()));
    }
    raw.forEach(
        (key, value) -> {
          if (KafkaClientKeys.isSecurityKey(key)) {
            result.put(key, value);
          }
        });
    result.putAll(prefixed(client + "."));
    return result;
  }

  /**
   * Settings for a Kafka client: every {@code <prefix>*} entry with the prefix removed (prefix is
   * {@code consumer.}, {@code producer.} or {@code admin.}).
   *
   * @deprecated lacks the shared security settings and Weir's client defaults; use {@link
   *     #clientConfig(String)}
   */
  @Deprecated
  public Map<String, Object> clientOverrides(String prefix) {
    return new HashMap<>(prefixed(prefix));
  }

  private Map<String, String> prefixed(String prefix) {
    Map<String, String> result = new HashMap<>();
    raw.forEach(
        (key, value) -> {
          if (key.startsWith(prefix)) {
            result.put(key.substring(prefix.length()), value);
          }
        });
    return result;
  }

  /** Every explicitly set entry, as given, secrets included: never print it, print {@link #describe()}. */
  public Map<String, String> entries() {
    return Collections.unmodifiableMap(new TreeMap<>(raw));
  }

  /**
   * True when a key's value must not be printed: any key (with or without a client prefix) that
   * a Kafka client declares as a password, or that mentions a password, passphrase or secret,
   * {@code sasl.jaas.config}, or an SSL key such as {@code ssl.keystore.key}.
   */
  public static boolean isSecret(String key) {
    return KafkaClientKeys.isSecret(key);
  }

  /**
   * The effective config for a startup print, one line a key, aligned: every declared option with
   * its value in force (defaults too) and where it came from, then every Kafka client entry; the
   * value of every {@linkplain #isSecret secret} key shown as {@code [hidden]}.
   *
   * <pre>
   * application.id                  = clicks  (set on the command line)
   * num.threads                     = 1  (default)
   * sasl.jaas.config                = [hidden]  (set by environment variable WEIR_SASL_JAAS_CONFIG)
   * </pre>
   */
  public String describe() {
    List<String[]> lines = new ArrayList<>();
    for (ConfigOption<?> option : WeirOptions.ALL) {
      lines.add(new String[] {option.key(), effectiveValue(option), originDescription(option.key())});
    }
    Map<String, String> passThrough = new TreeMap<>();
    raw.forEach(
        (key, value) -> {
          if (!OPTIONS.containsKey(key)) {
            passThrough.put(key, value);
          }
        });
    if (get(WeirOptions.PROCESSING_GUARANTEE) == ProcessingGuarantee.EXACTLY_ONCE
        && !passThrough.containsKey(PRODUCER_TRANSACTION_TIMEOUT)) {
      lines.add(
          new String[] {
            PRODUCER_TRANSACTION_TIMEOUT,
            Long.toString(transactionTimeout().toMillis()),
            "Weir's default under exactly_once"
          });
    }
    passThrough.forEach(
        (key, value) ->
            lines.add(new String[] {key, isSecret(key) ? HIDDEN : value, originDescription(key)}));
    int width = lines.stream().mapToInt(line -> line[0].length()).max().orElse(0);
    StringBuilder out = new StringBuilder();
    for (String[] line : lines) {
      if (out.length() > 0) {
        out.append('\n');
      }
      out.append(line[0])
          .append(" ".repeat(width - line[0].length()))
          .append(" = ")
          .append(line[1])
          .append("  (")
          .append(line[2])
          .append(')');
    }
    return out.toString();
  }

  private String effectiveValue(ConfigOption<?> option) {
    if (isSecret(option.key()) && isSet(option)) {
      return HIDDEN;
    }
    if (option == WeirOptions.COMMIT_INTERVAL) {
      return Durations.format(commitInterval());
    }
    if (option == WeirOptions.ERRORS_DEAD_LETTER_TOPIC && !isSet(option)) {
      return get(WeirOptions.APPLICATION_ID) == null ? "unset" : deadLetterTopic();
    }
    Object value = get(option);
    return value == null ? "unset" : option.formatObject(value);
  }

  /** How messages name where a key's value came from: "set by environment variable WEIR_X". */
  String originDescription(String key) {
    Origin origin = origins.get(key);
    return origin == null ? "the default" : origin.description();
  }

  /** A copy with one more entry, set in code. */
  public WeirConfig with(String key, String value) {
    Builder builder = builder();
    raw.forEach((k, v) -> builder.put(k, v, origins.get(k)));
    return builder.set(key, value).build();
  }

  /** The explicitly set entries, sorted, secrets shown as {@code [hidden]}. */
  @Override
  public String toString() {
    Map<String, String> shown = new TreeMap<>();
    raw.forEach((key, value) -> shown.put(key, isSecret(key) ? HIDDEN : value));
    return shown.toString();
  }

  /** Where one entry came from: its source, and the file or variable when there is one. */
  private record Origin(ConfigSource source, String detail) {

    static final Origin CODE = new Origin(ConfigSource.CODE, null);
    static final Origin FLAG = new Origin(ConfigSource.FLAG, null);

    String description() {
      return detail == null ? source.description() : source.description() + " " + detail;
    }
  }

  /**
   * Collects entries; {@link #build()} parses and checks them. An entry overrides any earlier
   * entry of the same key, whatever their sources: {@link WeirConfig#fromSources} calls {@link
   * #file}, {@link #environment} and {@link #flags} in that order.
   */
  public static final class Builder {

    private final Map<String, String> raw = new LinkedHashMap<>();
    private final Map<String, Origin> origins = new HashMap<>();

    private Builder() {}

    /** Sets a key to a raw value, as it would appear in a properties file. */
    public Builder set(String key, String value) {
      return put(key, value, Origin.CODE);
    }

    /** Sets a typed option. */
    public <T> Builder set(ConfigOption<T> option, T value) {
      return put(option.key(), option.format(value), Origin.CODE);
    }

    public Builder setAll(Map<String, String> entries) {
      entries.forEach(this::set);
      return this;
    }

    public Builder setAll(Properties properties) {
      properties.stringPropertyNames().forEach(key -> set(key, properties.getProperty(key)));
      return this;
    }

    /**
     * Sets every entry of a Java properties file (UTF-8).
     *
     * @throws ConfigException when the file is missing or unreadable
     */
    public Builder file(Path propertiesFile) {
      Origin origin = new Origin(ConfigSource.FILE, propertiesFile.toString());
      ConfigSources.readFile(propertiesFile).forEach((key, value) -> put(key, value, origin));
      return this;
    }

    /**
     * Sets an entry for every {@code WEIR_} variable of an environment: {@code WEIR_} and the key
     * in upper case with '.' and '-' as '_'. Other variables, and {@code WEIR_CONFIG_FILE}, are
     * ignored.
     *
     * @throws ConfigException naming every {@code WEIR_} variable that names no setting
     */
    public Builder environment(Map<String, String> environment) {
      for (ConfigSources.EnvSetting setting : ConfigSources.readEnvironment(environment)) {
        put(setting.key(), setting.value(), new Origin(ConfigSource.ENVIRONMENT, setting.variable()));
      }
      return this;
    }

    /** Sets entries given on the command line, by key. */
    public Builder flags(Map<String, String> flags) {
      flags.forEach((key, value) -> put(key, value, Origin.FLAG));
      return this;
    }

    private Builder put(String key, String value, Origin origin) {
      String trimmed = key.trim();
      raw.put(trimmed, value);
      origins.put(trimmed, origin);
      return this;
    }

    /**
     * @throws ConfigException for an unknown key, a malformed value, or a conflict between options
     */
    public WeirConfig build() {
      Map<String, Object> values = new HashMap<>();
      for (Map.Entry<String, String> entry : raw.entrySet()) {
        String key = entry.getKey();
        String value = entry.getValue();
        Origin origin = origins.get(key);
        if (WeirOptions.CLIENT_PREFIXES.stream().anyMatch(key::startsWith)) {
          checkClientEntry(key, value, origin);
          continue;
        }
        ConfigOption<?> option = OPTIONS.get(key);
        if (option == null && KafkaClientKeys.isSecurityKey(key)) {
          checkSecurityEntry(key, value, origin);
          continue;
        }
        if (option == null) {
          throw new ConfigException(unknownKeyMessage(key) + from(origin));
        }
        if (value == null) {
          throw new ConfigException(
              "No value given for " + key + ". (" + option.doc() + ")" + from(origin));
        }
        try {
          values.put(key, option.parse(value));
        } catch (ConfigException e) {
          if (origin.source() == ConfigSource.CODE) {
            throw e;
          }
          throw new ConfigException(e.getMessage() + from(origin), e);
        }
      }
      WeirConfig config = new WeirConfig(Map.copyOf(values), Map.copyOf(raw), Map.copyOf(origins));
      ConfigRules.check(config);
      return config;
    }

    private static void checkClientEntry(String key, String value, Origin origin) {
      String prefix = key.substring(0, key.indexOf('.') + 1);
      if (key.length() == prefix.length()) {
        throw new ConfigException(
            "'"
                + key
                + "' names no Kafka setting: write "
                + prefix
                + "<Kafka "
                + prefix.substring(0, prefix.length() - 1)
                + " setting>, e.g. "
                + prefix
                + "client.rack."
                + from(origin));
      }
      if (value == null) {
        throw new ConfigException("No value given for " + key + "." + from(origin));
      }
    }

    private static void checkSecurityEntry(String key, String value, Origin origin) {
      if (!KafkaClientKeys.SECURITY_KEYS.contains(key)) {
        String closest = ConfigSources.closest(key, KafkaClientKeys.SECURITY_KEYS);
        throw new ConfigException(
            "Unknown Kafka security setting '"
                + key
                + "': no Kafka client knows it."
                + (closest == null ? "" : " Did you mean '" + closest + "'?")
                + " Security settings written without a client prefix reach every Kafka client;"
                + " to pass a setting Weir does not know to one client, prefix it with consumer.,"
                + " producer. or admin."
                + from(origin));
      }
      if (value == null) {
        throw new ConfigException("No value given for " + key + "." + from(origin));
      }
    }

    /** " (set by environment variable WEIR_X)" for messages; empty for entries set in code. */
    private static String from(Origin origin) {
      return origin.source() == ConfigSource.CODE ? "" : " (" + origin.description() + ")";
    }

    private static String unknownKeyMessage(String key) {
      String closest = ConfigSources.closest(key, OPTIONS.keySet());
      String hint =
          closest != null
              ? " Did you mean '" + closest + "'?"
              : " Kafka client settings take a prefix: consumer., producer. or admin.";
      return "Unknown option '" + key + "'." + hint;
    }
  }
}
