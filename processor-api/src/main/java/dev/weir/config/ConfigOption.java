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
 * once as a constant (see {@link WeirOptions}); immutable.
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
  private final String doc;
  private final Function<String, T> parser;

  private ConfigOption(
      String key, String type, T defaultValue, String doc, Function<String, T> parser) {
    this.key = Objects.requireNonNull(key);
    this.type = type;
    this.defaultValue = defaultValue;
    this.doc = Objects.requireNonNull(doc);
    this.parser = parser;
  }

  /** A text option; {@code defaultValue} null makes it required unless the reader copes. */
  public static ConfigOption<String> string(String key, String defaultValue, String doc) {
    return new ConfigOption<>(
        key,
        "string",
        defaultValue,
        doc,
        raw -> {
          if (raw.isBlank()) {
            throw new IllegalArgumentException("it is empty");
          }
          return raw;
        });
  }

  /** A whole number of at least {@code min}. */
  public static ConfigOption<Integer> integer(String key, int defaultValue, int min, String doc) {
    return new ConfigOption<>(
        key,
        "int",
        defaultValue,
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
        });
  }

  /** A size in bytes, written as a number with an optional unit: 1048576, 64KiB, 16MiB, 1GiB. */
  public static ConfigOption<Long> bytes(String key, long defaultValue, long min, String doc) {
    return new ConfigOption<>(
        key,
        "bytes",
        defaultValue,
        doc,
        raw -> {
          long value = Sizes.parse(raw);
          if (value < min) {
            throw new IllegalArgumentException("it must be at least " + min + " bytes");
          }
          return value;
        });
  }

  /** A duration: 250ms, 10s, 5m, 1h, 2d, or ISO-8601 (PT10S). Must be positive unless zero is allowed. */
  public static ConfigOption<Duration> duration(
      String key, Duration defaultValue, boolean zeroAllowed, String doc) {
    return new ConfigOption<>(
        key,
        "duration",
        defaultValue,
        doc,
        raw -> {
          Duration value = Durations.parse(raw);
          if (value.isNegative() || (!zeroAllowed && value.isZero())) {
            throw new IllegalArgumentException(
                zeroAllowed ? "it must not be negative" : "it must be positive");
          }
          return value;
        });
  }

  /** A file system path. */
  public static ConfigOption<Path> path(String key, Path defaultValue, String doc) {
    return new ConfigOption<>(key, "path", defaultValue, doc, Path::of);
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
        doc,
        raw -> {
          String wanted = raw.trim().toLowerCase(Locale.ROOT);
          for (E value : values) {
            if (value.configValue().equals(wanted)) {
              return value;
            }
          }
          throw new IllegalArgumentException("it must be one of: " + allowed);
        });
  }

  public String key() {
    return key;
  }

  /** The type as documentation shows it. */
  public String type() {
    return type;
  }

  /** Null when the option has no default. */
  public T defaultValue() {
    return defaultValue;
  }

  public String doc() {
    return doc;
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

  @Override
  public String toString() {
    return key;
  }
}
