package dev.weir.api;

import dev.weir.api.functions.TimestampAssigner;
import dev.weir.api.time.WatermarkStrategy;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;

/**
 * Where a pipeline reads from: one or more Kafka topics with the serdes of their keys and values.
 * Immutable; each {@code with...} returns a copy.
 *
 * <p>Several topics in one source must have the same number of partitions: partition {@code p} of
 * each is read by the same task.
 *
 * @param <K> record key type
 * @param <V> record value type
 */
public final class KafkaSource<K, V> {

  private final List<String> topics;
  private final Serde<K> keySerde;
  private final Serde<V> valueSerde;
  private final WatermarkStrategy<V> watermarks;
  private final String name;

  private KafkaSource(
      List<String> topics,
      Serde<K> keySerde,
      Serde<V> valueSerde,
      WatermarkStrategy<V> watermarks,
      String name) {
    this.topics = topics;
    this.keySerde = keySerde;
    this.valueSerde = valueSerde;
    this.watermarks = watermarks;
    this.name = name;
  }

  /** Reads {@code topic}. */
  public static <K, V> KafkaSource<K, V> of(String topic, Serde<K> keySerde, Serde<V> valueSerde) {
    return of(List.of(topic), keySerde, valueSerde);
  }

  /** Reads several co-partitioned topics as one stream. */
  public static <K, V> KafkaSource<K, V> of(
      List<String> topics, Serde<K> keySerde, Serde<V> valueSerde) {
    Objects.requireNonNull(topics, "topics");
    if (topics.isEmpty()) {
      throw new IllegalArgumentException("A source needs at least one topic");
    }
    for (String topic : topics) {
      if (topic == null || topic.isBlank()) {
        throw new IllegalArgumentException("Topic names must not be blank, found " + topics);
      }
    }
    if (topics.stream().distinct().count() != topics.size()) {
      throw new IllegalArgumentException("A source names a topic twice: " + topics);
    }
    return new KafkaSource<>(
        List.copyOf(topics),
        Objects.requireNonNull(keySerde, "keySerde"),
        Objects.requireNonNull(valueSerde, "valueSerde"),
        WatermarkStrategy.noWatermarks(),
        null);
  }

  /**
   * Takes each record's event time from its value instead of the Kafka record timestamp; keeps
   * the watermark strategy.
   */
  public KafkaSource<K, V> withTimestamps(TimestampAssigner<V> assigner) {
    return new KafkaSource<>(
        topics, keySerde, valueSerde, watermarks.withTimestampAssigner(assigner), name);
  }

  /** Derives event time and watermarks per partition as {@code strategy} says. */
  public KafkaSource<K, V> withWatermarks(WatermarkStrategy<V> strategy) {
    return new KafkaSource<>(
        topics, keySerde, valueSerde, Objects.requireNonNull(strategy, "strategy"), name);
  }

  /** Names the source operator (default {@code source-<topics>}). */
  public KafkaSource<K, V> named(String name) {
    return new KafkaSource<>(
        topics, keySerde, valueSerde, watermarks, Objects.requireNonNull(name, "name"));
  }

  public List<String> topics() {
    return topics;
  }

  public Serde<K> keySerde() {
    return keySerde;
  }

  public Serde<V> valueSerde() {
    return valueSerde;
  }

  /** Null when the Kafka record timestamp is used. */
  public TimestampAssigner<V> timestampAssigner() {
    return watermarks.timestampAssigner();
  }

  /** How event time and watermarks are derived (no watermarks unless set). */
  public WatermarkStrategy<V> watermarks() {
    return watermarks;
  }

  /** Null when not named. */
  public String name() {
    return name;
  }
}
