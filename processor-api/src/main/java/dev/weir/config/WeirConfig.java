package dev.weir.config;

import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * An immutable set of option values. Every value is parsed and checked when the config is built,
 * and unknown keys are refused, so a typo fails at start and not hours later.
 *
 * <pre>{@code
 * WeirConfig config = WeirConfig.builder()
 *     .set(WeirOptions.APPLICATION_ID, "click-counter")
 *     .set("bootstrap.servers", "localhost:9092")
 *     .set("producer.compression.type", "lz4")
 *     .build();
 * }</pre>
 */
public final class WeirConfig {

  private static final Map<String, ConfigOption<?>> OPTIONS = new HashMap<>();

  static {
    for (ConfigOption<?> option : WeirOptions.ALL) {
      OPTIONS.put(option.key(), option);
    }
  }

  private final Map<String, Object> values;
  private final Map<String, String> raw;

  private WeirConfig(Map<String, Object> values, Map<String, String> raw) {
    this.values = values;
    this.raw = raw;
  }

  public static Builder builder() {
    return new Builder();
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
              + "=... in the config or --set "
              + option.key()
              + "=... on the command line.");
    }
    return value;
  }

  /** True when the option was given explicitly. */
  public boolean isSet(ConfigOption<?> option) {
    return values.containsKey(option.key());
  }

  /** The commit interval in force: the one set, or the guarantee's default. */
  public Duration commitInterval() {
    Duration set = get(WeirOptions.COMMIT_INTERVAL);
    if (set != null) {
      return set;
    }
    return get(WeirOptions.PROCESSING_GUARANTEE) == ProcessingGuarantee.EXACTLY_ONCE
        ? Duration.ofMillis(100)
        : Duration.ofSeconds(1);
  }

  /** The dead-letter topic in force. */
  public String deadLetterTopic() {
    String set = get(WeirOptions.ERRORS_DEAD_LETTER_TOPIC);
    return set != null ? set : require(WeirOptions.APPLICATION_ID) + "-dlq";
  }

  /**
   * Settings for a Kafka client: every {@code <prefix>*} entry with the prefix removed (prefix is
   * {@code consumer.}, {@code producer.} or {@code admin.}).
   */
  public Map<String, Object> clientOverrides(String prefix) {
    Map<String, Object> result = new HashMap<>();
    raw.forEach(
        (key, value) -> {
          if (key.startsWith(prefix)) {
            result.put(key.substring(prefix.length()), value);
          }
        });
    return result;
  }

  /** Every explicitly set entry, as given. */
  public Map<String, String> entries() {
    return Collections.unmodifiableMap(new TreeMap<>(raw));
  }

  /** A copy with one more entry. */
  public WeirConfig with(String key, String value) {
    return builder().setAll(raw).set(key, value).build();
  }

  @Override
  public String toString() {
    return entries().toString();
  }

  /** Collects entries; {@link #build()} parses and checks them. */
  public static final class Builder {

    private final Map<String, String> raw = new LinkedHashMap<>();

    private Builder() {}

    /** Sets a key to a raw value, as it would appear in a properties file. */
    public Builder set(String key, String value) {
      raw.put(key.trim(), value);
      return this;
    }

    /** Sets a typed option. */
    public <T> Builder set(ConfigOption<T> option, T value) {
      String text =
          value instanceof ConfigOption.Choice choice
              ? choice.configValue()
              : value instanceof Duration duration ? Durations.format(duration) : value.toString();
      raw.put(option.key(), text);
      return this;
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
     * @throws ConfigException for an unknown key or a malformed value
     */
    public WeirConfig build() {
      Map<String, Object> values = new HashMap<>();
      for (Map.Entry<String, String> entry : raw.entrySet()) {
        String key = entry.getKey();
        if (WeirOptions.CLIENT_PREFIXES.stream().anyMatch(key::startsWith)) {
          continue;
        }
        ConfigOption<?> option = OPTIONS.get(key);
        if (option == null) {
          throw new ConfigException(unknownKeyMessage(key));
        }
        if (entry.getValue() == null) {
          throw new ConfigException("No value given for " + key + ". (" + option.doc() + ")");
        }
        values.put(key, option.parse(entry.getValue()));
      }
      return new WeirConfig(Map.copyOf(values), Map.copyOf(raw));
    }

    private static String unknownKeyMessage(String key) {
      String closest = null;
      int best = Integer.MAX_VALUE;
      for (String candidate : OPTIONS.keySet()) {
        int distance = editDistance(key, candidate);
        if (distance < best) {
          best = distance;
          closest = candidate;
        }
      }
      String hint =
          best <= Math.max(2, key.length() / 4)
              ? " Did you mean '" + closest + "'?"
              : " Kafka client settings take a prefix: consumer., producer. or admin.";
      return "Unknown option '" + key + "'." + hint;
    }

    private static int editDistance(String a, String b) {
      int[] previous = new int[b.length() + 1];
      int[] current = new int[b.length() + 1];
      for (int j = 0; j <= b.length(); j++) {
        previous[j] = j;
      }
      for (int i = 1; i <= a.length(); i++) {
        current[0] = i;
        for (int j = 1; j <= b.length(); j++) {
          int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
          current[j] =
              Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
        }
        int[] swap = previous;
        previous = current;
        current = swap;
      }
      return previous[b.length()];
    }
  }
}
