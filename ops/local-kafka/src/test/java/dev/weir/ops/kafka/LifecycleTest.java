package dev.weir.ops.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** stop / restart / close contracts, option validation and start-up failures. */
class LifecycleTest {

    @TempDir
    Path base;

    @Test
    void stopRestartAndCloseDeletesTheDataDirectory() throws Exception {
        LocalKafka kafka = LocalKafka.start(LocalKafkaOptions.defaults().baseDirectory(base));
        Path dir = kafka.dataDirectory();
        try {
            assertThat(dir.getParent()).isEqualTo(base.toAbsolutePath());
            assertThat(dir.resolve("broker-0/data/meta.properties")).exists();
            assertThat(dir.resolve("broker-0/server.properties")).content()
                    .contains("auto.create.topics.enable=false", "offsets.topic.replication.factor=1");
            assertThat(dir.resolve("broker-0/logs/server.log")).exists();

            kafka.stop(0);
            assertThat(kafka.isRunning(0)).isFalse();
            kafka.stop(0); // no-op when already stopped
            kafka.kill(0); // no-op when already stopped
            kafka.restart(0);
            assertThat(kafka.isRunning(0)).isTrue();
            kafka.restart(0); // a running broker is bounced
            assertThat(kafka.isRunning(0)).isTrue();
            try (Admin admin = Clients.admin(kafka.bootstrapServers())) {
                assertThat(admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS)).hasSize(22);
            }
        } finally {
            kafka.close();
        }
        assertThat(dir).doesNotExist();
        assertThat(base).exists(); // the caller's base directory is never deleted
        assertThat(kafka.isRunning(0)).isFalse();
        kafka.close(); // idempotent
        assertThatThrownBy(() -> kafka.restart(0)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        assertThatThrownBy(() -> kafka.kill(1)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> kafka.isRunning(1)).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessageContaining("expected 0..0");
    }

    @Test
    void brokerThatCannotStartFailsFastWithItsLogTail() {
        long t0 = System.nanoTime();
        // Kafka rejects this at format time: the broker process exits with an error.
        LocalKafkaOptions options = LocalKafkaOptions.defaults().baseDirectory(base)
                .brokerProperty("num.io.threads", "-3");
        assertThatThrownBy(() -> LocalKafka.start(options))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("exited with code")
                .hasMessageContaining("num.io.threads")
                .hasMessageContaining("last lines of");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void startPicksNewPortsWhenOneIsTakenMeanwhile() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}))) {
            AtomicInteger picks = new AtomicInteger();
            LocalKafka.PortSource firstBusy = count -> {
                int[] ports = LocalKafka.freePorts(count);
                if (picks.getAndIncrement() == 0) {
                    ports[0] = busy.getLocalPort(); // as if another process grabbed it after the pick
                }
                return ports;
            };
            try (LocalKafka kafka = LocalKafka.start(LocalKafkaOptions.defaults().baseDirectory(base), firstBusy)) {
                assertThat(picks.get()).isEqualTo(2);
                assertThat(kafka.bootstrapServers()).doesNotEndWith(":" + busy.getLocalPort());
                assertThat(kafka.isRunning(0)).isTrue();
            }
        }
    }

    @Test
    void startTimeoutIsEnforced() throws Exception {
        LocalKafkaOptions options = LocalKafkaOptions.defaults().baseDirectory(base)
                .startTimeout(Duration.ofMillis(300));
        assertThatThrownBy(() -> LocalKafka.start(options))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("did not become ready within PT0.3S")
                .hasMessageContaining("startTimeout");
        // The half-started broker was killed: nothing listens in the kept cluster directory.
        try (var dirs = Files.list(base)) {
            assertThat(dirs).hasSize(1);
        }
    }

    @Test
    void optionsRejectBadValuesWithTheFix() {
        LocalKafkaOptions d = LocalKafkaOptions.defaults();
        assertThatThrownBy(() -> d.brokers(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.heap("lots")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("512m");
        assertThatThrownBy(() -> d.brokerProperty("listeners", "PLAINTEXT://:9092"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("managed by LocalKafka");
        assertThatThrownBy(() -> d.startTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        LocalKafkaOptions custom = d.brokers(3).heap("256m").brokerProperty("log.retention.ms", "1000");
        assertThat(custom.brokers()).isEqualTo(3);
        assertThat(d.brokers()).isEqualTo(1); // immutable
        assertThat(custom.brokerProperties()).containsEntry("log.retention.ms", "1000");
    }
}
