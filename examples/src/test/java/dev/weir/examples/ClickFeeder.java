package dev.weir.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.testkafka.TestKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/** Sends records at a steady rate on its own thread, checking every send. */
final class ClickFeeder extends Thread {

  private final List<ProducerRecord<byte[], byte[]>> records;
  private final Duration duration;
  private final Supplier<KafkaProducer<byte[], byte[]>> producers;
  private final AtomicReference<Throwable> failure = new AtomicReference<>();

  ClickFeeder(List<ProducerRecord<byte[], byte[]>> records, Duration duration) {
    this(records, duration, TestKafka::producer);
  }

  /** Sends with a producer from {@code producers}, to another cluster than the shared one. */
  ClickFeeder(
      List<ProducerRecord<byte[], byte[]>> records,
      Duration duration,
      Supplier<KafkaProducer<byte[], byte[]>> producers) {
    super("click-feeder");
    this.records = records;
    this.duration = duration;
    this.producers = producers;
  }

  @Override
  public void run() {
    long pauseNanos = duration.toNanos() / records.size();
    try (KafkaProducer<byte[], byte[]> producer = producers.get()) {
      List<Future<RecordMetadata>> sends = new ArrayList<>();
      long next = System.nanoTime();
      for (ProducerRecord<byte[], byte[]> record : records) {
        sends.add(producer.send(record));
        next += pauseNanos;
        long wait = next - System.nanoTime();
        if (wait > 0) {
          Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
      }
      producer.flush();
      for (Future<RecordMetadata> send : sends) {
        send.get();
      }
    } catch (Throwable t) {
      failure.set(t);
    }
  }

  /** What was sent; fails the test if any send failed. Call after {@link #join()}. */
  List<ProducerRecord<byte[], byte[]>> sent() {
    assertThat(failure.get()).as("feeding records").isNull();
    return records;
  }
}
