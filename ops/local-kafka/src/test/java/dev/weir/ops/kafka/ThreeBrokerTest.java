package dev.weir.ops.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartitionInfo;
import org.junit.jupiter.api.Test;

/** Three brokers: replication survives a kill -9 under acks=all with nothing lost or duplicated. */
class ThreeBrokerTest {

    private static final String TOPIC = "replicated";

    @Test
    void killingOneOfThreeBrokersWhileProducingLosesNothing() throws Exception {
        long t0 = System.nanoTime();
        try (LocalKafka kafka = LocalKafka.start(LocalKafkaOptions.defaults().brokers(3))) {
            System.out.printf("three brokers ready in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
            assertThat(kafka.brokerCount()).isEqualTo(3);
            assertThat(kafka.bootstrapServers().split(",")).hasSize(3)
                    .allMatch(a -> a.matches("127\\.0\\.0\\.1:\\d+"));
            String bootstrap = kafka.bootstrapServers();
            Clients.createTopic(bootstrap, TOPIC, 3, 3, Map.of("min.insync.replicas", "2"));

            int victim = leaderOfPartitionZero(bootstrap);
            Set<String> acked = ConcurrentHashMap.newKeySet();
            List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
            AtomicInteger sent = new AtomicInteger();
            AtomicBoolean producing = new AtomicBoolean(true);

            Thread producerThread = new Thread(() -> {
                try (KafkaProducer<String, String> producer = Clients.producer(bootstrap, Map.of(
                        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000",
                        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "60000",
                        ProducerConfig.RETRY_BACKOFF_MS_CONFIG, "100"))) {
                    while (producing.get()) {
                        String value = "v-" + sent.getAndIncrement();
                        producer.send(new ProducerRecord<>(TOPIC, value, value), (metadata, error) -> {
                            if (error == null) {
                                acked.add(value);
                            } else {
                                failures.add(error);
                            }
                        });
                        Thread.sleep(2);
                    }
                    producer.flush();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (RuntimeException e) {
                    failures.add(e);
                }
            }, "three-broker-test-producer");
            producerThread.start();

            Thread.sleep(1_000);
            kafka.kill(victim);
            assertThat(kafka.isRunning(victim)).isFalse();
            int sentAtKill = sent.get();
            Thread.sleep(3_000);   // keep producing while only two replicas are left (min ISR 2)
            long r0 = System.nanoTime();
            kafka.restart(victim);
            System.out.printf("broker %d restarted in %d ms%n", victim, (System.nanoTime() - r0) / 1_000_000);
            assertThat(kafka.bootstrapServers()).isEqualTo(bootstrap);
            Thread.sleep(1_000);
            producing.set(false);
            producerThread.join(TimeUnit.SECONDS.toMillis(90));

            assertThat(producerThread.isAlive()).as("producer finished").isFalse();
            assertThat(failures).as("send failures").isEmpty();
            assertThat(sent.get()).as("records sent after the kill").isGreaterThan(sentAtKill);
            assertThat(acked).hasSize(sent.get());

            List<ConsumerRecord<String, String>> read =
                    Clients.readAll(bootstrap, TOPIC, acked.size(), "read_uncommitted", Duration.ofSeconds(30));
            List<String> values = new ArrayList<>();
            read.forEach(r -> values.add(r.value()));
            assertThat(values).as("no duplicates").doesNotHaveDuplicates();
            assertThat(values).as("nothing lost").containsExactlyInAnyOrderElementsOf(acked);

            awaitFullIsr(bootstrap);
        }
    }

    private static int leaderOfPartitionZero(String bootstrap) throws Exception {
        try (Admin admin = Clients.admin(bootstrap)) {
            TopicDescription d = admin.describeTopics(List.of(TOPIC)).allTopicNames().get(30, TimeUnit.SECONDS).get(TOPIC);
            return d.partitions().get(0).leader().id(); // node.id == broker index in LocalKafka
        }
    }

    /** The restarted broker catches up and rejoins every partition's ISR. */
    private static void awaitFullIsr(String bootstrap) throws Exception {
        try (Admin admin = Clients.admin(bootstrap)) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (true) {
                TopicDescription d = admin.describeTopics(List.of(TOPIC)).allTopicNames().get(30, TimeUnit.SECONDS).get(TOPIC);
                if (d.partitions().stream().map(TopicPartitionInfo::isr).allMatch(isr -> isr.size() == 3)) {
                    return;
                }
                assertThat(System.nanoTime()).as("ISR back to 3 within 30 s: " + d).isLessThan(deadline);
                Thread.sleep(200);
            }
        }
    }
}
