package dev.weir.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One configuration option: key, type, default, validation and a line of documentation. Declared
 * once as a constant (see {@link WeirOptions}); immutable. {@code docs/configuration.md} is
 * generated from these declarations ({@link ConfigDocs}).
 *
 * @param <T> the value type
 */
public final class ConfigOption<T> {

  /** An enum usable as an option value: its config spelling is {@link #configValue()}. */
  public interface Choice {
    String configValue();
  }

  private final String key;
  private final String type;
  private final T defaultValue;
  private final String defaultDoc;
  private final String doc;
  private final Function<String, T> parser;
  private final Function<T, String> formatter;

  private ConfigOption(
      String key,
      String type,
      T defaultValue,
      String defaultDoc,
      String doc,
      Function<String, T> parser,
      Function<T, String> formatter) {
    this.key = Objects.requireNonNull(key);
    this.type = Objects.requireNonNull(type);
    this.defaultValue = defaultValue;
    this.defaultDoc = defaultDoc;
    this.doc = Objects.requireNonNull(doc);
    this.parser = Objects.requireNonNull(parser);
    this.formatter = Objects.requireNonNull(formatter);
  }

  /** A text option; {@code defaultValue} null makes it required unless the reader copes. */
  public static ConfigOption<String> string(String key, String defaultValue, String doc) {
    return new ConfigOption<>(
        key,
        "string",
        defaultValue,
        null,
        doc,
        raw -> {
          if (raw.isBlank()) {
            throw new IllegalArgumentException("it is empty");
          }
          return raw;
        },
        Function.identity());
  }

  /** A whole number of at least {@code min}. */
  public static ConfigOption<Integer> integer(String key, int defaultValue, int min, String doc) {
    return new ConfigOption<>(
        key,
        "int, at least " + min,
        defaultValue,
        null,
        doc,
        raw -> {
          int value;
          try {
            value = Integer.parseInt(raw.trim());
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("it is not a whole number");
          }
          if (value < min) {
            throw new IllegalArgumentException("it must be at least " + min);
          }
          return value;
        },
        String::valueOf);
  }

  /** A yes/no option, written {@code true} or {@code false}. */
  public static ConfigOption<Boolean> bool(String key, boolean defaultValue, String doc) {
    return new ConfigOption<>(
        key,
        "true or false",
        defaultValue,
        null,
        doc,
        raw -> {
          String value = raw.trim().toLowerCase(java.util.Locale.ROOT);
          if (!value.equals("true") && !value.equals("false")) {
            throw new IllegalArgumentException("it must be true or false");
          }
          return Boolean.parseBoolean(value);
        },
        String::valueOf);
  }

  /** A size in bytes, written as a number with an optional unit: 1048576, 64KiB, 16MiB, 1GiB. */
  public static ConfigOption<Long> bytes(String key, long defaultValue, long min, String doc) {
    return new ConfigOption<>(
        key,
        min > 0 ? "bytes, at least " + Sizes.format(min) : "bytes",
        defaultValue,
        null,
        doc,
        raw -> {
          long value = Sizes.parse(raw);
          if (value < min) {
            throw new IllegalArgumentException("it must be at least " + min + " bytes");
          }
          return value;
        },
        Sizes::format);
  }

  /** A duration: 250ms, 10s, 5m, 1h, 2d, or ISO-8601 (PT10S). Must be positive unless zero is allowed. */
  public static ConfigOption<Duration> duration(
      String key, Duration defaultValue, boolean zeroAllowed, String doc) {
    return new ConfigOption<>(
        key,
        zeroAllowed ? "duration" : "duration, positive",
        defaultValue,
        null,
        doc,
        raw -> {
          Duration value = Durations.parse(raw);
          if (value.isNegative() || (!zeroAllowed && value.isZero())) {
            throw new IllegalArgumentException(
                zeroAllowed ? "it must not be negative" : "it must be positive");
          }
          return value;
        },
        Durations::format);
  }

  /** A file system path. */
  public static ConfigOption<Path> path(String key, Path defaultValue, String doc) {
    return new ConfigOption<>(key, "path", defaultValue, null, doc, Path::of, Path::toString);
  }

  /** One of an enum's values, written as their {@link Choice#configValue()}. */
  public static <E extends Enum<E> & Choice> ConfigOption<E> choice(
      String key, Class<E> type, E defaultValue, String doc) {
    E[] values = type.getEnumConstants();
    String allowed =
        Arrays.stream(values).map(Choice::configValue).collect(Collectors.joining(", "));
    return new ConfigOption<>(
        key,
        "one of: " + allowed,
        defaultValue,
        null,
        doc,
        raw -> {
          String wanted = raw.trim().toLowerCase(Locale.ROOT);
          for (E value : values) {
            if (value.configValue().equals(wanted)) {
              return value;
            }
          }
          throw new IllegalArgumentException("it must be one of: " + allowed);
        },
        Choice::configValue);
  }

  /**
   * A copy whose default is documented by a rule instead of a value: for a default that depends
   * on other options ("100ms under exactly_once, 1s under at_least_once") or on the machine
   * ("&lt;java.io.tmpdir&gt;/weir"), or for "required".
   */
  public ConfigOption<T> withDefaultDoc(String defaultDoc) {
    return new ConfigOption<>(
        key, type, defaultValue, Objects.requireNonNull(defaultDoc), doc, parser, formatter);
  }

  public String key() {
    return key;
  }

  /** The type as documentation shows it, with its bounds: "int, at least 1". */
  public String type() {
    return type;
  }

  /** Null when the option has no default. */
  public T defaultValue() {
    return defaultValue;
  }

  /**
   * The default as documentation shows it: the rule given by {@link #withDefaultDoc}, else the
   * default in config spelling, else "none".
   */
  public String defaultDoc() {
    if (defaultDoc != null) {
      return defaultDoc;
    }
    return defaultValue == null ? "none" : format(defaultValue);
  }

  /** The rule given by {@link #withDefaultDoc}, or null. */
  String defaultRule() {
    return defaultDoc;
  }

  public String doc() {
    return doc;
  }

  /**
   * The environment variable that sets this option: {@code WEIR_} and the key in upper case with
   * '.' and '-' as '_' ({@code state.rocksdb.block-cache-size} is {@code
   * WEIR_STATE_ROCKSDB_BLOCK_CACHE_SIZE}).
   */
  public String environmentVariable() {
    return ConfigSources.ENV_PREFIX + ConfigSources.toEnvironmentName(key);
  }

  /**
   * Parses a raw value.
   *
   * @throws ConfigException naming the key, the value and what was expected
   */
  public T parse(String raw) {
    try {
      return parser.apply(raw);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(
          "Invalid value '" + raw + "' for " + key + ": " + e.getMessage() + ". (" + doc + ")");
    }
  }

  /** A value in config spelling, the shortest exact form that {@link #parse} reads back. */
  public String format(T value) {
    return formatter.apply(value);
  }

  /** {@link #format} for a value known only as an Object, e.g. one read back from a config. */
  String formatObject(Object value) {
    @SuppressWarnings("unchecked")
    T typed = (T) value;
    return format(typed);
  }

  @Override
  public String toString() {
    return key;
  }
}
