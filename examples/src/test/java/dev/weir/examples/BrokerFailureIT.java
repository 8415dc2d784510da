package dev.weir.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.ops.kafka.LocalKafka;
import dev.weir.ops.kafka.LocalKafkaOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A three-broker cluster (replication factor 3, min.insync.replicas 2): one broker is killed
 * with SIGKILL while the click counter runs, then restarted. Processing goes on, and the counts
 * stay exactly once.
 */
class BrokerFailureIT {

  private static final int USERS = 60;
  private static final int PARTITIONS = 6;

  @TempDir Path clusterDir;
  @TempDir Path stateDir;

  @Test
  void killingAndRestartingABrokerKeepsCountsExactlyOnce() throws Exception {
    try (LocalKafka kafka =
        LocalKafka.start(LocalKafkaOptions.defaults().brokers(3).baseDirectory(clusterDir))) {
      String bootstrap = kafka.bootstrapServers();
      String input = "clicks";
      String output = "click-counts";
      createTopics(bootstrap, input, output);
      int total = 6_000;
      ClickFeeder feeder =
          new ClickFeeder(
              Clicks.clicks(input, 0, total, USERS), Duration.ofSeconds(30), () -> producer(bootstrap));
      WorkerProcess worker =
          WorkerProcess.start(
              Path.of("target", "worker-logs"),
              "broker-failure",
              "click-counter",
              "--bootstrap-servers", bootstrap,
              "--application-id", "click-counter-3-brokers",
              "--input", input,
              "--output", output,
              "--state-dir", stateDir.toString(),
              "--threads", "2",
              "--set", "internal.topics.replication-factor=3");
      try {
        worker.awaitOutput(" runs tasks [", Duration.ofSeconds(90));
        feeder.start();
        Thread.sleep(8_000);
        kafka.kill(1);
        Thread.sleep(8_000);
        kafka.restart(1);
        feeder.join();

        List<ConsumerRecord<byte[], byte[]>> counts =
            readUntil(bootstrap, output, total, Duration.ofSeconds(180));
        Clicks.assertExactlyOnce(counts, feeder.sent());
        assertThat(worker.isAlive()).as("worker alive; see %s", worker.log()).isTrue();
        assertThat(worker.stop()).as("exit code; see %s", worker.log()).isZero();
        assertThat(readUntil(bootstrap, output, total, Duration.ofSeconds(30))).hasSize(total);
      } finally {
        if (worker.isAlive()) {
          worker.kill();
        }
      }
    }
  }

  private static void createTopics(String bootstrap, String... topics) throws Exception {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      List<NewTopic> newTopics = new ArrayList<>();
      for (String topic : topics) {
        newTopics.add(new NewTopic(topic, PARTITIONS, (short) 3));
      }
      admin.createTopics(newTopics).all().get();
      // Producing right after creating can lose a first batch (KAFKA-15591): wait until every
      // partition answers a offset lookup.
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      for (String topic : topics) {
        for (int p = 0; p < PARTITIONS; p++) {
          latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
      }
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (true) {
        try {
          admin.listOffsets(latest).all().get();
          return;
        } catch (Exception e) {
          assertThat(System.nanoTime()).as("topics ready").isLessThan(deadline);
          Thread.sleep(200);
        }
      }
    }
  }

  private static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
            ProducerConfig.ACKS_CONFIG, "all",
            ProducerConfig.LINGER_MS_CONFIG, 5,
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
  }

  private static List<ConsumerRecord<byte[], byte[]>> readUntil(
      String bootstrap, String topic, int count, Duration timeout) {
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (int p = 0; p < PARTITIONS; p++) {
        partitions.add(new TopicPartition(topic, p));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (records.size() < count) {
        assertThat(System.nanoTime())
            .as("waited %s for %d records of %s; read %d", timeout, count, topic, records.size())
            .isLessThan(deadline);
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
      // Anything past the expected count is a duplicate: give it a moment to show up.
      consumer.poll(Duration.ofSeconds(1)).forEach(records::add);
    }
    return records;
  }
}
