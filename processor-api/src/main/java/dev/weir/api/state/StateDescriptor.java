package dev.weir.api.state;

import dev.weir.api.functions.AggregateFunction;
import dev.weir.api.functions.ReduceFunction;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.kafka.common.serialization.Serde;

/**
 * Declares a keyed state: its kind, its name and how its content is serialized. The name names the
 * changelog topic ({@code <application.id>-<name>-changelog}), so it must be unique within a
 * pipeline and stay the same across versions of it. Descriptors are immutable; keep them in
 * constants.
 *
 * <p>A changelog is compacted, so it keeps the last write of every entry until the entry is
 * deleted. A descriptor {@linkplain #changelogRetention() with a changelog retention} (made by
 * {@code withChangelogRetention} on each kind) asks for a changelog that also drops records older
 * than that ({@code cleanup.policy=compact,delete}); window operators use it for the state of
 * windows, which is deleted once the window is done.
 *
 * @param <S> the state handle type
 */
public abstract sealed class StateDescriptor<S extends State>
    permits ValueStateDescriptor,
        ListStateDescriptor,
        MapStateDescriptor,
        ReducingStateDescriptor,
        AggregatingStateDescriptor {

  private static final Pattern LEGAL_NAME = Pattern.compile("[a-zA-Z0-9._-]{1,200}");

  private final String name;
  private final Settings settings;

  StateDescriptor(String name, Settings settings) {
    this.name = checkName(name);
    this.settings = settings;
  }

  /** A single value per key. */
  public static <T> ValueStateDescriptor<T> value(String name, Serde<T> serde) {
    return new ValueStateDescriptor<>(name, serde);
  }

  /** A list per key. */
  public static <T> ListStateDescriptor<T> list(String name, Serde<T> elementSerde) {
    return new ListStateDescriptor<>(name, elementSerde);
  }

  /** A map per key. */
  public static <K, V> MapStateDescriptor<K, V> map(
      String name, Serde<K> userKeySerde, Serde<V> valueSerde) {
    return new MapStateDescriptor<>(name, userKeySerde, valueSerde);
  }

  /** A value per key folded by {@code reducer}. */
  public static <T> ReducingStateDescriptor<T> reducing(
      String name, ReduceFunction<T> reducer, Serde<T> serde) {
    return new ReducingStateDescriptor<>(name, reducer, serde);
  }

  /** An accumulator per key fed by {@code aggregator}. */
  public static <T, A, R> AggregatingStateDescriptor<T, A, R> aggregating(
      String name, AggregateFunction<T, A, R> aggregator, Serde<A> accumulatorSerde) {
    return new AggregatingStateDescriptor<>(name, aggregator, accumulatorSerde);
  }

  /** The state's name. */
  public final String name() {
    return name;
  }

  /**
   * How long the changelog keeps a record before it may be deleted even though it is the last
   * write of its entry ({@code retention.ms} of a {@code compact,delete} topic). Empty, the
   * default, for a changelog that is only compacted: use it unless every entry is rewritten or
   * deleted within a known time, as window state is.
   */
  public final Optional<Duration> changelogRetention() {
    return Optional.ofNullable(settings.changelogRetention());
  }

  /** The time to live of the state's entries; empty (the default) when they live until cleared. */
  public final Optional<StateTtl> ttl() {
    return Optional.ofNullable(settings.ttl());
  }

  /** A copy of this descriptor whose entries expire as {@code ttl} says. */
  public abstract StateDescriptor<S> withTtl(StateTtl ttl);

  final Settings settings() {
    return settings;
  }

  /**
   * A copy of this descriptor whose changelog also deletes records older than {@code retention}.
   *
   * @throws IllegalArgumentException if {@code retention} is not a positive whole number of
   *     milliseconds
   */
  public abstract StateDescriptor<S> withChangelogRetention(Duration retention);

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + name + "]";
  }

  static Duration checkRetention(Duration retention) {
    Objects.requireNonNull(retention, "retention");
    if (retention.isNegative() || retention.isZero() || retention.getNano() % 1_000_000 != 0) {
      throw new IllegalArgumentException(
          "A changelog retention must be a positive whole number of milliseconds, found "
              + retention);
    }
    return retention;
  }

  static String checkName(String name) {
    Objects.requireNonNull(name, "state name");
    if (!LEGAL_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "State name '"
              + name
              + "' is not allowed: state names become Kafka topic names, so they may use only"
              + " letters, digits, '.', '_' and '-' (1 to 200 characters)");
    }
    return name;
  }
}
