package dev.weir.api;

import dev.weir.api.functions.KeySelector;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;

/**
 * How {@link Stream#keyBy(Repartition)} re-keys a stream: the key, its serde and, optionally, the
 * value serde, a name and a partition count for the internal repartition topic
 * {@code <application.id>-<name>-repartition}. Immutable.
 *
 * @param <T> value type
 * @param <K> key type
 */
public final class Repartition<T, K> {

  private final KeySelector<T, K> keySelector;
  private final Serde<K> keySerde;
  private final Serde<T> valueSerde;
  private final String name;
  private final Integer partitions;

  private Repartition(
      KeySelector<T, K> keySelector,
      Serde<K> keySerde,
      Serde<T> valueSerde,
      String name,
      Integer partitions) {
    this.keySelector = keySelector;
    this.keySerde = keySerde;
    this.valueSerde = valueSerde;
    this.name = name;
    this.partitions = partitions;
  }

  /** Re-keys by {@code keySelector}. */
  public static <T, K> Repartition<T, K> by(KeySelector<T, K> keySelector, Serde<K> keySerde) {
    return new Repartition<>(
        Objects.requireNonNull(keySelector, "keySelector"),
        Objects.requireNonNull(keySerde, "keySerde"),
        null,
        null,
        null);
  }

  /**
   * The serde of the values written to the repartition topic. Needed when the stream's value
   * serde is not known (after a {@code map}); by default the source's value serde is used.
   */
  public Repartition<T, K> valueSerde(Serde<T> valueSerde) {
    return new Repartition<>(
        keySelector, keySerde, Objects.requireNonNull(valueSerde, "valueSerde"), name, partitions);
  }

  /** Names the operator and its topic (default: derived from the upstream operator's name). */
  public Repartition<T, K> named(String name) {
    return new Repartition<>(
        keySelector, keySerde, valueSerde, Objects.requireNonNull(name, "name"), partitions);
  }

  /** Partition count of the repartition topic (default: the upstream stage's task count). */
  public Repartition<T, K> partitions(int partitions) {
    if (partitions < 1) {
      throw new IllegalArgumentException(
          "A repartition topic needs at least 1 partition, found " + partitions);
    }
    return new Repartition<>(keySelector, keySerde, valueSerde, name, partitions);
  }

  KeySelector<T, K> keySelector() {
    return keySelector;
  }

  Serde<K> keySerde() {
    return keySerde;
  }

  Serde<T> valueSerde() {
    return valueSerde;
  }

  String name() {
    return name;
  }

  Integer partitions() {
    return partitions;
  }
}
