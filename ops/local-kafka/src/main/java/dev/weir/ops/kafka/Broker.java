package dev.weir.ops.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One broker child process and its directory {@code <cluster>/broker-<index>/}:
 * <ul>
 *   <li>{@code server.properties}, {@code log4j2.properties} - written by {@link #writeConfiguration}</li>
 *   <li>{@code data/} - the broker's {@code log.dirs} (topic data and KRaft metadata)</li>
 *   <li>{@code logs/server.log} - the broker's log4j output (rolled at 64 MiB, two kept)</li>
 *   <li>{@code logs/stdout.log} - the process's stdout and stderr (format tool output, JVM errors)</li>
 * </ul>
 * Nothing is written to this JVM's console.
 *
 * <p>Not thread-safe: {@link LocalKafka} calls it under its own lock.
 */
final class Broker {

    /** Logged by kafka.server.KafkaRaftServer once the broker is unfenced and serving (4.4). */
    static final String STARTED_MARKER = "Kafka Server started";

    private static final String LOOPBACK = "127.0.0.1";

    /**
     * util-linux {@code setsid}, when present, runs the broker in a session of its own. Without it
     * a Ctrl-C in a terminal reaches the brokers too (same process group) and stops them at once,
     * while the caller's own shutdown hook may still need them (e.g. a worker committing on exit).
     * The broker's life then depends only on this JVM: signals sent by pid, and its stdin pipe.
     * A child of a JVM is never a process group leader, so setsid execs in place (no fork) and
     * the process id stays the broker's.
     */
    private static final Optional<Path> SETSID = Stream.of("/usr/bin/setsid", "/bin/setsid")
            .map(Path::of).filter(Files::isExecutable).findFirst();
    private static final int TAIL_LINES = 40;

    private final int index;
    private final int port;
    private final int controllerPort;
    private final Path directory;

    private volatile Process process;
    private long serverLogStart;
    private long stdoutLogStart;
    private long scanPosition;
    private String scanCarry = "";
    private boolean startedLogged;

    Broker(int index, Path directory, int port, int controllerPort) {
        this.index = index;
        this.directory = directory;
        this.port = port;
        this.controllerPort = controllerPort;
    }

    int index() {
        return index;
    }

    int port() {
        return port;
    }

    int controllerPort() {
        return controllerPort;
    }

    String address() {
        return LOOPBACK + ":" + port;
    }

    String controllerAddress() {
        return LOOPBACK + ":" + controllerPort;
    }

    Path dataDirectory() {
        return directory.resolve("data");
    }

    Path serverLog() {
        return directory.resolve("logs").resolve("server.log");
    }

    Path stdoutLog() {
        return directory.resolve("logs").resolve("stdout.log");
    }

    private Path propertiesFile() {
        return directory.resolve("server.properties");
    }

    private Path log4jFile() {
        return directory.resolve("log4j2.properties");
    }

    /** Writes {@code server.properties} (entries in the given order) and the log4j2 configuration. */
    void writeConfiguration(Map<String, String> serverProperties) throws IOException {
        Files.createDirectories(dataDirectory());
        Files.createDirectories(serverLog().getParent());
        StringBuilder props = new StringBuilder("# Written by dev.weir.ops.kafka.LocalKafka\n");
        serverProperties.forEach((k, v) -> props.append(escape(k, true)).append('=')
                .append(escape(v, false)).append('\n'));
        Files.writeString(propertiesFile(), props, StandardCharsets.UTF_8);

        String logs = serverLog().getParent().toString().replace('\\', '/');
        String log4j = String.join("\n",
                "# Written by dev.weir.ops.kafka.LocalKafka: broker logs go to files only.",
                "status = warn",
                "name = weir-local-kafka-broker-" + index,
                "appender.file.type = RollingFile",
                "appender.file.name = FILE",
                "appender.file.fileName = " + logs + "/server.log",
                "appender.file.filePattern = " + logs + "/server.log.%i",
                "appender.file.layout.type = PatternLayout",
                "appender.file.layout.pattern = [%d] %p %m (%c)%n",
                "appender.file.policies.type = Policies",
                "appender.file.policies.size.type = SizeBasedTriggeringPolicy",
                "appender.file.policies.size.size = 64MB",
                "appender.file.strategy.type = DefaultRolloverStrategy",
                "appender.file.strategy.max = 2",
                "rootLogger.level = INFO",
                "rootLogger.appenderRef.file.ref = FILE",
                // Every client and server config object dumps all its values at INFO (~10 x 380
                // lines per start); the effective values are in server.properties anyway.
                "logger.config.name = org.apache.kafka.common.config.AbstractConfig",
                "logger.config.level = WARN",
                "");
        Files.writeString(log4jFile(), log4j, StandardCharsets.UTF_8);
    }

    /**
     * Starts the process. {@code formatArgs} (e.g. {@code -t <id> --standalone}) makes the wrapper
     * format the data directory first; pass an empty list for an already formatted directory.
     */
    void launch(BrokerLibrary library, String heap, List<String> formatArgs) throws IOException {
        if (isRunning()) {
            throw new IllegalStateException("broker " + index + " is already running (pid "
                    + process.pid() + ")");
        }
        List<String> command = new ArrayList<>();
        SETSID.ifPresent(setsid -> command.add(setsid.toString()));
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + heap);
        command.add("-XX:+UseSerialGC");               // 2 cores: no parallel GC threads to feed
        command.add("-XX:+ExitOnOutOfMemoryError");    // a dead broker is clearer than a sick one
        command.add("-XX:+PerfDisableSharedMem");      // no hsperfdata files left in /tmp
        command.add("-Djava.awt.headless=true");
        command.add("-Dlog4j2.configurationFile=" + log4jFile().toUri());
        // Kafka logs its own shutdown from a shutdown hook; log4j's hook would stop the appender
        // first and lose those lines. The file appender flushes every line, so nothing is lost.
        command.add("-Dlog4j2.shutdownHookEnabled=false");
        command.add("-Dkafka.logs.dir=" + serverLog().getParent());
        command.add("-cp");
        command.add(joinClasspath(library.classpath()));
        command.add(library.mainClass());
        command.add(propertiesFile().toString());
        command.addAll(formatArgs);

        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(stdoutLog().toFile()));
        // The broker is not the code under test: keep agents and options meant for this JVM
        // (coverage agents, debuggers) away from it.
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().remove("JDK_JAVA_OPTIONS");
        builder.environment().remove("_JAVA_OPTIONS");
        // Standard input stays the default PIPE and is never written nor closed while the broker
        // should live: BrokerMain exits when it reads end of file, i.e. when this JVM is gone.

        serverLogStart = sizeOf(serverLog());
        stdoutLogStart = sizeOf(stdoutLog());
        scanPosition = serverLogStart;
        scanCarry = "";
        startedLogged = false;
        process = builder.start();
    }

    /**
     * One readiness check: true once this launch has logged {@link #STARTED_MARKER} and the
     * PLAINTEXT port accepts connections.
     *
     * @throws BrokerStartException if the process has exited
     */
    boolean pollReady() {
        if (process == null || !process.isAlive()) {
            String code = process == null ? "was never started" : "exited with code " + exitCode();
            throw failure("broker " + index + " " + code + " before it was ready",
                    "read the log lines above; they usually name the bad setting");
        }
        if (!startedLogged) {
            startedLogged = serverLogContains(STARTED_MARKER);
        }
        return startedLogged && accepts(port);
    }

    /** The exception to throw when {@link #pollReady()} stayed false until the deadline. */
    BrokerStartException timeout(Duration timeout) {
        String seen = startedLogged ? "logged '" + STARTED_MARKER + "' but port " + port
                + " refuses connections" : "has not logged '" + STARTED_MARKER + "'";
        return failure("broker " + index + " did not become ready within " + timeout + ": it " + seen,
                "the machine may be overloaded (raise LocalKafkaOptions.startTimeout) or the log "
                        + "above shows what the broker is waiting for");
    }

    boolean isRunning() {
        return process != null && process.isAlive();
    }

    long pid() {
        if (process == null) {
            throw new IllegalStateException("broker " + index + " was never started");
        }
        return process.pid();
    }

    /** SIGKILL; returns once the process is gone. No-op when not running. */
    void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(30));
    }

    /**
     * SIGTERM (Kafka's shutdown hook runs a controlled shutdown), then SIGKILL if the process is
     * still alive after {@code grace}; returns once the process is gone. No-op when not running.
     */
    void stop(Duration grace) {
        if (process == null) {
            return;
        }
        if (process.isAlive()) {
            process.destroy();
        }
        if (!waitFor(grace)) {
            process.destroyForcibly();
        }
        awaitExit(Duration.ofSeconds(30));
    }

    /** Sends SIGTERM without waiting (used to stop several brokers in parallel). */
    void signalStop() {
        if (process != null && process.isAlive()) {
            process.destroy();
        }
    }

    /** Waits up to {@code timeout} for the process to end; true when it is gone. */
    boolean waitFor(Duration timeout) {
        if (process == null) {
            return true;
        }
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    private void awaitExit(Duration timeout) {
        if (!waitFor(timeout)) {
            throw new IllegalStateException("broker " + index + " (pid " + process.pid()
                    + ") is still alive " + timeout + " after SIGKILL; expected it gone. Fix: check "
                    + "the process with ps; it may be stuck in the kernel (disk I/O).");
        }
        closeQuietly(process.getOutputStream());
        closeQuietly(process.getInputStream());
    }

    private String exitCode() {
        try {
            return String.valueOf(process.exitValue());
        } catch (IllegalThreadStateException e) {
            return "?";
        }
    }

    private BrokerStartException failure(String what, String fix) {
        String serverLog = sinceLaunch(serverLog(), serverLogStart);
        String stdoutLog = sinceLaunch(stdoutLog(), stdoutLogStart);
        boolean portInUse = (serverLog + stdoutLog).contains("Address already in use");
        StringBuilder message = new StringBuilder()
                .append("Kafka ").append(what)
                .append(" (PLAINTEXT ").append(address())
                .append(", CONTROLLER ").append(controllerAddress()).append("). Expected '")
                .append(STARTED_MARKER).append("' in ").append(serverLog())
                .append(" and a listener on port ").append(port).append(". ")
                .append(portInUse ? "Fix: another process holds port " + port + " or "
                        + controllerPort + "; free it (start() picks new ports by itself)."
                        : "Fix: " + fix + ".");
        String errors = errorLines(serverLog);
        if (!errors.isEmpty()) {
            message.append("\n--- first errors in ").append(serverLog()).append(" ---\n").append(errors);
        }
        message.append("--- last lines of ").append(serverLog()).append(" ---\n").append(tail(serverLog))
                .append("--- last lines of ").append(stdoutLog()).append(" ---\n").append(tail(stdoutLog));
        return new BrokerStartException(message.toString(), portInUse);
    }

    /** Incrementally scans this launch's part of server.log for {@code marker}. */
    private boolean serverLogContains(String marker) {
        Path log = serverLog();
        try (FileChannel channel = FileChannel.open(log, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size < scanPosition) {
                scanPosition = 0; // rolled over: the new file is all ours
                scanCarry = "";
            }
            if (size == scanPosition) {
                return false;
            }
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(size - scanPosition, 1 << 20));
            channel.read(buffer, scanPosition);
            scanPosition += buffer.position();
            // ISO-8859-1 maps bytes 1:1, so a marker split across reads is found via the carry.
            String text = scanCarry + new String(buffer.array(), 0, buffer.position(), StandardCharsets.ISO_8859_1);
            if (text.contains(marker)) {
                return true;
            }
            scanCarry = text.substring(Math.max(0, text.length() - marker.length()));
            return false;
        } catch (java.nio.file.NoSuchFileException e) {
            return false; // log4j has not created the file yet
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read broker log " + log, e);
        }
    }

    /** What this launch wrote to {@code file} (at most its last 4 MiB); empty if unreadable. */
    static String sinceLaunch(Path file, long from) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            long start = Math.max(from > size ? 0 : from, size - 4 * 1024 * 1024);
            ByteBuffer buffer = ByteBuffer.allocate((int) (size - start));
            while (buffer.hasRemaining() && channel.read(buffer, start + buffer.position()) > 0) {
                // read until full
            }
            return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** The last {@value #TAIL_LINES} lines of {@code text}, each ending in a newline. */
    static String tail(String text) {
        String[] lines = text.split("\n");
        StringBuilder out = new StringBuilder();
        for (int i = Math.max(0, lines.length - TAIL_LINES); i < lines.length; i++) {
            out.append(lines[i]).append('\n');
        }
        return text.isEmpty() ? "(empty)\n" : out.toString();
    }

    /**
     * The first few ERROR/FATAL lines, each with the line after it when that is an exception
     * message: the cause often scrolls out of the tail behind shutdown noise.
     */
    static String errorLines(String text) {
        String[] lines = text.split("\n");
        StringBuilder out = new StringBuilder();
        int found = 0;
        for (int i = 0; i < lines.length && found < 5; i++) {
            if (lines[i].contains("] ERROR ") || lines[i].contains("] FATAL ")) {
                found++;
                out.append(lines[i]).append('\n');
                if (i + 1 < lines.length && !lines[i + 1].startsWith("[") && !lines[i + 1].startsWith("\t")) {
                    out.append(lines[i + 1]).append('\n');
                }
            }
        }
        return out.toString();
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(LOOPBACK, port), 1_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static long sizeOf(Path file) throws IOException {
        return Files.exists(file) ? Files.size(file) : 0;
    }

    private static String joinClasspath(List<Path> entries) {
        StringBuilder cp = new StringBuilder();
        for (Path entry : entries) {
            if (cp.length() > 0) {
                cp.append(java.io.File.pathSeparatorChar);
            }
            cp.append(entry.toAbsolutePath());
        }
        return cp.toString();
    }

    /** java.util.Properties syntax: escapes what {@code Properties.load} would otherwise eat. */
    static String escape(String s, boolean key) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\f' -> out.append("\\f");
                case ' ' -> out.append(key || i == 0 ? "\\ " : " ");
                case '=', ':' -> out.append(key ? "\\" + c : String.valueOf(c));
                case '#', '!' -> out.append(i == 0 ? "\\" + c : String.valueOf(c));
                default -> {
                    if (c > 0x7e) {
                        out.append(String.format("\\u%04x", (int) c)); // load() reads ISO-8859-1
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // The process is gone; nothing useful to do.
        }
    }

    @Override
    public String toString() {
        return "broker " + index + " (" + address() + ", " + directory + ")";
    }
}
