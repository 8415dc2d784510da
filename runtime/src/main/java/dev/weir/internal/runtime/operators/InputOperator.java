package dev.weir.internal.runtime.operators;

import dev.weir.api.functions.TimestampAssigner;
import dev.weir.internal.runtime.errors.RecordProcessingException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;

/**
 * The root of a task's chain for one input topic: deserializes a Kafka record, sets the record
 * context (key, key bytes, timestamp) and hands the value on. In a stage that is not keyed the
 * record key is never read, so it is not deserialized.
 */
public final class InputOperator extends Operator {

  private final RecordContext context;
  private final Deserializer<Object> keyDeserializer;
  private final Deserializer<Object> valueDeserializer;
  private final TimestampAssigner<Object> timestampAssigner;
  private final boolean keyed;

  @SuppressWarnings("unchecked")
  public InputOperator(
      String name,
      Operator[] next,
      RecordContext context,
      Serde<?> keySerde,
      Serde<?> valueSerde,
      TimestampAssigner<?> timestampAssigner,
      boolean keyed) {
    super(name, next);
    this.context = context;
    this.keyDeserializer = (Deserializer<Object>) keySerde.deserializer();
    this.valueDeserializer = (Deserializer<Object>) valueSerde.deserializer();
    this.timestampAssigner = (TimestampAssigner<Object>) timestampAssigner;
    this.keyed = keyed;
  }

  @Override
  public void process(Object value) {
    throw new UnsupportedOperationException("input operators take Kafka records");
  }

  /** Processes one input record through the whole chain. */
  public void process(ConsumerRecord<byte[], byte[]> record) {
    Object key = null;
    Object value;
    long timestamp;
    try {
      if (keyed) {
        if (record.key() == null) {
          throw new IllegalArgumentException(
              "the record has no key, but this stage is keyed by the record key");
        }
        key = keyDeserializer.deserialize(record.topic(), record.headers(), record.key());
      }
      value = valueDeserializer.deserialize(record.topic(), record.headers(), record.value());
      if (value == null) {
        throw new IllegalArgumentException("the record has no value (null or a tombstone)");
      }
      timestamp =
          timestampAssigner == null
              ? record.timestamp()
              : timestampAssigner.timestamp(value, record.timestamp());
    } catch (Exception e) {
      throw new RecordProcessingException(name, e);
    }
    context.set(key, keyed ? record.key() : null, timestamp);
    emit(value);
  }
}
