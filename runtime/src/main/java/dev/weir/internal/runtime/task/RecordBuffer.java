package dev.weir.internal.runtime.task;

import dev.weir.internal.runtime.operators.RecordContext;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Holds the output of the input record being processed until it has gone through the whole chain
 * without error, so a record that fails half-way leaves no output behind. One per thread; reused.
 */
public final class RecordBuffer implements RecordContext.OutputSink {

  private final List<ProducerRecord<byte[], byte[]>> pending = new ArrayList<>();
  private final Consumer<ProducerRecord<byte[], byte[]>> sender;
  private long sent;

  public RecordBuffer(Consumer<ProducerRecord<byte[], byte[]>> sender) {
    this.sender = sender;
  }

  @Override
  public void send(ProducerRecord<byte[], byte[]> record) {
    pending.add(record);
  }

  /** The record succeeded: sends its output. */
  public void release() {
    for (int i = 0; i < pending.size(); i++) {
      sender.accept(pending.get(i));
    }
    sent += pending.size();
    pending.clear();
  }

  /** Records sent since the buffer was made; the thread turns it into a meter once per cycle. */
  public long sentRecords() {
    return sent;
  }

  /** The record failed: drops its output. */
  public void discard() {
    pending.clear();
  }
}
