package dev.weir.ops.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Packaging: the broker jars as resources, their extraction, and the isolated wrapper class. */
class BrokerLibraryTest {

    @TempDir
    Path tmp;

    @Test
    void theRealIndexListsTheBrokerClasspathAndNoneOfItIsOnOurs() {
        BrokerLibrary library = BrokerLibrary.get();
        List<String> names = new ArrayList<>();
        library.classpath().forEach(p -> names.add(p.getFileName().toString()));
        assertThat(library.kafkaVersion()).isEqualTo("4.4.0");
        assertThat(names).contains("kafka_2.13-4.4.0.jar", "kafka-clients-4.4.0.jar",
                "log4j-slf4j-impl-2.25.3.jar", "log4j-core-2.25.3.jar", "slf4j-api-1.7.36.jar",
                "scala-library-2.13.18.jar", "wrapper");
        assertThat(library.classpath().get(library.classpath().size() - 1)
                .resolve("dev/weir/ops/kafka/BrokerMain.class")).exists();
        // The test classpath has the shape of a dependent module's: no broker classes on it.
        assertThatThrownBy(() -> Class.forName("kafka.Kafka")).isInstanceOf(ClassNotFoundException.class);
        assertThatThrownBy(() -> Class.forName("scala.Option")).isInstanceOf(ClassNotFoundException.class);
        assertThatThrownBy(() -> Class.forName("org.apache.logging.log4j.core.Logger"))
                .isInstanceOf(ClassNotFoundException.class);
    }

    @Test
    void extractsFromAJarOnceEvenWithConcurrentLoaders() throws Exception {
        Path jar = tmp.resolve("fat.jar");
        byte[] kafkaJar = randomBytes(300_000, 1);
        byte[] otherJar = randomBytes(10_000, 2);
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            put(out, "weir-kafka-lib/index",
                    "weir-kafka-lib/kafka_2.13-9.9.9.jar,weir-kafka-lib/other-1.0.jar".getBytes(StandardCharsets.UTF_8));
            put(out, "weir-kafka-lib/kafka_2.13-9.9.9.jar", kafkaJar);
            put(out, "weir-kafka-lib/other-1.0.jar", otherJar);
        }
        URL index = new URL("jar:" + jar.toUri() + "!/weir-kafka-lib/index");
        byte[] wrapper = "not really a class".getBytes(StandardCharsets.UTF_8);
        Path cache = tmp.resolve("cache");

        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<BrokerLibrary>> loads = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                loads.add(pool.submit(() -> BrokerLibrary.load(index, wrapper, cache)));
            }
            Set<List<Path>> classpaths = new HashSet<>();
            for (Future<BrokerLibrary> load : loads) {
                classpaths.add(load.get().classpath());
            }
            assertThat(classpaths).hasSize(1);
            List<Path> classpath = classpaths.iterator().next();
            assertThat(classpath).hasSize(3);
            assertThat(classpath.get(0)).hasFileName("kafka_2.13-9.9.9.jar").hasBinaryContent(kafkaJar);
            assertThat(classpath.get(1)).hasFileName("other-1.0.jar").hasBinaryContent(otherJar);
            assertThat(classpath.get(2).resolve("dev/weir/ops/kafka/BrokerMain.class")).hasBinaryContent(wrapper);
            assertThat(classpath.get(0).getParent().getParent().getFileName().toString())
                    .matches("weir-local-kafka-9\\.9\\.9-[0-9a-f]{12}");
            try (var files = Files.list(classpath.get(0).getParent())) {
                assertThat(files).as("no temporary files left").hasSize(2);
            }

            // A second load reuses the extracted files instead of writing them again.
            FileTime old = FileTime.fromMillis(1_000_000L);
            Files.setLastModifiedTime(classpath.get(0), old);
            BrokerLibrary again = BrokerLibrary.load(index, wrapper, cache);
            assertThat(again.classpath()).isEqualTo(classpath);
            assertThat(Files.getLastModifiedTime(classpath.get(0))).isEqualTo(old);

            // A different wrapper is a different build: a different cache directory.
            BrokerLibrary other = BrokerLibrary.load(index, "v2".getBytes(StandardCharsets.UTF_8), cache);
            assertThat(other.classpath().get(0)).isNotEqualTo(classpath.get(0));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void usesJarsInPlaceWhenTheResourcesAreADirectory() throws Exception {
        Path lib = Files.createDirectories(tmp.resolve("classes/weir-kafka-lib"));
        Files.write(lib.resolve("kafka_2.13-1.2.3.jar"), randomBytes(100, 3));
        Files.writeString(lib.resolve("index"), "weir-kafka-lib/kafka_2.13-1.2.3.jar\n");
        BrokerLibrary library = BrokerLibrary.load(lib.resolve("index").toUri().toURL(), new byte[] {1}, tmp.resolve("cache"));
        assertThat(library.classpath().get(0)).isEqualTo(lib.resolve("kafka_2.13-1.2.3.jar"));

        Files.writeString(lib.resolve("index"), "weir-kafka-lib/kafka_2.13-1.2.3.jar,weir-kafka-lib/gone-1.jar");
        assertThatThrownBy(() -> BrokerLibrary.load(lib.resolve("index").toUri().toURL(), new byte[] {1}, tmp.resolve("cache")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("gone-1.jar")
                .hasMessageContaining("Fix:");
    }

    @Test
    void indexParsingAcceptsAnySeparator() throws Exception {
        URL src = new URL("file:/index");
        assertThat(BrokerLibrary.parseIndex("weir-kafka-lib/a.jar,weir-kafka-lib\\b.jar:c.jar\n d.jar;", src))
                .containsExactly("a.jar", "b.jar", "c.jar", "d.jar");
        assertThatThrownBy(() -> BrokerLibrary.parseIndex(" ", src)).hasMessageContaining("lists no jars");
        assertThatThrownBy(() -> BrokerLibrary.parseIndex("x.txt", src)).hasMessageContaining("not a jar");
    }

    @Test
    void wrapperIsOneClassFileThatReferencesNoOtherWeirClass() throws IOException {
        assertThat(BrokerMain.class.getDeclaredClasses()).isEmpty();
        assertThat(BrokerMain.class.getResource("BrokerMain$1.class")).isNull();
        byte[] bytes;
        try (InputStream in = BrokerMain.class.getResourceAsStream("BrokerMain.class")) {
            bytes = in.readAllBytes();
        }
        String constantPool = new String(bytes, StandardCharsets.ISO_8859_1);
        Matcher m = Pattern.compile("dev/weir/[A-Za-z0-9_/$]+").matcher(constantPool);
        while (m.find()) {
            assertThat(m.group()).isEqualTo("dev/weir/ops/kafka/BrokerMain");
        }
    }

    @Test
    void clusterIdsLookLikeKafkaUuids() {
        for (int i = 0; i < 2_000; i++) {
            String id = LocalKafka.randomClusterId();
            assertThat(id).hasSize(22).matches("[A-Za-z0-9_-]+").doesNotStartWith("-");
        }
    }

    @Test
    void propertiesEscapingRoundTrips() throws IOException {
        String[][] cases = {{"plain.key", "value"}, {"k", "a=b:c d"}, {"k", " leading space"},
                {"k", "back\\slash"}, {"k", "#hash"}, {"k", "line\nbreak"}, {"k", "ünïcode"}, {"k:ey=x", "v"}};
        StringBuilder text = new StringBuilder();
        for (String[] c : cases) {
            text.append(Broker.escape(c[0], true)).append('=').append(Broker.escape(c[1], false)).append('\n');
        }
        for (String[] c : cases) {
            Properties p = new Properties();
            p.load(new StringReader(Broker.escape(c[0], true) + "=" + Broker.escape(c[1], false)));
            assertThat(p.getProperty(c[0])).as(c[0] + " in\n" + text).isEqualTo(c[1]);
        }
    }

    private static void put(JarOutputStream out, String name, byte[] content) throws IOException {
        out.putNextEntry(new JarEntry(name));
        out.write(content);
        out.closeEntry();
    }

    private static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }
}
