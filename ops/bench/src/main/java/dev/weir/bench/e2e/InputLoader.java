package dev.weir.bench.e2e;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes click events into an input topic: all at once before the throughput runs
 * ({@link #load}), or at a steady rate with event time = now for the latency runs
 * ({@link #produceSteadily}). Every send is checked.
 */
final class InputLoader implements AutoCloseable {

  /** What a load wrote. */
  record Loaded(long records, long keptRecords, long firstEventTime, long lastEventTime, long millis) {}

  private final KafkaProducer<byte[], byte[]> producer;
  private final AtomicReference<Exception> failure = new AtomicReference<>();
  private final AtomicLong acked = new AtomicLong();
  private final Callback callback =
      (metadata, exception) -> {
        if (exception != null) {
          failure.compareAndSet(null, exception);
        } else {
          acked.incrementAndGet();
        }
      };

  InputLoader(String bootstrapServers) {
    Map<String, Object> props = new HashMap<>();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 64L * 1024 * 1024);
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    producer = new KafkaProducer<>(props);
  }

  /**
   * Writes {@code records} events with event times from {@code now - records} ms up to about now
   * (one per millisecond), so the newest are current and none is older than the topic retention.
   */
  Loaded load(String topic, long records, ClickGenerator generator) throws Exception {
    return load(topic, records, generator, -1);
  }

  /**
   * Like {@link #load(String, long, ClickGenerator)}; with {@code distinctUsers > 0}, event
   * {@code i} is for user {@code i % distinctUsers} instead of a drawn one, so the running count
   * holds exactly {@code min(records, distinctUsers)} keys.
   */
  Loaded load(String topic, long records, ClickGenerator generator, long distinctUsers)
      throws Exception {
    long start = System.currentTimeMillis();
    long base = start - records;
    long kept = 0;
    acked.set(0);
    for (long i = 0; i < records; i++) {
      byte[] value =
          distinctUsers > 0
              ? generator.next((int) (i % distinctUsers), base + i)
              : generator.next(base + i);
      kept += generator.kept ? 1 : 0;
      producer.send(
          new ProducerRecord<>(
              topic, null, generator.timestamp, generator.key.getBytes(StandardCharsets.UTF_8), value),
          callback);
      if ((i & 0xFFFF) == 0) {
        check();
      }
    }
    producer.flush();
    check();
    if (acked.get() < records) {
      throw new IllegalStateException("Only " + acked.get() + " of " + records + " input records were acknowledged");
    }
    return new Loaded(records, kept, base, base + records - 1, System.currentTimeMillis() - start);
  }

  /**
   * Sends events with event time = now at {@code perSecond} records per second, in small bursts
   * every 5 ms, until {@code millis} have passed. Returns the number sent.
   */
  long produceSteadily(String topic, double perSecond, long millis, ClickGenerator generator)
      throws Exception {
    long start = System.nanoTime();
    long sent = 0;
    while (true) {
      long elapsedNanos = System.nanoTime() - start;
      if (elapsedNanos >= millis * 1_000_000L) {
        break;
      }
      long due = (long) (perSecond * elapsedNanos / 1e9);
      while (sent < due) {
        long now = System.currentTimeMillis();
        byte[] value = generator.next(now);
        producer.send(
            new ProducerRecord<>(topic, null, generator.timestamp, generator.key.getBytes(StandardCharsets.UTF_8), value),
            callback);
        sent++;
      }
      check();
      Thread.sleep(5);
    }
    producer.flush();
    check();
    return sent;
  }

  private void check() throws Exception {
    Exception e = failure.get();
    if (e != null) {
      throw new IllegalStateException("Writing the input failed: " + e, e);
    }
  }

  @Override
  public void close() {
    producer.close();
  }
}
