package dev.weir.ops.kafka;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How to start a {@link LocalKafka} cluster. Immutable: every method returns a new instance, so a
 * shared base (for example a test class constant) can be refined safely from any thread.
 *
 * <pre>{@code
 * LocalKafka kafka = LocalKafka.start(LocalKafkaOptions.defaults()
 *     .brokers(3)
 *     .brokerProperty("log.retention.ms", "60000"));
 * }</pre>
 */
public final class LocalKafkaOptions {

    /**
     * Keys that {@link LocalKafka} owns: they encode ports, node ids, directories and the quorum
     * layout, and overriding them would give brokers that cannot find each other.
     */
    static final Set<String> RESERVED_PROPERTIES = Set.of(
            "process.roles", "node.id", "broker.id", "listeners", "advertised.listeners",
            "listener.security.protocol.map", "controller.listener.names",
            "inter.broker.listener.name", "controller.quorum.voters",
            "controller.quorum.bootstrap.servers", "log.dirs", "log.dir");

    private static final Pattern HEAP = Pattern.compile("[1-9][0-9]*[kKmMgG]?");
    private static final LocalKafkaOptions DEFAULTS = new LocalKafkaOptions(
            1, null, Map.of(), "512m", Duration.ofSeconds(90), false);

    private final int brokers;
    private final Path baseDirectory;
    private final Map<String, String> brokerProperties;
    private final String heap;
    private final Duration startTimeout;
    private final boolean keepData;

    private LocalKafkaOptions(int brokers, Path baseDirectory, Map<String, String> brokerProperties,
                              String heap, Duration startTimeout, boolean keepData) {
        this.brokers = brokers;
        this.baseDirectory = baseDirectory;
        this.brokerProperties = brokerProperties;
        this.heap = heap;
        this.startTimeout = startTimeout;
        this.keepData = keepData;
    }

    /**
     * One broker, 512 MiB heap per broker, 90 s start timeout, data under {@code ./target} when
     * that directory exists (else under the system temp directory).
     */
    public static LocalKafkaOptions defaults() {
        return DEFAULTS;
    }

    /**
     * Number of broker processes, each a combined broker and KRaft controller. With one broker,
     * internal topics use replication factor 1; with three or more they use replication factor 3
     * and {@code min.insync.replicas=2} (two brokers: 2 and 1), which also become the defaults for
     * new topics.
     *
     * @throws IllegalArgumentException if {@code n < 1}
     */
    public LocalKafkaOptions brokers(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("brokers must be at least 1, got " + n);
        }
        return new LocalKafkaOptions(n, baseDirectory, brokerProperties, heap, startTimeout, keepData);
    }

    /**
     * Directory under which the cluster creates its own fresh subdirectory (the one that
     * {@link LocalKafka#dataDirectory()} returns and {@link LocalKafka#close()} deletes). The
     * directory given here is created if missing and never deleted.
     */
    public LocalKafkaOptions baseDirectory(Path dir) {
        Objects.requireNonNull(dir, "dir");
        return new LocalKafkaOptions(brokers, dir.toAbsolutePath().normalize(), brokerProperties,
                heap, startTimeout, keepData);
    }

    /**
     * An extra {@code server.properties} entry for every broker; it overrides this class's
     * defaults (for example {@code min.insync.replicas}). Calling it again with the same key
     * replaces the value.
     *
     * @throws IllegalArgumentException if the key is one that encodes ports, ids, directories or
     *                                  the quorum (see {@link #RESERVED_PROPERTIES}), or is blank
     */
    public LocalKafkaOptions brokerProperty(String key, String value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        String k = key.trim();
        if (k.isEmpty()) {
            throw new IllegalArgumentException("broker property key is blank; expected a Kafka "
                    + "broker config name such as log.retention.ms");
        }
        if (RESERVED_PROPERTIES.contains(k)) {
            throw new IllegalArgumentException("broker property '" + k + "' is managed by LocalKafka "
                    + "(it encodes ports, node ids, directories or the quorum); expected any other "
                    + "broker config. Use brokers(n) or baseDirectory(dir) instead.");
        }
        Map<String, String> copy = new LinkedHashMap<>(brokerProperties);
        copy.put(k, value);
        return new LocalKafkaOptions(brokers, baseDirectory, Collections.unmodifiableMap(copy),
                heap, startTimeout, keepData);
    }

    /**
     * Maximum heap of each broker JVM, in {@code -Xmx} syntax ({@code "512m"}, {@code "1g"}).
     * Most of a broker's memory is off-heap, so a smaller heap saves little.
     *
     * @throws IllegalArgumentException if the value is not a positive size such as 256m
     */
    public LocalKafkaOptions heap(String xmx) {
        Objects.requireNonNull(xmx, "xmx");
        if (!HEAP.matcher(xmx).matches()) {
            throw new IllegalArgumentException("heap '" + xmx + "' is not a JVM memory size; "
                    + "expected digits with an optional k/m/g suffix, e.g. 512m");
        }
        return new LocalKafkaOptions(brokers, baseDirectory, brokerProperties, xmx, startTimeout, keepData);
    }

    /**
     * How long {@link LocalKafka#start} and {@link LocalKafka#restart} wait for brokers to become
     * ready before failing (with the tail of the broker log in the exception message).
     *
     * @throws IllegalArgumentException if the duration is zero or negative
     */
    public LocalKafkaOptions startTimeout(Duration d) {
        Objects.requireNonNull(d, "d");
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException("startTimeout must be positive, got " + d);
        }
        return new LocalKafkaOptions(brokers, baseDirectory, brokerProperties, heap, d, keepData);
    }

    /** Keep the cluster directory on {@link LocalKafka#close()}; used by {@code --keep}. */
    LocalKafkaOptions keepData(boolean keep) {
        return new LocalKafkaOptions(brokers, baseDirectory, brokerProperties, heap, startTimeout, keep);
    }

    int brokers() {
        return brokers;
    }

    Optional<Path> baseDirectory() {
        return Optional.ofNullable(baseDirectory);
    }

    Map<String, String> brokerProperties() {
        return brokerProperties;
    }

    String heap() {
        return heap;
    }

    Duration startTimeout() {
        return startTimeout;
    }

    boolean keepData() {
        return keepData;
    }

    @Override
    public String toString() {
        return "LocalKafkaOptions{brokers=" + brokers + ", baseDirectory=" + baseDirectory
                + ", brokerProperties=" + brokerProperties + ", heap=" + heap
                + ", startTimeout=" + startTimeout + ", keepData=" + keepData + '}';
    }
}
