package dev.weir.ops.kafka;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * Main class of every broker child process: {@code BrokerMain <server.properties> [<format args>...]}.
 *
 * <p>Runs on the broker's classpath, NOT on Weir's: {@link BrokerLibrary} copies this class's
 * bytes into a directory of its own, so it must stay a single class file that references only
 * the JDK (no nested or anonymous classes, no other Weir class) and reaches Kafka only through
 * reflection ({@code kafka.tools.StorageTool}, {@code kafka.Kafka}).
 *
 * <p>With format arguments (for example {@code -t <clusterId> --standalone}) it first runs
 * {@code kafka-storage format <format args> -c <server.properties>} in this JVM, which saves one
 * JVM start per broker. Then it runs {@code kafka.Kafka <server.properties>}, which returns only
 * by exiting the JVM.
 *
 * <p>Parent watch: the launching JVM keeps this process's standard input open as a pipe and never
 * writes to it. When that JVM dies, however it dies, the operating system closes the pipe, this
 * process reads end of file and exits through Kafka's own shutdown hook; if that hangs (for
 * example a controlled shutdown that waits for a quorum that is gone), a watchdog halts the JVM
 * after {@value #HALT_AFTER_MS} ms. Note that {@code Process.destroy()} in the parent also closes
 * the pipe right after sending SIGTERM, so the same bound applies to a graceful stop.
 */
final class BrokerMain {

    /**
     * Upper bound for Kafka's shutdown once standard input is closed. A clean shutdown takes well
     * under a second; the slowest case seen is the last KRaft leader of a dissolving quorum
     * waiting ~5 s to hand over leadership to voters that are already gone.
     */
    static final long HALT_AFTER_MS = 8_000;

    private BrokerMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: BrokerMain <server.properties> [<kafka-storage format args>...]");
            System.exit(2);
        }
        String serverProperties = args[0];
        watchParent(System.in);
        if (args.length > 1) {
            String[] format = new String[args.length + 2];
            format[0] = "format";
            System.arraycopy(args, 1, format, 1, args.length - 1);
            format[format.length - 2] = "-c";
            format[format.length - 1] = serverProperties;
            int rc = (Integer) invoke("kafka.tools.StorageTool", "execute",
                    new Class<?>[] {String[].class, PrintStream.class}, format, System.out);
            if (rc != 0) {
                System.err.println("[weir BrokerMain] kafka-storage " + Arrays.toString(format)
                        + " failed with exit code " + rc);
                System.exit(rc);
            }
        }
        invoke("kafka.Kafka", "main", new Class<?>[] {String[].class}, (Object) new String[] {serverProperties});
    }

    /** Starts a daemon thread that exits this JVM once {@code in} reaches end of file. */
    private static void watchParent(InputStream in) {
        Thread watcher = new Thread(() -> {
            byte[] buffer = new byte[256];
            try {
                while (in.read(buffer) >= 0) {
                    // The parent never writes; anything read is ignored.
                }
            } catch (IOException e) {
                // A broken pipe means the same as end of file: the parent is gone.
            }
            System.err.println("[weir BrokerMain] standard input closed: the JVM that started this "
                    + "broker is gone or stopping it; shutting down");
            Thread halt = new Thread(() -> {
                try {
                    Thread.sleep(HALT_AFTER_MS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                System.err.println("[weir BrokerMain] shutdown took longer than "
                        + HALT_AFTER_MS + " ms, halting");
                Runtime.getRuntime().halt(1);
            }, "weir-shutdown-halt");
            halt.setDaemon(true);
            halt.start();
            System.exit(0);
        }, "weir-parent-watch");
        watcher.setDaemon(true);
        watcher.start();
    }

    private static Object invoke(String className, String methodName, Class<?>[] types, Object... args)
            throws Exception {
        Method method = Class.forName(className).getMethod(methodName, types);
        try {
            return method.invoke(null, args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            // Kafka's TerseFailure carries the whole user-facing message (e.g. "already formatted").
            System.err.println("[weir BrokerMain] " + className + "." + methodName + " failed: " + cause);
            cause.printStackTrace();
            System.exit(1);
            return null;
        }
    }
}
