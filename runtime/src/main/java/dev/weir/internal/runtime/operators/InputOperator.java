package dev.weir.internal.runtime.operators;

import dev.weir.api.functions.TimestampAssigner;
import dev.weir.internal.runtime.errors.RecordProcessingException;
import dev.weir.internal.runtime.time.TaskTime;
import java.nio.ByteBuffer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;

/**
 * The root of a task's chain for one input topic: deserializes a Kafka record, sets the record
 * context (key, key bytes, timestamp), tells the task's time about the record, and hands the value
 * on. In a stage that is not keyed the record key is never read, so it is not deserialized.
 *
 * <p>On a repartition topic, records with the header {@value #WATERMARK_HEADER} are watermarks of
 * upstream tasks, not data: they move the partition's watermark and go no further.
 */
public final class InputOperator extends Operator {

  /** Header of a watermark record: the upstream task's watermark, 8 bytes. */
  public static final String WATERMARK_HEADER = "weir.watermark";

  /** Header of a watermark record: the upstream task's partition number, 4 bytes. */
  public static final String UPSTREAM_HEADER = "weir.upstream";

  private final RecordContext context;
  private final Deserializer<Object> keyDeserializer;
  private final Deserializer<Object> valueDeserializer;
  private final TimestampAssigner<Object> timestampAssigner;
  private final boolean keyed;
  private final boolean repartition;
  private final TaskTime time;

  @SuppressWarnings("unchecked")
  public InputOperator(
      String name,
      Operator[] next,
      RecordContext context,
      Serde<?> keySerde,
      Serde<?> valueSerde,
      TimestampAssigner<?> timestampAssigner,
      boolean keyed,
      boolean repartition,
      TaskTime time) {
    super(name, next);
    this.repartition = repartition;
    this.time = time;
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

  /**
   * Processes one input record through the whole chain.
   *
   * @param index the record's partition among the task's input partitions
   */
  public void process(ConsumerRecord<byte[], byte[]> record, int index) {
    if (repartition) {
      Header watermark = record.headers().lastHeader(WATERMARK_HEADER);
      if (watermark != null) {
        Header upstream = record.headers().lastHeader(UPSTREAM_HEADER);
        time.onUpstreamWatermark(
            index,
            ByteBuffer.wrap(upstream.value()).getInt(),
            ByteBuffer.wrap(watermark.value()).getLong());
        return;
      }
    }
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
    if (!repartition) {
      time.onRecord(index, timestamp);
    }
    context.set(key, keyed ? record.key() : null, timestamp);
    emit(value);
  }

  /** A watermark record for partition {@code partition} of a repartition topic. */
  public static ProducerRecord<byte[], byte[]> watermarkRecord(
      String topic, int partition, int upstreamTask, long watermark) {
    RecordHeaders headers = new RecordHeaders();
    headers.add(WATERMARK_HEADER, ByteBuffer.allocate(8).putLong(watermark).array());
    headers.add(UPSTREAM_HEADER, ByteBuffer.allocate(4).putInt(upstreamTask).array());
    return new ProducerRecord<>(topic, partition, null, null, null, headers);
  }
}
