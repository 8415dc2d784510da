package dev.weir.api.state;

import dev.weir.api.functions.AggregateFunction;
import dev.weir.api.functions.ReduceFunction;
import java.util.Objects;
import java.util.regex.Pattern;
import org.apache.kafka.common.serialization.Serde;

/**
 * Declares a keyed state: its kind, its name and how its content is serialized. The name names the
 * changelog topic ({@code <application.id>-<name>-changelog}), so it must be unique within a
 * pipeline and stay the same across versions of it. Descriptors are immutable; keep them in
 * constants.
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

  StateDescriptor(String name) {
    this.name = checkName(name);
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

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + name + "]";
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
