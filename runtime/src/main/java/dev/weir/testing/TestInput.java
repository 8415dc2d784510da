package dev.weir.testing;

import java.time.Instant;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Pipes records into one input topic of a {@link PipelineTestDriver}. Each {@code send} processes
 * the record through the whole pipeline before it returns.
 */
public final class TestInput<K, V> {

  private final PipelineTestDriver driver;
  private final String topic;
  private final Serializer<K> keySerializer;
  private final Serializer<V> valueSerializer;

  TestInput(
      PipelineTestDriver driver,
      String topic,
      Serializer<K> keySerializer,
      Serializer<V> valueSerializer) {
    this.driver = driver;
    this.topic = topic;
    this.keySerializer = keySerializer;
    this.valueSerializer = valueSerializer;
  }

  /** Sends a record with a key and a timestamp. */
  public void send(K key, V value, Instant timestamp) {
    driver.pipe(
        topic,
        key == null ? null : keySerializer.serialize(topic, key),
        value == null ? null : valueSerializer.serialize(topic, value),
        timestamp.toEpochMilli());
  }

  /** Sends a record without a key. */
  public void send(V value, Instant timestamp) {
    send(null, value, timestamp);
  }

  /** Sends raw bytes as the value, e.g. to test how the pipeline treats malformed input. */
  public void sendRaw(byte[] key, byte[] value, Instant timestamp) {
    driver.pipe(topic, key, value, timestamp.toEpochMilli());
  }
}
