package dev.weir.ops.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the packaged jar as a user would ({@code java -jar weir-local-kafka.jar}): the broker jars
 * come out of the jar itself, extracted into a fresh temp directory.
 */
class LocalKafkaMainIT {

    @TempDir
    Path tmp;

    private Process launch(String... args) throws Exception {
        String jar = System.getProperty("weir.localKafka.jar");
        assertThat(jar).as("system property weir.localKafka.jar (set by the pom)").isNotNull();
        assertThat(Path.of(jar)).exists();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
                "-Djava.io.tmpdir=" + Files.createDirectories(tmp.resolve("javatmp")), "-jar", jar));
        command.addAll(List.of(args));
        return new ProcessBuilder(command)
                .redirectOutput(tmp.resolve("stdout.txt").toFile())
                .redirectError(tmp.resolve("stderr.txt").toFile())
                .start();
    }

    /** Waits for the first stdout line (the process output goes to a file so it outlives the process). */
    private String firstLine(Process main) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline && main.isAlive()) {
            String out = Files.readString(tmp.resolve("stdout.txt"));
            if (out.contains("\n")) {
                return out.substring(0, out.indexOf('\n'));
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no line on stdout; stderr:\n" + Files.readString(tmp.resolve("stderr.txt")));
    }

    @Test
    void jarStartsABrokerPrintsOneLineAndCleansUpOnSigterm() throws Exception {
        Path base = tmp.resolve("clusters");
        Process main = launch("--dir", base.toString());
        try {
            String line = firstLine(main);
            assertThat(line).matches("bootstrap\\.servers=127\\.0\\.0\\.1:\\d+");
            String bootstrap = line.substring("bootstrap.servers=".length());
            assertThat(Files.readString(tmp.resolve("stderr.txt"))).contains("Kafka 4.4.0: 1 broker(s) ready in");

            // The jars were extracted from the jar into <java.io.tmpdir>/weir-local-kafka-4.4.0-<hash>/lib.
            try (var caches = Files.list(tmp.resolve("javatmp"))) {
                Path cache = caches.filter(p -> p.getFileName().toString().startsWith("weir-local-kafka-4.4.0-"))
                        .findFirst().orElseThrow();
                try (var jars = Files.list(cache.resolve("lib"))) {
                    assertThat(jars.filter(p -> p.toString().endsWith(".jar")).count()).isGreaterThan(40);
                }
            }

            Clients.createTopic(bootstrap, "from-jar", 1, 1, Map.of());
            try (KafkaProducer<String, String> producer = Clients.producer(bootstrap, Map.of())) {
                producer.send(new ProducerRecord<>("from-jar", "hello")).get(30, TimeUnit.SECONDS);
            }
            assertThat(Clients.readAll(bootstrap, "from-jar", 1, "read_committed", java.time.Duration.ofSeconds(30)))
                    .extracting(ConsumerRecord::value).containsExactly("hello");
            try (var clusters = Files.list(base)) {
                assertThat(clusters).hasSize(1);
            }

            main.destroy(); // SIGTERM, like Ctrl-C
            assertThat(main.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(Files.readAllLines(tmp.resolve("stdout.txt"))).as("exactly one line on stdout").containsExactly(line);
            try (var clusters = Files.list(base)) {
                assertThat(clusters).as("cluster directory deleted on exit").isEmpty();
            }
        } finally {
            main.destroyForcibly();
        }
    }

    @Test
    void keepLeavesTheDataBehind() throws Exception {
        Path base = tmp.resolve("kept");
        Process main = launch("--dir", base.toString(), "--keep");
        try {
            String line = firstLine(main);
            assertThat(line).startsWith("bootstrap.servers=");
            main.destroy();
            assertThat(main.waitFor(30, TimeUnit.SECONDS)).isTrue();
            try (var clusters = Files.list(base)) {
                Path cluster = clusters.findFirst().orElseThrow();
                assertThat(cluster.resolve("broker-0/data/meta.properties")).exists();
                assertThat(cluster.resolve("broker-0/logs/server.log")).content().contains("Kafka Server started");
            }
        } finally {
            main.destroyForcibly();
        }
    }

    @Test
    void badArgumentsExitWithStatus2AndUsage() throws Exception {
        Process main = launch("--brokers", "zero");
        assertThat(main.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(main.exitValue()).isEqualTo(2);
        assertThat(Files.readString(tmp.resolve("stderr.txt"))).contains("--brokers expects a whole number", "usage:");
        assertThat(tmp.resolve("stdout.txt")).isEmptyFile();
    }
}
