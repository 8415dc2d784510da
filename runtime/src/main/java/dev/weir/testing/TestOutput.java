package dev.weir.testing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Deserializer;

/** Reads what a {@link PipelineTestDriver}'s pipeline wrote to one topic. */
public final class TestOutput<K, V> {

  private final PipelineTestDriver driver;
  private final String topic;
  private final Deserializer<K> keyDeserializer;
  private final Deserializer<V> valueDeserializer;

  TestOutput(
      PipelineTestDriver driver,
      String topic,
      Deserializer<K> keyDeserializer,
      Deserializer<V> valueDeserializer) {
    this.driver = driver;
    this.topic = topic;
    this.keyDeserializer = keyDeserializer;
    this.valueDeserializer = valueDeserializer;
  }

  /** Every record written since the last read, oldest first; reading removes them. */
  public List<TestRecord<K, V>> readAll() {
    List<TestRecord<K, V>> records = new ArrayList<>();
    for (ProducerRecord<byte[], byte[]> record : driver.take(topic)) {
      records.add(
          new TestRecord<>(
              record.key() == null ? null : keyDeserializer.deserialize(topic, record.key()),
              record.value() == null ? null : valueDeserializer.deserialize(topic, record.value()),
              Instant.ofEpochMilli(record.timestamp())));
    }
    return records;
  }

  /** The values of {@link #readAll()}. */
  public List<V> readValues() {
    return readAll().stream().map(TestRecord::value).toList();
  }

  /** True when nothing was written since the last read. */
  public boolean isEmpty() {
    return driver.peek(topic).isEmpty();
  }
}
