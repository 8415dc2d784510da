package dev.weir.api;

import dev.weir.api.functions.KeySelector;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;

/**
 * Where a stream is written: a Kafka topic with the serdes of keys and values. Under
 * {@code exactly_once} the records are written in the transaction that commits the input they
 * come from. Immutable; each {@code with...} returns a copy.
 *
 * <p>The record key is, in order: the value of {@link #withKey}'s function if set; else the
 * stream's key for a {@link KeyedStream}; else no key (null).
 *
 * @param <K> record key type
 * @param <V> record value type
 */
public final class KafkaSink<K, V> {

  private final String topic;
  private final Serde<K> keySerde;
  private final Serde<V> valueSerde;
  private final KeySelector<V, K> keyFunction;
  private final String name;

  private KafkaSink(
      String topic,
      Serde<K> keySerde,
      Serde<V> valueSerde,
      KeySelector<V, K> keyFunction,
      String name) {
    this.topic = topic;
    this.keySerde = keySerde;
    this.valueSerde = valueSerde;
    this.keyFunction = keyFunction;
    this.name = name;
  }

  /** Writes keyed records to {@code topic}. */
  public static <K, V> KafkaSink<K, V> of(String topic, Serde<K> keySerde, Serde<V> valueSerde) {
    return new KafkaSink<>(
        checkTopic(topic),
        Objects.requireNonNull(keySerde, "keySerde"),
        Objects.requireNonNull(valueSerde, "valueSerde"),
        null,
        null);
  }

  /** Writes records without a key to {@code topic}. */
  public static <V> KafkaSink<Void, V> valuesOnly(String topic, Serde<V> valueSerde) {
    return new KafkaSink<>(
        checkTopic(topic), null, Objects.requireNonNull(valueSerde, "valueSerde"), null, null);
  }

  /** Computes each record's key from its value. */
  public KafkaSink<K, V> withKey(KeySelector<V, K> keyFunction) {
    if (keySerde == null) {
      throw new IllegalStateException(
          "Sink to '" + topic + "' writes no keys; create it with KafkaSink.of(topic, keySerde,"
              + " valueSerde) to give it a key");
    }
    return new KafkaSink<>(
        topic, keySerde, valueSerde, Objects.requireNonNull(keyFunction, "keyFunction"), name);
  }

  /** Names the sink operator (default {@code <upstream>-sink-<topic>}). */
  public KafkaSink<K, V> named(String name) {
    return new KafkaSink<>(
        topic, keySerde, valueSerde, keyFunction, Objects.requireNonNull(name, "name"));
  }

  public String topic() {
    return topic;
  }

  /** Null for a sink that writes no keys. */
  public Serde<K> keySerde() {
    return keySerde;
  }

  public Serde<V> valueSerde() {
    return valueSerde;
  }

  /** Null when not set. */
  public KeySelector<V, K> keyFunction() {
    return keyFunction;
  }

  /** Null when not named. */
  public String name() {
    return name;
  }

  private static String checkTopic(String topic) {
    if (topic == null || topic.isBlank()) {
      throw new IllegalArgumentException("A sink needs a topic name, found '" + topic + "'");
    }
    return topic;
  }
}
