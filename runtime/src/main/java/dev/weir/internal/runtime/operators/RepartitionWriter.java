package dev.weir.internal.runtime.operators;

import dev.weir.api.functions.KeySelector;
import dev.weir.internal.graph.RepartitionNode;
import dev.weir.internal.runtime.errors.RecordProcessingException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Utils;

/**
 * The write side of a key change: computes the new key and writes the record to the repartition
 * topic, to the partition Kafka's default partitioner would choose for that key, so that a topic
 * keyed by the same key elsewhere lines up with it.
 */
public final class RepartitionWriter extends Operator {

  private final RecordContext context;
  private final String topic;
  private final int partitions;
  private final KeySelector<Object, Object> keySelector;
  private final Serializer<Object> keySerializer;
  private final Serializer<Object> valueSerializer;

  @SuppressWarnings("unchecked")
  public RepartitionWriter(
      RepartitionNode node, RecordContext context, String topic, int partitions) {
    super(node.name(), null);
    this.context = context;
    this.topic = topic;
    this.partitions = partitions;
    this.keySelector = (KeySelector<Object, Object>) node.keySelector();
    this.keySerializer = (Serializer<Object>) node.keySerde().serializer();
    this.valueSerializer = (Serializer<Object>) node.valueSerde().serializer();
  }

  @Override
  public void process(Object value) {
    byte[] keyBytes;
    byte[] valueBytes;
    try {
      Object key = keySelector.key(value);
      if (key == null) {
        throw new NullPointerException("key selector returned null");
      }
      keyBytes = keySerializer.serialize(topic, key);
      valueBytes = valueSerializer.serialize(topic, value);
    } catch (Exception e) {
      throw new RecordProcessingException(name, e);
    }
    int partition = Utils.toPositive(Utils.murmur2(keyBytes)) % partitions;
    context.output(
        new ProducerRecord<>(topic, partition, context.timestamp(), keyBytes, valueBytes));
  }
}
