package dev.weir.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.testkafka.TestKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The packaged fat jar runs on its own: {@code java -jar weir-cli.jar ...}. */
class CliJarIT {

  @Test
  void theJarRunsAResetAndReturnsTheExitCodes() throws Exception {
    String id = TestKafka.unique("jar");
    Result dryRun =
        java("reset", "--application-id", id, "--bootstrap-servers", TestKafka.bootstrap(),
            "--dry-run");
    assertThat(dryRun.exit).as(dryRun.err).isZero();
    assertThat(dryRun.out).startsWith("Nothing to reset for application '" + id + "'");
    // Only what the tool prints: no logging set-up warnings from a missing SLF4J provider.
    assertThat(dryRun.err).isEmpty();

    Result bad = java("reset", "--application-id", id);
    assertThat(bad.exit).isEqualTo(2);
    assertThat(bad.err).startsWith("Missing --bootstrap-servers HOST:PORT");
  }

  private record Result(int exit, String out, String err) {}

  private static Result java(String... args) throws Exception {
    String jar = System.getProperty("weir.cli.jar");
    assertThat(jar).as("system property weir.cli.jar (set by the pom)").isNotNull();
    assertThat(Path.of(jar)).exists();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(jar);
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).start();
    process.getOutputStream().close();
    // Small outputs: reading one stream after the other cannot fill a pipe and block.
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(process.exitValue(), out, err);
  }
}
