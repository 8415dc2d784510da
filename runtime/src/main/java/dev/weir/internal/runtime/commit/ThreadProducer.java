package dev.weir.internal.runtime.commit;

import dev.weir.api.WeirException;
import io.micrometer.core.instrument.Counter;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one producer of a processing thread. Under exactly-once it is transactional: a transaction
 * opens with the first record sent after a commit and closes at the next commit, together with
 * the consumed offsets (fenced by the consumer group's generation). Under at-least-once it
 * remembers the first failed send, so a commit can refuse to commit offsets past lost output.
 *
 * <p>Used only by its thread.
 */
public final class ThreadProducer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ThreadProducer.class);

  private final Supplier<Producer<byte[], byte[]>> factory;
  private final boolean transactional;
  private final Counter aborted;
  private final Callback onCompletion = this::completed;
  private Producer<byte[], byte[]> producer;
  private boolean inTransaction;
  private volatile Exception sendFailure;

  /**
   * @param factory makes the producer (again, after it was fenced)
   * @param aborted counts the transactions given up, whether the producer could abort them or
   *     had to be remade
   */
  public ThreadProducer(
      Supplier<Producer<byte[], byte[]>> factory, boolean transactional, Counter aborted) {
    this.factory = factory;
    this.transactional = transactional;
    this.aborted = aborted;
    this.producer = create();
  }

  private Producer<byte[], byte[]> create() {
    Producer<byte[], byte[]> created = factory.get();
    if (transactional) {
      // Also aborts a transaction a previous incarnation of this thread left open.
      created.initTransactions();
    }
    return created;
  }

  /** Sends a record; under exactly-once, inside the open transaction. */
  public Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record) {
    if (transactional && !inTransaction) {
      producer.beginTransaction();
      inTransaction = true;
    }
    return producer.send(record, onCompletion);
  }

  private void completed(RecordMetadata metadata, Exception exception) {
    if (exception != null && sendFailure == null) {
      sendFailure = exception;
    }
  }

  /**
   * Under exactly-once: adds the offsets to the transaction and commits it. Under at-least-once:
   * waits until every record sent is acknowledged. Either way, throws if any send failed.
   *
   * @throws KafkaException when the commit did not go through; call {@link #abort()} then
   */
  public void commit(Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata group) {
    if (transactional) {
      if (!inTransaction) {
        if (offsets.isEmpty()) {
          return;
        }
        producer.beginTransaction();
        inTransaction = true;
      }
      if (!offsets.isEmpty()) {
        producer.sendOffsetsToTransaction(offsets, group);
      }
      producer.commitTransaction();
      inTransaction = false;
    } else {
      producer.flush();
    }
    Exception failure = sendFailure;
    if (failure != null) {
      throw new KafkaException("A record sent before this commit failed", failure);
    }
  }

  /**
   * Gives up the open transaction. When the producer can no longer abort (fenced, or in a fatal
   * state), it is closed and made anew.
   */
  public void abort() {
    sendFailure = null;
    if (!transactional) {
      return;
    }
    try {
      if (inTransaction) {
        aborted.increment(); // given up even when the abort itself fails
        producer.abortTransaction();
      }
    } catch (KafkaException e) {
      log.warn("Could not abort the transaction ({}); making a new producer", e.toString());
      closeQuietly();
      producer = create();
    } finally {
      inTransaction = false;
    }
  }

  private void closeQuietly() {
    try {
      producer.close(Duration.ZERO);
    } catch (KafkaException e) {
      log.debug("Closing a failed producer", e);
    }
  }

  @Override
  public void close() {
    try {
      if (transactional && inTransaction) {
        aborted.increment();
        producer.abortTransaction();
      }
    } catch (KafkaException e) {
      log.debug("Aborting on close failed", e);
    }
    try {
      producer.close(Duration.ofSeconds(10));
    } catch (KafkaException e) {
      throw new WeirException("Closing the producer failed", e);
    }
  }
}
