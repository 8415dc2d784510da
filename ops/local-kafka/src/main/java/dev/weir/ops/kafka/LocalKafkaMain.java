package dev.weir.ops.kafka;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar weir-local-kafka.jar [--brokers N] [--dir PATH] [--heap SIZE]
 * [--property KEY=VALUE]... [--timeout SECONDS] [--keep]}
 *
 * <p>Starts the broker(s), prints exactly one line {@code bootstrap.servers=127.0.0.1:PORT[,...]}
 * to standard output (everything else goes to standard error), and runs until Ctrl-C or SIGTERM;
 * then it stops the brokers and deletes their directory unless {@code --keep} is given. Exits with
 * status 1 if a broker dies on its own, 2 on bad arguments.
 */
public final class LocalKafkaMain {

    private static final String USAGE = String.join("\n",
            "usage: java -jar weir-local-kafka.jar [options]",
            "  --brokers N          number of brokers (default 1; 3 gives replication factor 3, min ISR 2)",
            "  --dir PATH           base directory; the cluster gets a fresh subdirectory",
            "                       (default ./target/weir-local-kafka if ./target exists, else the temp dir)",
            "  --heap SIZE          broker heap, e.g. 512m (default 512m)",
            "  --property K=V       extra server.properties entry for every broker (repeatable)",
            "  --timeout SECONDS    start timeout (default 90)",
            "  --keep               keep the data and logs on exit",
            "Prints 'bootstrap.servers=...' on stdout once ready; stop with Ctrl-C or SIGTERM.");

    private LocalKafkaMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        LocalKafkaOptions options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        if (options == null) {
            System.err.println(USAGE);
            return;
        }
        PrintStream err = System.err;
        long started = System.nanoTime();
        LocalKafka kafka;
        try {
            kafka = LocalKafka.start(options);
        } catch (RuntimeException e) {
            err.println("error: " + e.getMessage());
            System.exit(1);
            return;
        }
        // Ctrl-C / SIGTERM: stop the brokers and delete their directory (kept with --keep).
        Runtime.getRuntime().addShutdownHook(new Thread(kafka::close, "weir-local-kafka-main-exit"));
        err.printf("Kafka %s: %d broker(s) ready in %.1f s%n", kafka.kafkaVersion(), kafka.brokerCount(),
                (System.nanoTime() - started) / 1e9);
        err.println("directory: " + kafka.dataDirectory()
                + (options.keepData() ? " (kept on exit)" : " (deleted on exit)"));
        err.println("broker logs: " + kafka.dataDirectory().resolve("broker-<i>").resolve("logs"));
        err.println("press Ctrl-C to stop");
        System.out.println("bootstrap.servers=" + kafka.bootstrapServers());
        System.out.flush();

        // Watch for brokers that die on their own (out of memory, disk full): a demo should fail
        // loudly rather than keep printing a dead address.
        while (true) {
            TimeUnit.SECONDS.sleep(1);
            for (int i = 0; i < kafka.brokerCount(); i++) {
                if (!kafka.isRunning(i)) {
                    if (kafka.isClosed()) {
                        return; // the shutdown hook is closing the cluster
                    }
                    err.println("error: broker " + i + " exited on its own; see " + kafka.serverLog(i));
                    System.exit(1);
                }
            }
        }
    }

    /** Returns null for --help; throws IllegalArgumentException with the reason otherwise. */
    static LocalKafkaOptions parse(String[] args) {
        LocalKafkaOptions options = LocalKafkaOptions.defaults();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "-h", "--help" -> {
                    return null;
                }
                case "--keep" -> options = options.keepData(true);
                case "--brokers" -> options = options.brokers(parseInt(arg, value(args, ++i, arg)));
                case "--dir" -> options = options.baseDirectory(Path.of(value(args, ++i, arg)));
                case "--heap" -> options = options.heap(value(args, ++i, arg));
                case "--timeout" -> options = options.startTimeout(
                        Duration.ofSeconds(parseInt(arg, value(args, ++i, arg))));
                case "--property" -> {
                    String kv = value(args, ++i, arg);
                    int eq = kv.indexOf('=');
                    if (eq <= 0) {
                        throw new IllegalArgumentException("--property expects KEY=VALUE, got '" + kv + "'");
                    }
                    options = options.brokerProperty(kv.substring(0, eq), kv.substring(eq + 1));
                }
                default -> throw new IllegalArgumentException("unknown argument '" + arg + "'");
            }
        }
        return options;
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " expects a value");
        }
        return args[i];
    }

    private static int parseInt(String option, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " expects a whole number, got '" + value + "'");
        }
    }
}
