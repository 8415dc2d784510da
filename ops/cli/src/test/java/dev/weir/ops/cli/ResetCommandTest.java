package dev.weir.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.config.WeirOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The command line without a broker: parsing, help, and exit code 2 for bad arguments. */
class ResetCommandTest {

  @Test
  void parsesTheOptionsIntoATargetAndAdminSettings() throws Exception {
    ResetCommand.Arguments arguments =
        ResetCommand.parse(
            List.of(
                "--application-id", "clicks",
                "--bootstrap-servers=broker:9092",
                "--state-dir", "/var/lib/weir",
                "--set", "admin.security.protocol=SSL",
                "--keep-dead-letters",
                "--dry-run"));

    assertThat(arguments.target())
        .isEqualTo(new ResetTarget("clicks", Path.of("/var/lib/weir"), "clicks-dlq", true));
    assertThat(arguments.target().stateFolder()).isEqualTo(Path.of("/var/lib/weir/clicks"));
    assertThat(arguments.dryRun()).isTrue();
    assertThat(arguments.adminConfig())
        .containsEntry("bootstrap.servers", "broker:9092")
        .containsEntry("security.protocol", "SSL")
        .containsEntry("client.id", "clicks-reset");
  }

  @Test
  void defaultsMatchTheWorkers() throws Exception {
    ResetCommand.Arguments arguments =
        ResetCommand.parse(List.of("--application-id", "clicks", "--bootstrap-servers", "b:1"));

    assertThat(arguments.target().stateDir()).isEqualTo(WeirOptions.STATE_DIR.defaultValue());
    assertThat(arguments.target().deadLetterTopic()).isEqualTo("clicks-dlq");
    assertThat(arguments.target().keepDeadLetters()).isFalse();
    assertThat(arguments.dryRun()).isFalse();
  }

  @Test
  void aConfiguredDeadLetterTopicReplacesTheDefault() throws Exception {
    assertThat(
            ResetCommand.parse(
                    List.of(
                        "--application-id", "clicks",
                        "--bootstrap-servers", "b:1",
                        "--dead-letter-topic", "all-letters"))
                .target()
                .deadLetterTopic())
        .isEqualTo("all-letters");
    assertThat(
            ResetCommand.parse(
                    List.of(
                        "--application-id", "clicks",
                        "--bootstrap-servers", "b:1",
                        "--set", "errors.dead-letter.topic=all-letters"))
                .target()
                .deadLetterTopic())
        .isEqualTo("all-letters");
  }

  @Test
  void refusesBadArgumentsWithMessagesThatSayWhatWasExpected() {
    assertThatThrownBy(() -> ResetCommand.parse(List.of("--bootstrap-servers", "b:1")))
        .hasMessageContaining("Missing --application-id ID");
    assertThatThrownBy(() -> ResetCommand.parse(List.of("--application-id", "clicks")))
        .hasMessageContaining("Missing --bootstrap-servers HOST:PORT");
    assertThatThrownBy(() -> ResetCommand.parse(List.of("--application-id")))
        .hasMessage("--application-id needs a value, e.g. --application-id click-counter.");
    assertThatThrownBy(
            () ->
                ResetCommand.parse(
                    List.of("--application-id", "a", "--bootstrap-servers", "b:1", "--force")))
        .hasMessageStartingWith("Unknown option '--force' for reset. Expected --application-id");
    assertThatThrownBy(
            () ->
                ResetCommand.parse(
                    List.of(
                        "--application-id", "a",
                        "--bootstrap-servers", "b:1",
                        "--set", "application.id=b")))
        .hasMessage(
            "application.id is given twice (--application-id and --set application.id). Give it"
                + " once.");
    assertThatThrownBy(
            () ->
                ResetCommand.parse(
                    List.of("--application-id", "a", "--bootstrap-servers", "b:1", "--set", "x")))
        .hasMessageStartingWith("--set takes KEY=VALUE, found 'x'.");
    assertThatThrownBy(
            () ->
                ResetCommand.parse(
                    List.of(
                        "--application-id", "a",
                        "--bootstrap-servers", "b:1",
                        "--set", "state.dri=/tmp")))
        // The worker config's own message, which names the key and its likely fix.
        .hasMessageContaining("'state.dri'")
        .hasMessageContaining("'state.dir'");
    assertThatThrownBy(() -> ResetCommand.parse(List.of("--dry-run=yes")))
        .hasMessage("--dry-run takes no value, found '--dry-run=yes'.");
  }

  @Test
  void refusesAnApplicationIdThatCouldPointOutsideTheStateDir() {
    for (String id : List.of("..", ".", "a/../b", "app id")) {
      assertThatThrownBy(
              () ->
                  ResetCommand.parse(
                      List.of("--application-id", id, "--bootstrap-servers", "b:1")))
          .as(id)
          .hasMessageContaining("is not one a Weir application can have")
          .hasMessageContaining("only letters, digits, '.', '_' and '-'");
    }
  }

  @Test
  void exitCodesForBadArgumentsAndHelp() {
    Run noCommand = run();
    assertThat(noCommand.exit).isEqualTo(2);
    assertThat(noCommand.err).contains("Usage: java -jar weir-cli.jar <command>");

    Run unknown = run("rest");
    assertThat(unknown.exit).isEqualTo(2);
    assertThat(unknown.err).startsWith("Unknown command 'rest'. Expected one of: reset.");

    Run missing = run("reset", "--bootstrap-servers", "b:1");
    assertThat(missing.exit).isEqualTo(2);
    assertThat(missing.err)
        .contains("Missing --application-id ID")
        .contains("Run 'java -jar weir-cli.jar reset --help' for the options.");

    Run badBootstrap = run("reset", "--application-id", "a", "--bootstrap-servers", "nonsense");
    assertThat(badBootstrap.exit).isEqualTo(2);
    assertThat(badBootstrap.err)
        .startsWith("Cannot create a Kafka Admin client:")
        .contains("nonsense")
        .contains("Expected --bootstrap-servers as host:port,...");

    Run help = run("reset", "--help");
    assertThat(help.exit).isZero();
    assertThat(help.out).contains("--keep-dead-letters").contains("Exit codes: 0 done");
  }

  record Run(int exit, String out, String err) {}

  static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      exit = WeirCli.run(List.of(args), o, e);
    }
    return new Run(
        exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
