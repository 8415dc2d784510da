package dev.weir.ops.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A broker never outlives the JVM that started it, even when that JVM is killed with SIGKILL. */
class ParentDeathTest {

    @TempDir
    Path base;

    @Test
    void brokerDiesWhenItsParentJvmIsKilled() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(List.of(java.toString(), "-Xmx128m",
                "-cp", System.getProperty("java.class.path"), ChildJvmMain.class.getName(), base.toString()))
                .redirectError(base.resolve("child-stderr.txt").toFile())
                .start();
        long brokerPid;
        int port;
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine(); // the child prints one line once the broker is ready
            assertThat(line).as("child output (stderr in %s)", base.resolve("child-stderr.txt")).isNotNull();
            Matcher m = Pattern.compile("broker\\.pid=(\\d+) bootstrap=127\\.0\\.0\\.1:(\\d+) .*").matcher(line);
            assertThat(m.matches()).as(line).isTrue();
            brokerPid = Long.parseLong(m.group(1));
            port = Integer.parseInt(m.group(2));
            assertThat(ProcessHandle.of(brokerPid).map(ProcessHandle::isAlive)).contains(true);
            assertThat(accepts(port)).isTrue();
        } catch (Throwable t) {
            child.destroyForcibly();
            throw t;
        }

        child.destroyForcibly(); // SIGKILL: no shutdown hook runs in the child
        assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
        long killedAt = System.nanoTime();

        long deadline = killedAt + TimeUnit.SECONDS.toNanos(15);
        while (ProcessHandle.of(brokerPid).map(ProcessHandle::isAlive).orElse(false)) {
            if (System.nanoTime() > deadline) {
                ProcessHandle.of(brokerPid).ifPresent(ProcessHandle::destroyForcibly);
                throw new AssertionError("broker pid " + brokerPid + " still alive 15 s after its parent was killed");
            }
            Thread.sleep(100);
        }
        System.out.printf("orphaned broker exited %d ms after its parent was killed%n",
                (System.nanoTime() - killedAt) / 1_000_000);
        assertThat(accepts(port)).isFalse();
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
