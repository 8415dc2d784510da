package dev.weir.ops.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One real broker shared by the tests of this class; each test uses its own topic. */
class SingleBrokerTest {

    private static LocalKafka kafka;

    @BeforeAll
    static void startBroker() {
        long t0 = System.nanoTime();
        kafka = LocalKafka.start();
        System.out.printf("single broker ready in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
    }

    @AfterAll
    static void closeBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void startsOneBrokerOnLoopback() throws Exception {
        assertThat(kafka.brokerCount()).isEqualTo(1);
        assertThat(kafka.bootstrapServers()).matches("127\\.0\\.0\\.1:\\d+");
        assertThat(kafka.isRunning(0)).isTrue();
        assertThat(kafka.serverLog(0)).exists().content().contains(Broker.STARTED_MARKER);
        try (Admin admin = Clients.admin(kafka.bootstrapServers())) {
            assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)).hasSize(1);
        }
    }

    @Test
    void producesWithAcksAllAndConsumesBack() throws Exception {
        String topic = "plain";
        Clients.createTopic(kafka.bootstrapServers(), topic, 3, 1, Map.of());
        List<String> sent = IntStream.range(0, 500).mapToObj(i -> "value-" + i).collect(Collectors.toList());
        try (KafkaProducer<String, String> producer = Clients.producer(kafka.bootstrapServers(), Map.of())) {
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            for (String v : sent) {
                acks.add(producer.send(new ProducerRecord<>(topic, "key-" + v, v)));
            }
            for (Future<RecordMetadata> ack : acks) {
                assertThat(ack.get(30, TimeUnit.SECONDS).offset()).isNotNegative();
            }
        }
        List<ConsumerRecord<String, String>> read =
                Clients.readAll(kafka.bootstrapServers(), topic, sent.size(), "read_uncommitted", Duration.ofSeconds(30));
        assertThat(read).extracting(ConsumerRecord::value).containsExactlyInAnyOrderElementsOf(sent);
    }

    @Test
    void transactionalCommitIsVisibleToReadCommittedAndAbortIsNot() throws Exception {
        String topic = "transactional";
        Clients.createTopic(kafka.bootstrapServers(), topic, 2, 1, Map.of());
        try (KafkaProducer<String, String> producer = Clients.producer(kafka.bootstrapServers(),
                Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "local-kafka-test-tx"))) {
            producer.initTransactions();
            producer.beginTransaction();
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>(topic, "k" + i, "committed-" + i));
            }
            producer.commitTransaction();
            producer.beginTransaction();
            for (int i = 0; i < 5; i++) {
                producer.send(new ProducerRecord<>(topic, "k" + i, "aborted-" + i));
            }
            producer.flush();
            producer.abortTransaction();
        }
        List<ConsumerRecord<String, String>> committed =
                Clients.readAll(kafka.bootstrapServers(), topic, 10, "read_committed", Duration.ofSeconds(30));
        assertThat(committed).extracting(ConsumerRecord::value)
                .containsExactlyInAnyOrderElementsOf(
                        IntStream.range(0, 10).mapToObj(i -> "committed-" + i).collect(Collectors.toList()));
        // read_uncommitted sees the aborted records too: proof that the abort really happened.
        List<ConsumerRecord<String, String>> all =
                Clients.readAll(kafka.bootstrapServers(), topic, 15, "read_uncommitted", Duration.ofSeconds(30));
        assertThat(all).hasSize(15);
    }

    @Test
    void killAndRestartKeepCommittedDataAndAddress() throws Exception {
        String topic = "survives-kill";
        Clients.createTopic(kafka.bootstrapServers(), topic, 1, 1, Map.of());
        String bootstrap = kafka.bootstrapServers();
        long pidBefore = kafka.pid(0);
        try (KafkaProducer<String, String> producer = Clients.producer(bootstrap, Map.of())) {
            for (int i = 0; i < 20; i++) {
                producer.send(new ProducerRecord<>(topic, "before-" + i)).get(30, TimeUnit.SECONDS);
            }
        }

        kafka.kill(0);
        assertThat(kafka.isRunning(0)).isFalse();
        assertThat(ProcessHandle.of(pidBefore).map(ProcessHandle::isAlive).orElse(false)).isFalse();

        long t0 = System.nanoTime();
        kafka.restart(0);
        System.out.printf("single broker restart after kill -9 in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        assertThat(kafka.isRunning(0)).isTrue();
        assertThat(kafka.pid(0)).isNotEqualTo(pidBefore);
        assertThat(kafka.bootstrapServers()).isEqualTo(bootstrap);

        try (KafkaProducer<String, String> producer = Clients.producer(bootstrap, Map.of())) {
            producer.send(new ProducerRecord<>(topic, "after")).get(30, TimeUnit.SECONDS);
        }
        List<ConsumerRecord<String, String>> read =
                Clients.readAll(bootstrap, topic, 21, "read_committed", Duration.ofSeconds(30));
        List<String> expected = new ArrayList<>();
        IntStream.range(0, 20).forEach(i -> expected.add("before-" + i));
        expected.add("after");
        assertThat(read).extracting(ConsumerRecord::value).containsExactlyElementsOf(expected);
    }
}
