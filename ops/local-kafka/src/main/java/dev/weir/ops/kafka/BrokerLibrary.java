package dev.weir.ops.kafka;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The broker's classpath: the Kafka jars shipped as resources under {@value #RESOURCE_DIR} plus a
 * directory holding a copy of {@link BrokerMain}'s class file.
 *
 * <p>Where the jars come from: {@value #INDEX} lists them (written by the build). When the
 * resources are a directory ({@code target/classes} in a reactor build or an IDE) the jars are used
 * in place. When they are inside a jar (this module's jar, or a fat JAR that shaded it) they are
 * extracted once into {@code <cacheRoot>/weir-local-kafka-<kafka version>-<hash>/lib}; the hash
 * covers the index, the size of every jar and the wrapper class, so a different build never
 * reuses a stale cache. Each file is written under a temporary name and atomically renamed, so
 * several JVMs may extract at once and a file with its final name is always complete.
 *
 * <p>{@link BrokerMain} is copied (not referenced through this JVM's code source) because that code
 * source may be a fat JAR holding all of Weir and its dependencies, which must not end up on the
 * broker's classpath.
 *
 * <p>Thread-safe and immutable once built; {@link #get()} builds the JVM-wide instance once.
 */
final class BrokerLibrary {

    static final String RESOURCE_DIR = "weir-kafka-lib";
    static final String INDEX = RESOURCE_DIR + "/index";

    private static final Pattern KAFKA_JAR = Pattern.compile("kafka_[0-9.]+-(.+)\\.jar");
    private static BrokerLibrary instance;

    private final List<Path> classpath;
    private final String kafkaVersion;

    private BrokerLibrary(List<Path> classpath, String kafkaVersion) {
        this.classpath = List.copyOf(classpath);
        this.kafkaVersion = kafkaVersion;
    }

    /**
     * The library for this JVM, found next to {@link LocalKafka}'s class and cached under
     * {@code java.io.tmpdir}. The first call may take a second or two (extraction of ~43 MB).
     *
     * @throws IllegalStateException if the index or a listed jar is missing, with the fix
     * @throws UncheckedIOException  if the cache directory cannot be written
     */
    static synchronized BrokerLibrary get() {
        if (instance == null) {
            URL index = LocalKafka.class.getResource("/" + INDEX);
            if (index == null) {
                throw new IllegalStateException("Found no resource " + INDEX + " next to "
                        + LocalKafka.class.getName() + " (loaded from "
                        + LocalKafka.class.getProtectionDomain().getCodeSource() + "); expected the "
                        + "broker jars that the weir-local-kafka build puts there. Fix: build the "
                        + "module (mvn -pl ops/local-kafka process-resources) before running from an "
                        + "IDE, and if you build a fat JAR keep the resources under " + RESOURCE_DIR + "/.");
            }
            instance = load(index, wrapperClassBytes(), Path.of(System.getProperty("java.io.tmpdir")));
        }
        return instance;
    }

    /**
     * Builds a library from an index resource (a {@code file:} or {@code jar:} URL); the jars are
     * resolved relative to the index URL. Package-private for tests.
     */
    static BrokerLibrary load(URL index, byte[] wrapperClass, Path cacheRoot) {
        try {
            String indexText = new String(read(index), StandardCharsets.UTF_8);
            List<String> jarNames = parseIndex(indexText, index);
            String version = kafkaVersion(jarNames);
            List<URL> jarUrls = new ArrayList<>();
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(indexText.getBytes(StandardCharsets.UTF_8));
            for (String name : jarNames) {
                URL url = new URL(index, name);
                jarUrls.add(url);
                digest.update((name + '=' + contentLength(url) + '\n').getBytes(StandardCharsets.UTF_8));
            }
            digest.update(wrapperClass);
            String hash = HexFormat.of().formatHex(digest.digest()).substring(0, 12);
            Path cache = cacheRoot.resolve("weir-local-kafka-" + version + "-" + hash);

            List<Path> classpath = new ArrayList<>();
            if ("file".equals(index.getProtocol())) {
                // Resources are a plain directory: use the jars where the build put them.
                Path dir = Path.of(index.toURI()).getParent();
                for (String name : jarNames) {
                    Path jar = dir.resolve(name);
                    if (!Files.isRegularFile(jar)) {
                        throw new IllegalStateException("Broker jar " + jar + " is listed in " + index
                                + " but missing; expected every listed jar next to the index. Fix: "
                                + "rebuild the module (mvn -pl ops/local-kafka process-resources).");
                    }
                    classpath.add(jar);
                }
            } else {
                Path lib = cache.resolve("lib");
                for (int i = 0; i < jarNames.size(); i++) {
                    classpath.add(extract(jarUrls.get(i), lib.resolve(jarNames.get(i))));
                }
            }
            Path wrapperDir = cache.resolve("wrapper");
            Path wrapperFile = wrapperDir.resolve(BrokerMain.class.getName().replace('.', '/') + ".class");
            if (!Files.isRegularFile(wrapperFile)) {
                writeAtomically(wrapperFile, new ByteArrayInputStream(wrapperClass));
            }
            classpath.add(wrapperDir);
            return new BrokerLibrary(classpath, version);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not prepare the Kafka broker jars from " + index
                    + " in " + cacheRoot + ": " + e.getMessage()
                    + ". Fix: make java.io.tmpdir writable or free some disk space.", e);
        } catch (NoSuchAlgorithmException | URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Jars and the wrapper directory, in classpath order. */
    List<Path> classpath() {
        return classpath;
    }

    String kafkaVersion() {
        return kafkaVersion;
    }

    /** Fully qualified name of the wrapper main class that {@link #classpath()} contains. */
    String mainClass() {
        return BrokerMain.class.getName();
    }

    /**
     * The index is written by maven-dependency-plugin's build-classpath goal as
     * {@code weir-kafka-lib/a.jar,weir-kafka-lib/b.jar}; separators are accepted liberally.
     */
    static List<String> parseIndex(String text, URL source) {
        List<String> names = new ArrayList<>();
        for (String entry : text.split("[,;:\\s]+")) {
            if (entry.isBlank()) {
                continue;
            }
            String name = entry.substring(Math.max(entry.lastIndexOf('/'), entry.lastIndexOf('\\')) + 1);
            if (!name.endsWith(".jar")) {
                throw new IllegalStateException("Entry '" + entry + "' in " + source
                        + " is not a jar; expected entries like " + RESOURCE_DIR
                        + "/kafka_2.13-4.4.0.jar. Fix: rebuild the weir-local-kafka module.");
            }
            names.add(name);
        }
        if (names.isEmpty()) {
            throw new IllegalStateException(source + " lists no jars; expected the broker's ~45 "
                    + "jars. Fix: rebuild the weir-local-kafka module.");
        }
        return names;
    }

    private static String kafkaVersion(List<String> jarNames) {
        for (String name : jarNames) {
            Matcher m = KAFKA_JAR.matcher(name);
            if (m.matches()) {
                return m.group(1);
            }
        }
        throw new IllegalStateException("The broker jar index lists no kafka_<scala>-<version>.jar "
                + "(found " + jarNames + "); expected org.apache.kafka:kafka_2.13. Fix: check the "
                + "provided dependencies in ops/local-kafka/pom.xml.");
    }

    private static byte[] wrapperClassBytes() {
        String resource = BrokerMain.class.getSimpleName() + ".class";
        try (InputStream in = BrokerMain.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Class file " + resource + " of " + BrokerMain.class
                        + " is not readable as a resource; expected it next to LocalKafka. Fix: do not "
                        + "strip .class resources of dev.weir.ops.kafka from the jar.");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long contentLength(URL url) throws IOException {
        URLConnection connection = url.openConnection();
        long length = connection.getContentLengthLong();
        if (length < 0) {
            throw new IOException("resource " + url + " is missing or has no known length");
        }
        return length;
    }

    private static Path extract(URL source, Path target) throws IOException {
        if (Files.isRegularFile(target)) {
            return target; // complete by construction: only finished files get this name
        }
        try (InputStream in = source.openStream()) {
            writeAtomically(target, in);
        }
        return target;
    }

    private static byte[] read(URL url) throws IOException {
        try (InputStream in = url.openStream()) {
            return in.readAllBytes();
        }
    }

    /** Writes to a unique temporary name in the same directory, then renames into place. */
    private static void writeAtomically(Path target, InputStream content) throws IOException {
        Files.createDirectories(target.getParent());
        Path tmp = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            Files.copy(content, tmp);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                // Same directory, so this only happens on exotic file systems; a racing JVM wrote
                // identical bytes, so a plain replace is still correct.
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
