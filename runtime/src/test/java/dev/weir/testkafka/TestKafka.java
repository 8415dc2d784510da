package dev.weir.testkafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.ops.kafka.LocalKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * One real Kafka broker for all integration tests of a test JVM (started on first use; it dies
 * with the JVM), and the small client chores the tests share. Tests keep apart by using their own
 * topic names and application ids ({@link #unique}).
 */
public final class TestKafka {

  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static LocalKafka kafka;

  private TestKafka() {}

  public static synchronized String bootstrap() {
    if (kafka == null) {
      kafka = LocalKafka.start();
      Runtime.getRuntime().addShutdownHook(new Thread(kafka::close));
    }
    return kafka.bootstrapServers();
  }

  /** A name no other test of this JVM uses. */
  public static String unique(String base) {
    return base + "-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet();
  }

  /** Creates topics and waits until every partition answers (see KAFKA-15591). */
  public static void createTopics(int partitions, String... topics) {
    try (Admin admin = admin()) {
      List<NewTopic> newTopics = new ArrayList<>();
      for (String topic : topics) {
        newTopics.add(new NewTopic(topic, partitions, (short) 1));
      }
      admin.createTopics(newTopics).all().get();
      Map<TopicPartition, OffsetSpec> request = new HashMap<>();
      for (String topic : topics) {
        for (int p = 0; p < partitions; p++) {
          request.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
      }
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (true) {
        try {
          admin.listOffsets(request).all().get();
          return;
        } catch (ExecutionException e) {
          if (System.nanoTime() > deadline) {
            throw e;
          }
          Thread.sleep(100);
        }
      }
    } catch (Exception e) {
      throw new AssertionError("Could not create topics", e);
    }
  }

  public static Admin admin() {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()));
  }

  public static KafkaProducer<byte[], byte[]> producer() {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
            ProducerConfig.ACKS_CONFIG, "all",
            ProducerConfig.LINGER_MS_CONFIG, 5,
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
  }

  /** Sends records and checks that every send succeeded. */
  public static void produce(List<ProducerRecord<byte[], byte[]>> records) {
    try (KafkaProducer<byte[], byte[]> producer = producer()) {
      List<Future<RecordMetadata>> sends = new ArrayList<>();
      for (ProducerRecord<byte[], byte[]> record : records) {
        sends.add(producer.send(record));
      }
      producer.flush();
      for (Future<RecordMetadata> send : sends) {
        send.get();
      }
    } catch (Exception e) {
      throw new AssertionError("Producing test input failed", e);
    }
  }

  /**
   * Reads {@code topic} from the beginning with {@code read_committed} until {@code done} holds
   * for what was read, or fails after {@code timeout}.
   */
  public static List<ConsumerRecord<byte[], byte[]>> readUntil(
      String topic, Duration timeout, Predicate<List<ConsumerRecord<byte[], byte[]>>> done) {
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
      assignFromBeginning(consumer, topic);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!done.test(records)) {
        assertThat(System.nanoTime())
            .as("waited %s for topic %s; read %d records", timeout, topic, records.size())
            .isLessThan(deadline);
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          records.add(record);
        }
      }
    }
    return records;
  }

  /** Everything committed in {@code topic} now (reads up to the end offsets). */
  public static List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
      List<TopicPartition> partitions = assignFromBeginning(consumer, topic);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        assertThat(System.nanoTime()).as("reading %s to its end", topic).isLessThan(deadline);
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          records.add(record);
        }
      }
    }
    return records;
  }

  /** Assigns every partition of {@code topic} to {@code consumer}, from the beginning. */
  public static List<TopicPartition> assignFromBeginning(
      KafkaConsumer<byte[], byte[]> consumer, String topic) {
    List<TopicPartition> partitions =
        consumer.partitionsFor(topic).stream()
            .map(info -> new TopicPartition(topic, info.partition()))
            .toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    return partitions;
  }

  /** A {@code read_committed} consumer of the shared broker, without a group. */
  public static KafkaConsumer<byte[], byte[]> consumer() {
    return new KafkaConsumer<>(
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
            ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
  }
}
