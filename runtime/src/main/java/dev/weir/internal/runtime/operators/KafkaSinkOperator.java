package dev.weir.internal.runtime.operators;

import dev.weir.api.functions.KeySelector;
import dev.weir.internal.graph.SinkNode;
import dev.weir.internal.runtime.errors.RecordProcessingException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** Serializes each value (and key) and hands the record to the task's output. */
public final class KafkaSinkOperator extends Operator {

  private final RecordContext context;
  private final String topic;
  private final Serializer<Object> keySerializer;
  private final Serializer<Object> valueSerializer;
  private final KeySelector<Object, Object> keyFunction;
  private final boolean streamKey;
  private final boolean reuseKeyBytes;

  @SuppressWarnings("unchecked")
  public KafkaSinkOperator(SinkNode node, RecordContext context, Serde<?> stageKeySerde) {
    super(node.name(), null);
    this.context = context;
    this.topic = node.topic();
    this.keySerializer =
        node.keySerde() == null ? null : (Serializer<Object>) node.keySerde().serializer();
    this.valueSerializer = (Serializer<Object>) node.valueSerde().serializer();
    this.keyFunction = (KeySelector<Object, Object>) node.keyFunction();
    this.streamKey = node.streamKey();
    // The stage's key bytes are the key serialized by this very serde: no need to do it again.
    this.reuseKeyBytes = streamKey && node.keySerde() == stageKeySerde;
  }

  @Override
  public void process(Object value) {
    byte[] keyBytes;
    byte[] valueBytes;
    try {
      if (keyFunction != null) {
        keyBytes = keySerializer.serialize(topic, keyFunction.key(value));
      } else if (reuseKeyBytes) {
        keyBytes = context.keyBytes();
      } else if (streamKey) {
        keyBytes = keySerializer.serialize(topic, context.key());
      } else {
        keyBytes = null;
      }
      valueBytes = valueSerializer.serialize(topic, value);
    } catch (Exception e) {
      throw new RecordProcessingException(name, e);
    }
    context.output(new ProducerRecord<>(topic, null, context.timestamp(), keyBytes, valueBytes));
  }
}
