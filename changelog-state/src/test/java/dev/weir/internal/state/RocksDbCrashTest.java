package dev.weir.internal.state;

import static dev.weir.internal.state.TestBytes.text;
import static dev.weir.internal.state.TestBytes.utf8;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A batch that {@code apply} returned from survives the death of the process (SIGKILL): the
 * write-ahead log reached the OS before {@code apply} returned, and no close or flush ran.
 */
class RocksDbCrashTest {

  @TempDir Path root;

  @Test
  @Timeout(60)
  void anAppliedBatchSurvivesAKilledProcess() throws Exception {
    Path directory = root.resolve("task-1_0");
    Path childErrors = root.resolve("child-stderr.txt");
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m",
                "-cp",
                System.getProperty("java.class.path"),
                CrashingWriter.class.getName(),
                directory.toString())
            .redirectError(childErrors.toFile())
            .start();
    try {
      String line;
      try (BufferedReader out =
          new BufferedReader(new InputStreamReader(child.getInputStream(), UTF_8))) {
        line = out.readLine();
      }
      assertThat(line)
          .as("child output; its stderr: %s", Files.readString(childErrors))
          .isEqualTo(CrashingWriter.READY);
    } finally {
      child.destroyForcibly();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(child.exitValue()).as("killed, not exited").isNotZero();

    try (RocksDbBackend backend = new RocksDbBackend(RocksDbTaskStoreTest.SMALL);
        TaskStore store = backend.open(directory, List.of("counts", "totals"))) {
      for (int i = 0; i < 100; i++) {
        assertThat(text(store.get(0, utf8("key-" + i)))).isEqualTo("value-" + i);
      }
      assertThat(text(store.get(1, utf8("total")))).isEqualTo("4950");
      assertThat(store.changelogOffset(0)).hasValue(100);
      assertThat(store.changelogOffset(1)).hasValue(1);
    }
  }
}
