package dev.weir.bench.jobs;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The raw pipe: one plain consumer and one producer in a loop, no framework and no state. It runs
 * workload 1's map/filter with the same serdes as the other contenders, so it is both that row's
 * third contender and the ceiling of every other row: what Kafka itself allows on this machine.
 *
 * <p>Under exactly-once the producer is transactional: the first record after a commit opens a
 * transaction, and every commit interval the consumed offsets go in with
 * {@code sendOffsetsToTransaction} and the transaction commits. Under at-least-once it flushes
 * the producer and commits the offsets with the consumer every commit interval.
 *
 * <p>A single instance is assumed: rebalances are not handled beyond what the clients do.
 */
final class RawPipeJob implements ContenderMain.Job {

  private final JobSpec spec;
  private final CompletableFuture<Throwable> failure = new CompletableFuture<>();
  private final AtomicReference<Exception> sendFailure = new AtomicReference<>();
  private final Callback onSent =
      (metadata, exception) -> {
        if (exception != null) {
          sendFailure.compareAndSet(null, exception);
        }
      };
  private volatile boolean running = true;
  private KafkaConsumer<byte[], byte[]> consumer;
  private Thread thread;

  RawPipeJob(JobSpec spec) {
    if (spec.workload() != Workload.STATELESS) {
      throw new IllegalArgumentException(
          "The raw pipe runs only workload 1 (stateless), not " + spec.workload().id()
              + "; its number is the ceiling of the other rows");
    }
    this.spec = spec;
  }

  @Override
  public void start() {
    consumer = new KafkaConsumer<>(consumerConfig());
    thread = new Thread(this::runLoop, "raw-pipe");
    thread.start();
  }

  @Override
  public Throwable awaitFailure() throws InterruptedException {
    try {
      return failure.get();
    } catch (java.util.concurrent.ExecutionException e) {
      return e.getCause();
    }
  }

  @Override
  public void close() {
    running = false;
    if (consumer != null) {
      consumer.wakeup();
    }
    if (thread != null) {
      try {
        thread.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void runLoop() {
    boolean exactlyOnce = spec.guarantee().exactlyOnce();
    long commitIntervalMs = spec.guarantee().commitInterval().toMillis();
    Deserializer<Click> clicks = BenchSerdes.CLICK.deserializer();
    Serializer<ClickView> views = BenchSerdes.CLICK_VIEW.serializer();
    String input = spec.inputTopic();
    String output = spec.outputTopic();
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    try (KafkaConsumer<byte[], byte[]> c = consumer;
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig(exactlyOnce))) {
      if (exactlyOnce) {
        producer.initTransactions();
      }
      c.subscribe(List.of(input));
      boolean inTransaction = false;
      long lastCommit = System.currentTimeMillis();
      while (running) {
        ConsumerRecords<byte[], byte[]> records = c.poll(Duration.ofMillis(50));
        if (!records.isEmpty()) {
          if (exactlyOnce && !inTransaction) {
            producer.beginTransaction();
            inTransaction = true;
          }
          for (ConsumerRecord<byte[], byte[]> record : records) {
            Click click = clicks.deserialize(input, record.headers(), record.value());
            if (click.kept()) {
              byte[] value = views.serialize(output, click.view());
              producer.send(
                  new ProducerRecord<>(output, null, click.ts(), record.key(), value), onSent);
            }
          }
          for (TopicPartition partition : records.partitions()) {
            List<ConsumerRecord<byte[], byte[]>> list = records.records(partition);
            offsets.put(
                partition, new OffsetAndMetadata(list.get(list.size() - 1).offset() + 1));
          }
        }
        Exception failed = sendFailure.get();
        if (failed != null) {
          throw failed;
        }
        long now = System.currentTimeMillis();
        if (now - lastCommit >= commitIntervalMs && !offsets.isEmpty()) {
          if (exactlyOnce) {
            producer.sendOffsetsToTransaction(offsets, c.groupMetadata());
            producer.commitTransaction();
            inTransaction = false;
          } else {
            producer.flush();
            if (sendFailure.get() != null) {
              throw sendFailure.get();
            }
            c.commitSync(offsets);
          }
          offsets.clear();
          lastCommit = now;
        }
      }
    } catch (WakeupException e) {
      // close() asked us to stop
    } catch (Throwable e) {
      failure.complete(e);
    }
  }

  private Map<String, Object> consumerConfig() {
    Map<String, Object> props = new HashMap<>(ClientTuning.CONSUMER);
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, spec.bootstrapServers());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, spec.applicationId());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    return props;
  }

  private Map<String, Object> producerConfig(boolean exactlyOnce) {
    Map<String, Object> props = new HashMap<>(ClientTuning.PRODUCER);
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, spec.bootstrapServers());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    if (exactlyOnce) {
      props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, spec.applicationId() + "-0");
    }
    return props;
  }
}
