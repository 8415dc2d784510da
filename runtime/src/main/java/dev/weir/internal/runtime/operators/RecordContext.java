package dev.weir.internal.runtime.operators;

import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * What the operators of one task know about the record they are processing: its key (object and
 * serialized form, for keyed state) and timestamp, and where output goes. Within a stage the key
 * and timestamp of an input record do not change, so operators read them here instead of passing
 * them along.
 *
 * <p>One per task, used only by the task's thread; mutable.
 */
public final class RecordContext {

  private final OutputSink output;
  private Object key;
  private byte[] keyBytes;
  private long timestamp;

  public RecordContext(OutputSink output) {
    this.output = output;
  }

  /** Where operators send records for Kafka. */
  @FunctionalInterface
  public interface OutputSink {
    void send(ProducerRecord<byte[], byte[]> record);
  }

  public void set(Object key, byte[] keyBytes, long timestamp) {
    this.key = key;
    this.keyBytes = keyBytes;
    this.timestamp = timestamp;
  }

  /** Changes only the timestamp, for output stamped with another time than the record's. */
  public void timestamp(long timestamp) {
    this.timestamp = timestamp;
  }

  /** The current key; null in a stage that is not keyed. */
  public Object key() {
    return key;
  }

  /** The current key serialized with the stage's key serde; null in a stage that is not keyed. */
  public byte[] keyBytes() {
    return keyBytes;
  }

  public long timestamp() {
    return timestamp;
  }

  public void output(ProducerRecord<byte[], byte[]> record) {
    output.send(record);
  }
}
