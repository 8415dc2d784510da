package dev.weir.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.ops.cli.ResetAction.DeleteGroup;
import dev.weir.ops.cli.ResetAction.DeleteStateFolder;
import dev.weir.ops.cli.ResetAction.DeleteTopic;
import dev.weir.ops.cli.ResetAction.TopicKind;
import dev.weir.ops.cli.ResetCommandTest.Run;
import dev.weir.testkafka.TestKafka;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ApplicationReset} on topics, groups and folders made by hand, for the cases a worker does
 * not produce on its own.
 */
class ApplicationResetIT {

  @TempDir Path stateDir;

  @Test
  void refusesWhileAnotherProcessHoldsTheStateFolderAndChangesNothing() throws Exception {
    String id = TestKafka.unique("locked");
    String input = TestKafka.unique("users");
    TestKafka.createTopics(1, input, id + "-count-changelog", id + "-dlq");
    createGroup(id, input);
    Path folder = stateDir.resolve(id);
    Files.createDirectories(folder.resolve("1_0"));
    Files.writeString(folder.resolve("1_0").resolve("CURRENT"), "MANIFEST-000001");
    Files.writeString(folder.resolve("instance.id"), "an-instance");
    String locked =
        "Local state folder "
            + folder
            + " is in use: a process on this machine holds its .lock. Expected no worker using it:"
            + " stop the worker of application '"
            + id
            + "' that uses state.dir "
            + stateDir
            + " on this machine, then run reset again.";

    Process holder = holdLock(folder.resolve(".lock"));
    try (Admin admin = TestKafka.admin()) {
      ApplicationReset reset =
          new ApplicationReset(admin, new ResetTarget(id, stateDir, id + "-dlq", false));
      ResetPlan plan = reset.plan();
      assertThat(plan.refusals()).containsExactly(locked);
      assertThatThrownBy(() -> reset.execute(plan, action -> {}))
          .isInstanceOf(ResetException.class)
          .hasMessage(locked);

      Run cli = ResetIT.cli("reset", "--application-id", id, "--bootstrap-servers",
          TestKafka.bootstrap(), "--state-dir", stateDir.toString());
      assertThat(cli.exit()).isEqualTo(1);
      assertThat(cli.err()).contains(locked);

      assertThat(ResetIT.topics()).contains(id + "-count-changelog", id + "-dlq");
      assertThat(ResetIT.groups()).contains(id);
      assertThat(folder.resolve("1_0").resolve("CURRENT")).exists();
    } finally {
      release(holder);
    }

    try (Admin admin = TestKafka.admin()) {
      ApplicationReset reset =
          new ApplicationReset(admin, new ResetTarget(id, stateDir, id + "-dlq", false));
      ResetPlan plan = reset.plan();
      assertThat(plan.refused()).isFalse();
      assertThat(plan.actions())
          .containsExactly(
              new DeleteGroup(id),
              new DeleteStateFolder(folder),
              new DeleteTopic(id + "-count-changelog", TopicKind.CHANGELOG),
              new DeleteTopic(id + "-dlq", TopicKind.DEAD_LETTERS));
      List<ResetAction> done = new ArrayList<>();
      reset.execute(plan, done::add);
      assertThat(done).isEqualTo(plan.actions());
    }
    assertThat(folder).doesNotExist();
    assertThat(stateDir).isDirectory();
    assertThat(ResetIT.groups()).doesNotContain(id);
    assertThat(ResetIT.topics()).doesNotContain(id + "-count-changelog", id + "-dlq");
  }

  @Test
  void leavesTheTopicsOfAnApplicationWhoseIdExtendsThisOneAlone() throws Exception {
    String id = TestKafka.unique("shop");
    String other = id + "-v2";
    String input = TestKafka.unique("orders");
    TestKafka.createTopics(
        1,
        input,
        id + "-w.windows-changelog",
        id + "-dlq",
        other + "-w.windows-changelog",
        other + "-by-user-repartition",
        other + "-dlq");
    createGroup(other, input);

    try (Admin admin = TestKafka.admin()) {
      ApplicationReset reset =
          new ApplicationReset(admin, new ResetTarget(id, stateDir, id + "-dlq", false));
      ResetPlan plan = reset.plan();

      assertThat(plan.actions())
          .containsExactly(
              new DeleteTopic(id + "-w.windows-changelog", TopicKind.CHANGELOG),
              new DeleteTopic(id + "-dlq", TopicKind.DEAD_LETTERS));
      assertThat(plan.notes())
          .containsExactly(
              "left topic '" + other + "-by-user-repartition' alone: it looks like application '"
                  + other + "''s, whose consumer group exists. Delete it by hand if it is '" + id
                  + "''s.",
              "left topic '" + other + "-w.windows-changelog' alone: it looks like application '"
                  + other + "''s, whose consumer group exists. Delete it by hand if it is '" + id
                  + "''s.");
      reset.execute(plan, action -> {});
    }
    assertThat(ResetIT.topics())
        .doesNotContain(id + "-w.windows-changelog", id + "-dlq")
        .contains(other + "-w.windows-changelog", other + "-by-user-repartition", other + "-dlq");
    assertThat(ResetIT.groups()).contains(other);
  }

  @Test
  void deletesTheConfiguredDeadLetterTopic() throws Exception {
    String id = TestKafka.unique("letters");
    String letters = TestKafka.unique("all-letters");
    TestKafka.createTopics(1, letters, id + "-x.ttl-changelog");

    Run dryRun = ResetIT.cli("reset", "--application-id", id, "--bootstrap-servers",
        TestKafka.bootstrap(), "--state-dir", stateDir.toString(), "--dead-letter-topic", letters,
        "--dry-run");
    assertThat(dryRun.exit()).as(dryRun.err()).isZero();
    assertThat(dryRun.out().lines())
        .containsExactly(
            "Dry run, nothing is changed. A reset of application '" + id + "' would:",
            "  delete topic '" + id + "-x.ttl-changelog' (changelog)",
            "  delete topic '" + letters + "' (dead letters)");

    Run reset = ResetIT.cli("reset", "--application-id", id, "--bootstrap-servers",
        TestKafka.bootstrap(), "--state-dir", stateDir.toString(), "--dead-letter-topic", letters);
    assertThat(reset.exit()).as(reset.err()).isZero();
    assertThat(ResetIT.topics()).doesNotContain(letters, id + "-x.ttl-changelog");
  }

  /** A consumer group with committed offsets and no members, as a stopped application leaves. */
  private static void createGroup(String group, String topic) throws Exception {
    try (Admin admin = TestKafka.admin()) {
      admin
          .alterConsumerGroupOffsets(
              group, Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(0)))
          .all()
          .get();
    }
  }

  private static Process holdLock(Path lockFile) throws Exception {
    Path classes =
        Path.of(LockHolder.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                classes.toString(),
                LockHolder.class.getName(),
                lockFile.toString())
            .redirectErrorStream(true)
            .start();
    BufferedReader output =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    assertThat(output.readLine()).isEqualTo("locked");
    return process;
  }

  private static void release(Process holder) throws Exception {
    holder.getOutputStream().close();
    if (!holder.waitFor(10, TimeUnit.SECONDS)) {
      holder.destroyForcibly().waitFor();
    }
  }
}
