package dev.weir.ops.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;

/**
 * Real Apache Kafka brokers (KRaft, each a combined broker and controller) running as child JVM
 * processes on 127.0.0.1, for integration tests and demos.
 *
 * <pre>{@code
 * try (LocalKafka kafka = LocalKafka.start()) {
 *     props.put("bootstrap.servers", kafka.bootstrapServers());
 *     ...
 * }
 * }</pre>
 *
 * <p>Lifetime: brokers never outlive the JVM that started them. {@link #close()} stops them and
 * deletes {@link #dataDirectory()}. When this JVM ends without {@code close()} - normal exit,
 * {@code System.exit}, Ctrl-C or {@code kill -9} - each broker notices within a second or two (its
 * standard input, a pipe from this JVM, reaches end of file) and exits by itself, leaving its
 * directory behind (under {@code ./target} by default). There is deliberately no shutdown hook
 * here: a caller's own hook may still need the brokers (for example to commit on Ctrl-C) and
 * should call {@code close()} when done.
 *
 * <p>Broker logs: {@code <dataDirectory>/broker-<i>/logs/server.log} (log4j) and
 * {@code .../logs/stdout.log} (process output), never this JVM's console.
 *
 * <p>Threads: all methods are thread-safe; the blocking ones ({@code start}, {@code kill},
 * {@code stop}, {@code restart}, {@code close}) are serialized per cluster. Failures are
 * unchecked: {@link IllegalStateException} when a broker does not become ready (the message holds
 * the tail of its log), {@link UncheckedIOException} for file system trouble,
 * {@link IndexOutOfBoundsException} for a bad broker index.
 */
public final class LocalKafka implements AutoCloseable {

    /** Grace period for a SIGTERM before SIGKILL in {@link #stop}, {@link #restart} and {@code --keep}. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(15);
    /**
     * Grace period in {@link #close()} when the data is deleted anyway. A broker shuts down in well
     * under a second, except the last KRaft leader of a cluster that is stopped as a whole: it
     * waits ~5 s for voters that are already gone to take over, which nobody needs here.
     */
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(2);
    /** Fresh ports are picked again when a broker fails to bind (someone took a port meanwhile). */
    private static final int START_ATTEMPTS = 3;
    private static final long POLL_MILLIS = 50;

    private static final Set<LocalKafka> OPEN = ConcurrentHashMap.newKeySet();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final LocalKafkaOptions options;
    private final BrokerLibrary library;
    private final Path directory;
    private final List<Broker> brokers;
    private final String bootstrapServers;
    private final ReentrantLock lock = new ReentrantLock();
    private boolean closed;

    private LocalKafka(LocalKafkaOptions options, BrokerLibrary library, Path directory, List<Broker> brokers) {
        this.options = options;
        this.library = library;
        this.directory = directory;
        this.brokers = List.copyOf(brokers);
        this.bootstrapServers = brokers.stream().map(Broker::address).collect(Collectors.joining(","));
    }

    /** Starts one broker with {@link LocalKafkaOptions#defaults()}; see {@link #start(LocalKafkaOptions)}. */
    public static LocalKafka start() {
        return start(LocalKafkaOptions.defaults());
    }

    /**
     * Starts {@code options.brokers(n)} brokers and returns once every one of them has logged
     * that it started and accepts connections on its port (about 3-4 s for one broker, about 10 s
     * for three on a 2-core machine; the first call in a JVM may add a second or two to extract
     * the broker jars).
     *
     * <p>Called from any thread; blocks. Ports are picked fresh; if a broker fails to bind one
     * (another process grabbed it), the whole cluster is started again on new ports, up to three
     * times.
     *
     * @throws IllegalStateException if a broker exits or is not ready within
     *                               {@link LocalKafkaOptions#startTimeout}; the message holds the
     *                               tail of its logs and the cluster directory is kept for reading.
     *                               Also thrown, with the interrupt flag set, when interrupted.
     * @throws UncheckedIOException  if directories or configuration files cannot be written
     */
    public static LocalKafka start(LocalKafkaOptions options) {
        return start(options, LocalKafka::freePorts);
    }

    /** Source of free ports; replaceable so tests can hand out a busy one. */
    interface PortSource {
        int[] pick(int count) throws IOException;
    }

    static LocalKafka start(LocalKafkaOptions options, PortSource ports) {
        BrokerLibrary library = BrokerLibrary.get();
        Path directory = createClusterDirectory(options);
        for (int attempt = 1; ; attempt++) {
            List<Broker> brokers = new ArrayList<>();
            try {
                brokers = layout(directory, ports.pick(2 * options.brokers()));
                String clusterId = randomClusterId();
                for (Broker broker : brokers) {
                    broker.writeConfiguration(serverProperties(broker, brokers, options));
                }
                for (Broker broker : brokers) {
                    broker.launch(library, options.heap(), formatArguments(clusterId, brokers.size()));
                }
                awaitReady(brokers, options.startTimeout());
                LocalKafka kafka = new LocalKafka(options, library, directory, brokers);
                register(kafka);
                return kafka;
            } catch (BrokerStartException e) {
                killAll(brokers);
                if (!e.portInUse() || attempt == START_ATTEMPTS) {
                    throw e;
                }
                deleteQuietly(brokers);
            } catch (InterruptedException e) {
                killAll(brokers);
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while starting Kafka in " + directory
                        + "; the brokers were killed", e);
            } catch (IOException e) {
                killAll(brokers);
                throw new UncheckedIOException("Could not set up Kafka brokers in " + directory + ": "
                        + e.getMessage() + ". Fix: check that the directory is writable.", e);
            } catch (RuntimeException | Error e) {
                killAll(brokers);
                throw e;
            }
        }
    }

    /**
     * {@code bootstrap.servers} for clients: {@code 127.0.0.1:<port>} of every broker, comma
     * separated, in broker index order. Stable for the cluster's lifetime, including restarts.
     */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Number of brokers, running or not. */
    public int brokerCount() {
        return brokers.size();
    }

    /**
     * Kills broker {@code broker} (0-based) with SIGKILL, like a crash, and returns once the
     * process is gone. No-op if it is not running.
     *
     * @throws IndexOutOfBoundsException if there is no such broker
     * @throws IllegalStateException     if the cluster is closed
     */
    public void kill(int broker) {
        withLock(() -> broker(broker).kill());
    }

    /**
     * Starts broker {@code broker} again on the same ports and data directory and returns once it
     * is ready (see {@link #start(LocalKafkaOptions)}). A running broker is first stopped
     * gracefully, so this also works as a bounce.
     *
     * @throws IndexOutOfBoundsException if there is no such broker
     * @throws IllegalStateException     if the cluster is closed, or the broker is not ready within
     *                                   the start timeout (the message holds its log tail; the
     *                                   broker is killed again)
     */
    public void restart(int broker) {
        withLock(() -> {
            Broker b = broker(broker);
            b.stop(STOP_GRACE);
            try {
                b.launch(library, options.heap(), List.of());
                awaitReady(List.of(b), options.startTimeout());
            } catch (InterruptedException e) {
                b.kill();
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while restarting " + b + "; it was killed", e);
            } catch (IOException e) {
                throw new UncheckedIOException("Could not restart " + b + ": " + e.getMessage(), e);
            } catch (RuntimeException e) {
                b.kill();
                throw e;
            }
        });
    }

    /**
     * Stops broker {@code broker} gracefully (SIGTERM: controlled shutdown, logs flushed), killing
     * it if it takes longer than 15 s (the broker itself halts after 8 s), and returns once the
     * process is gone. No-op if it is not
     * running.
     *
     * @throws IndexOutOfBoundsException if there is no such broker
     * @throws IllegalStateException     if the cluster is closed
     */
    public void stop(int broker) {
        withLock(() -> broker(broker).stop(STOP_GRACE));
    }

    /**
     * Whether broker {@code broker}'s process is alive (false after {@link #close()}).
     *
     * @throws IndexOutOfBoundsException if there is no such broker
     */
    public boolean isRunning(int broker) {
        checkIndex(broker);
        return brokers.get(broker).isRunning();
    }

    /**
     * This cluster's own directory, freshly created under the base directory: one
     * {@code broker-<i>/} per broker with {@code data/}, {@code logs/} and configuration files.
     */
    public Path dataDirectory() {
        return directory;
    }

    /**
     * Stops every broker (SIGTERM to all at once, SIGKILL to those still alive after 2 s, since the
     * data is deleted anyway) and deletes {@link #dataDirectory()}. Idempotent; afterwards
     * {@code kill}, {@code stop} and {@code restart} throw {@link IllegalStateException}.
     *
     * @throws UncheckedIOException if the directory cannot be deleted (the brokers are stopped)
     */
    @Override
    public void close() {
        lock.lock();
        try {
            closeLocked();
        } finally {
            lock.unlock();
        }
    }

    /** Process id of a broker's current or last process; for tests. */
    long pid(int broker) {
        checkIndex(broker);
        return brokers.get(broker).pid();
    }

    /** The broker's log4j file; for tests and {@link LocalKafkaMain}. */
    Path serverLog(int broker) {
        checkIndex(broker);
        return brokers.get(broker).serverLog();
    }

    /** Whether {@link #close()} has begun; for {@link LocalKafkaMain}'s broker watch. */
    boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    String kafkaVersion() {
        return library.kafkaVersion();
    }

    @Override
    public String toString() {
        return "LocalKafka{" + bootstrapServers + ", " + directory + (closed ? ", closed" : "") + '}';
    }

    private void closeLocked() {
        if (closed) {
            return;
        }
        closed = true;
        OPEN.remove(this);
        // Signal all first so the brokers shut down in parallel, then wait with one deadline.
        brokers.forEach(Broker::signalStop);
        long deadline = System.nanoTime() + (options.keepData() ? STOP_GRACE : CLOSE_GRACE).toNanos();
        for (Broker broker : brokers) {
            broker.waitFor(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        }
        brokers.forEach(Broker::kill);
        if (!options.keepData()) {
            deleteRecursively(directory);
        }
    }

    private interface Action {
        void run();
    }

    private void withLock(Action action) {
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException(this + " is closed; expected an open cluster. Fix: "
                        + "start a new one with LocalKafka.start().");
            }
            action.run();
        } finally {
            lock.unlock();
        }
    }

    private Broker broker(int index) {
        checkIndex(index);
        return brokers.get(index);
    }

    private void checkIndex(int index) {
        if (index < 0 || index >= brokers.size()) {
            throw new IndexOutOfBoundsException("broker index " + index + " does not exist; expected 0.."
                    + (brokers.size() - 1) + " for this cluster of " + brokers.size() + " broker(s)");
        }
    }

    // ---- start-up helpers ----------------------------------------------------------------------

    private static void awaitReady(List<Broker> brokers, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Broker> pending = new ArrayList<>(brokers);
        while (true) {
            // pollReady throws as soon as any broker has died, so one bad broker fails fast
            // instead of letting the others wait for a quorum that will never form.
            pending.removeIf(Broker::pollReady);
            if (pending.isEmpty()) {
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                throw pending.get(0).timeout(timeout);
            }
            TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
        }
    }

    private static List<Broker> layout(Path directory, int[] ports) {
        int count = ports.length / 2;
        List<Broker> brokers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            brokers.add(new Broker(i, directory.resolve("broker-" + i), ports[2 * i], ports[2 * i + 1]));
        }
        return brokers;
    }

    /**
     * A single node uses the dynamic quorum ({@code --standalone}, as in Kafka's quick start);
     * several nodes use a static {@code controller.quorum.voters}, which needs no directory ids.
     */
    private static List<String> formatArguments(String clusterId, int brokerCount) {
        return brokerCount == 1 ? List.of("-t", clusterId, "--standalone") : List.of("-t", clusterId);
    }

    static Map<String, String> serverProperties(Broker broker, List<Broker> all, LocalKafkaOptions options) {
        int replication = Math.min(all.size(), 3);
        int minIsr = Math.max(1, replication - 1);
        Map<String, String> p = new LinkedHashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(broker.index()));
        p.put("listeners", "PLAINTEXT://" + broker.address() + ",CONTROLLER://" + broker.controllerAddress());
        p.put("advertised.listeners", "PLAINTEXT://" + broker.address() + ",CONTROLLER://" + broker.controllerAddress());
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        if (all.size() == 1) {
            p.put("controller.quorum.bootstrap.servers", broker.controllerAddress());
        } else {
            p.put("controller.quorum.voters", all.stream()
                    .map(b -> b.index() + "@" + b.controllerAddress()).collect(Collectors.joining(",")));
        }
        p.put("log.dirs", broker.dataDirectory().toString());
        // Replication of internal topics and the defaults for new topics follow the cluster size.
        p.put("default.replication.factor", String.valueOf(replication));
        p.put("min.insync.replicas", String.valueOf(minIsr));
        p.put("offsets.topic.replication.factor", String.valueOf(replication));
        p.put("transaction.state.log.replication.factor", String.valueOf(replication));
        p.put("transaction.state.log.min.isr", String.valueOf(minIsr));
        p.put("share.coordinator.state.topic.replication.factor", String.valueOf(replication));
        p.put("share.coordinator.state.topic.min.isr", String.valueOf(minIsr));
        // Few partitions for internal topics: creating 50 of each costs seconds on 2 cores.
        p.put("offsets.topic.num.partitions", "4");
        p.put("transaction.state.log.num.partitions", "4");
        p.put("share.coordinator.state.topic.num.partitions", "4");
        p.put("num.partitions", "1");
        p.put("auto.create.topics.enable", "false");
        p.put("group.initial.rebalance.delay.ms", "0");
        // Small thread pools for a 2-core machine.
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "4");
        p.put("num.recovery.threads.per.data.dir", "1");
        p.put("log.cleaner.threads", "1");
        // The cleaner's dedupe buffer (128 MiB by default) is allocated on the heap up front.
        p.put("log.cleaner.dedupe.buffer.size", String.valueOf(16 * 1024 * 1024));
        // Fast re-registration after kill -9 (default settings wait ~12 s on a duplicate registration).
        p.put("broker.session.timeout.ms", "2000");
        p.put("broker.heartbeat.interval.ms", "500");
        // Lower only the MINIMUM group session timeouts and heartbeat intervals, so tests may ask
        // for fast failure detection; the defaults stay Kafka's.
        p.put("group.min.session.timeout.ms", "1000");
        p.put("group.consumer.min.session.timeout.ms", "1000");
        p.put("group.consumer.min.heartbeat.interval.ms", "500");
        p.put("group.streams.min.session.timeout.ms", "1000");
        p.put("group.streams.min.heartbeat.interval.ms", "500");
        p.putAll(options.brokerProperties());
        return p;
    }

    /** Picks distinct free loopback ports; all are held open together so none repeats. */
    static int[] freePorts(int count) throws IOException {
        InetAddress loopback = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0, 1, loopback);
                sockets.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
    }

    /**
     * A Kafka cluster id: 16 random bytes in unpadded base64url (22 characters), like
     * {@code org.apache.kafka.common.Uuid.randomUuid()}; never starting with '-', which the format
     * tool would read as an option.
     */
    static String randomClusterId() {
        byte[] bytes = new byte[16];
        String id;
        do {
            RANDOM.nextBytes(bytes);
            id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        } while (id.startsWith("-"));
        return id;
    }

    private static Path createClusterDirectory(LocalKafkaOptions options) {
        Path base = options.baseDirectory().orElseGet(LocalKafka::defaultBaseDirectory);
        try {
            Files.createDirectories(base);
            return Files.createTempDirectory(base, "kafka-").toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create a cluster directory under " + base + ": "
                    + e + ". Fix: pass a writable LocalKafkaOptions.baseDirectory.", e);
        }
    }

    /** {@code ./target/weir-local-kafka} in a Maven module (cleaned with the build), else temp. */
    private static Path defaultBaseDirectory() {
        Path target = Path.of("target").toAbsolutePath();
        return Files.isDirectory(target)
                ? target.resolve("weir-local-kafka")
                : Path.of(System.getProperty("java.io.tmpdir"), "weir-local-kafka");
    }

    private static void killAll(List<Broker> brokers) {
        for (Broker broker : brokers) {
            try {
                broker.kill();
            } catch (RuntimeException e) {
                // Keep killing the others; the original failure is what the caller needs to see.
            }
        }
    }

    private static void deleteQuietly(List<Broker> brokers) {
        for (Broker broker : brokers) {
            try {
                deleteRecursively(broker.dataDirectory().getParent());
            } catch (UncheckedIOException e) {
                // A fresh attempt uses the same broker-<i> names; writeConfiguration re-creates them.
            }
        }
    }

    static void deleteRecursively(Path root) {
        for (int attempt = 1; ; attempt++) {
            try {
                if (!Files.exists(root)) {
                    return;
                }
                Files.walkFileTree(root, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                        Files.deleteIfExists(file);
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                        if (e instanceof NoSuchFileException) {
                            return FileVisitResult.CONTINUE;
                        }
                        throw e;
                    }

                    @Override
                    public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                        if (e != null && !(e instanceof NoSuchFileException)) {
                            throw e;
                        }
                        Files.deleteIfExists(dir);
                        return FileVisitResult.CONTINUE;
                    }
                });
                return;
            } catch (DirectoryNotEmptyException | NoSuchFileException e) {
                if (attempt == 3) {
                    throw new UncheckedIOException("Could not delete " + root + ": " + e
                            + "; expected no process writing there. Fix: delete it by hand.", e);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Could not delete " + root + ": " + e
                        + ". Fix: check permissions, or delete it by hand.", e);
            }
        }
    }

    // ---- reachability ------------------------------------------------------------------------

    /**
     * Keeps open clusters strongly reachable. A caller may keep only the bootstrap string; the
     * cluster (and with it each broker's stdin pipe, whose closing stops the broker) must not
     * depend on the caller holding a reference. Deliberately no shutdown hook closes these: hooks
     * run concurrently, and ours would stop brokers under a caller's own hook that still needs
     * them (a worker committing on Ctrl-C). At JVM exit the pipes close and the brokers exit by
     * themselves; callers that want the directory deleted call {@link #close()}.
     */
    private static void register(LocalKafka kafka) {
        OPEN.add(kafka);
    }
}
