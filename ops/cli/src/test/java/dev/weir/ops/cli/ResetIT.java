package dev.weir.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.api.KafkaSink;
import dev.weir.api.KafkaSource;
import dev.weir.api.Pipeline;
import dev.weir.api.Repartition;
import dev.weir.api.functions.Collector;
import dev.weir.api.functions.KeyedProcessFunction;
import dev.weir.api.state.StateDescriptor;
import dev.weir.api.state.ValueState;
import dev.weir.api.state.ValueStateDescriptor;
import dev.weir.config.WeirConfig;
import dev.weir.ops.cli.ResetCommandTest.Run;
import dev.weir.runtime.Worker;
import dev.weir.serde.Serdes;
import dev.weir.testkafka.TestKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code reset} against a real broker, on what real workers leave behind: a per-user counter with
 * a repartition topic, a changelog (state name with a '.') and a dead-letter topic.
 */
class ResetIT {

  private static final int USERS = 5;
  private static final int RECORDS = 60;
  private static final ValueStateDescriptor<Long> COUNT =
      StateDescriptor.value("user.count", Serdes.longs());

  @TempDir Path stateDir;

  @Test
  void dryRunListsAndChangesNothingThenResetMakesTheNextStartBeginFromScratch() throws Exception {
    App app = app("reset");
    String unrelated = app.id + "-notes"; // the application's prefix, but no internal suffix
    TestKafka.createTopics(1, unrelated);
    runToTheEnd(app, app.output);
    Set<String> internal =
        Set.of(app.repartition(), app.timers(), app.changelog(), app.deadLetters());
    assertThat(topics()).containsAll(internal);

    Run dryRun = cli("reset", "--application-id", app.id, "--bootstrap-servers",
        TestKafka.bootstrap(), "--state-dir", stateDir.toString(), "--dry-run");

    assertThat(dryRun.exit()).as(dryRun.err()).isZero();
    assertThat(dryRun.out().lines())
        .containsExactly(
            "Dry run, nothing is changed. A reset of application '" + app.id + "' would:",
            "  delete consumer group '" + app.id + "' (its committed offsets)",
            "  delete local state folder " + stateDir.resolve(app.id),
            "  delete topic '" + app.repartition() + "' (repartition)",
            "  delete topic '" + app.timers() + "' (changelog)",
            "  delete topic '" + app.changelog() + "' (changelog)",
            "  delete topic '" + app.deadLetters() + "' (dead letters)");
    assertThat(topics()).containsAll(internal);
    assertThat(groups()).contains(app.id);
    assertThat(stateDir.resolve(app.id)).isDirectory();

    Run reset = cli("reset", "--application-id", app.id, "--bootstrap-servers",
        TestKafka.bootstrap(), "--state-dir", stateDir.toString());

    assertThat(reset.exit()).as(reset.err()).isZero();
    assertThat(reset.out().lines())
        .startsWith(
            "Resetting application '" + app.id + "':",
            "  deleted consumer group '" + app.id + "'",
            "  deleted local state folder " + stateDir.resolve(app.id),
            "  deleted topic '" + app.repartition() + "' (repartition)",
            "  deleted topic '" + app.timers() + "' (changelog)",
            "  deleted topic '" + app.changelog() + "' (changelog)",
            "  deleted topic '" + app.deadLetters() + "' (dead letters)");
    assertThat(reset.out()).contains("Done. The next start of '" + app.id + "' reads its input");
    assertThat(topics()).doesNotContainAnyElementsOf(internal).contains(unrelated, app.input);
    assertThat(groups()).doesNotContain(app.id);
    assertThat(stateDir.resolve(app.id)).doesNotExist();

    // The next start reads the whole input again and counts from 1: offsets and state are gone.
    String again = TestKafka.unique("counts-again");
    TestKafka.createTopics(2, again);
    try (Worker worker = Worker.start(counter(app.input, again), app.config)) {
      Map<String, List<Long>> counts = countsByUser(awaitOutput(again, RECORDS));
      assertThat(worker.restoredRecords()).isZero();
      assertThat(counts).hasSize(USERS);
      counts.forEach(
          (user, seen) ->
              assertThat(seen)
                  .as("counts of %s", user)
                  .containsExactlyElementsOf(
                      LongStream.rangeClosed(1, RECORDS / USERS).boxed().toList()));
    }

    // Run again, there is nothing left to do but what the new run created.
    Run second = cli("reset", "--application-id", app.id, "--bootstrap-servers",
        TestKafka.bootstrap(), "--state-dir", stateDir.toString());
    assertThat(second.exit()).as(second.err()).isZero();
    Run third = cli("reset", "--application-id", app.id, "--bootstrap-servers",
        TestKafka.bootstrap(), "--state-dir", stateDir.toString());
    assertThat(third.exit()).isZero();
    assertThat(third.out()).startsWith("Nothing to reset for application '" + app.id + "'");
  }

  @Test
  void refusesWhileAWorkerRunsAndNamesTheMembersAndTheFix() throws Exception {
    App app = app("running");
    Set<String> internal =
        Set.of(app.repartition(), app.timers(), app.changelog(), app.deadLetters());
    try (Worker worker = Worker.start(counter(app.input, app.output), app.config)) {
      awaitOutput(app.output, RECORDS);
      assertThat(worker.status()).isEqualTo(Worker.Status.RUNNING);

      Run reset = cli("reset", "--application-id", app.id, "--bootstrap-servers",
          TestKafka.bootstrap(), "--state-dir", stateDir.toString());

      assertThat(reset.exit()).isEqualTo(1);
      assertThat(reset.out()).isEmpty();
      assertThat(reset.err())
          .startsWith("Reset of application '" + app.id + "' refused, nothing was changed:")
          .contains("Consumer group '" + app.id + "' has 1 active member: ")
          .contains("-consumer on /")
          .contains("Expected none: reset is for a stopped application. Stop every instance of '"
              + app.id + "' first, then run reset again.")
          // The worker runs in this JVM and holds the state folder's lock too.
          .contains("Local state folder " + stateDir.resolve(app.id) + " is in use: a process on"
              + " this machine holds its .lock.");
      assertThat(topics()).containsAll(internal);
      assertThat(groups()).contains(app.id);
      assertThat(stateDir.resolve(app.id)).isDirectory();

      Run dryRun = cli("reset", "--application-id", app.id, "--bootstrap-servers",
          TestKafka.bootstrap(), "--state-dir", stateDir.toString(), "--dry-run");
      assertThat(dryRun.exit()).isEqualTo(1);
      assertThat(dryRun.out()).contains("  delete topic '" + app.changelog() + "' (changelog)");
      assertThat(dryRun.err())
          .startsWith("A reset now would be refused:")
          .contains("has 1 active member");
    }

    // Stopped: the group is empty at once (the worker left it) and the lock is released.
    Run reset = cli("reset", "--application-id", app.id, "--bootstrap-servers",
        TestKafka.bootstrap(), "--state-dir", stateDir.toString());
    assertThat(reset.exit()).as(reset.err()).isZero();
    assertThat(topics()).doesNotContainAnyElementsOf(internal);
  }

  @Test
  void keepDeadLettersKeepsTheDeadLetterTopic() throws Exception {
    App app = app("keep");
    runToTheEnd(app, app.output);
    assertThat(topics()).contains(app.deadLetters());

    Run reset = cli("reset", "--application-id", app.id, "--bootstrap-servers",
        TestKafka.bootstrap(), "--state-dir", stateDir.toString(), "--keep-dead-letters");

    assertThat(reset.exit()).as(reset.err()).isZero();
    assertThat(reset.out())
        .doesNotContain("deleted topic '" + app.deadLetters() + "'")
        .contains("Left alone:\n  kept topic '" + app.deadLetters()
            + "' (dead letters): --keep-dead-letters");
    assertThat(topics())
        .contains(app.deadLetters())
        .doesNotContain(app.repartition(), app.timers(), app.changelog());
    assertThat(groups()).doesNotContain(app.id);
  }

  @Test
  void nothingToResetSaysWhereItLooked() {
    String id = TestKafka.unique("never-ran");
    Run reset = cli("reset", "--application-id", id, "--bootstrap-servers",
        TestKafka.bootstrap(), "--state-dir", stateDir.toString());

    assertThat(reset.exit()).isZero();
    assertThat(reset.out().strip())
        .isEqualTo("Nothing to reset for application '" + id + "': found no consumer group '"
            + id + "', no local state folder " + stateDir.resolve(id) + ", no topics " + id
            + "-<name>-repartition or " + id + "-<name>-changelog, no topic " + id + "-dlq. If"
            + " you expected some, check --application-id, --bootstrap-servers and --state-dir.");
  }

  // ---- the application

  private record App(String id, String input, String output, WeirConfig config) {
    String repartition() {
      return id + "-by-user-repartition";
    }

    String changelog() {
      return id + "-user.count-changelog";
    }

    /** The changelog of the process function's timers, which every process operator has. */
    String timers() {
      return id + "-count.timers-changelog";
    }

    String deadLetters() {
      return id + "-dlq";
    }
  }

  /** An application id, its input (with {@link #RECORDS} records) and output topics. */
  private App app(String name) {
    String input = TestKafka.unique("users");
    String output = TestKafka.unique("counts");
    TestKafka.createTopics(2, input, output);
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    for (int i = 0; i < RECORDS; i++) {
      records.add(new ProducerRecord<>(input, utf8("k" + i), utf8("user-" + i % USERS)));
    }
    TestKafka.produce(records);
    String id = TestKafka.unique(name);
    WeirConfig config =
        WeirConfig.builder()
            .set("application.id", id)
            .set("bootstrap.servers", TestKafka.bootstrap())
            .set("state.dir", stateDir.toString())
            .build();
    return new App(id, input, output, config);
  }

  /** Runs a worker until it has counted the whole input, and stops it. */
  private static void runToTheEnd(App app, String output) {
    try (Worker worker = Worker.start(counter(app.input, output), app.config)) {
      awaitOutput(output, RECORDS);
      assertThat(worker.status()).isEqualTo(Worker.Status.RUNNING);
    }
  }

  /** Counts records per user (the record value); the count of each goes out keyed by user. */
  static Pipeline counter(String input, String output) {
    Pipeline pipeline = Pipeline.create();
    pipeline
        .source(KafkaSource.of(input, Serdes.bytes(), Serdes.string()).named("users"))
        .keyBy(Repartition.<String, String>by(user -> user, Serdes.string()).named("by-user"))
        .process("count", Counter::new, COUNT)
        .sinkTo(KafkaSink.of(output, Serdes.string(), Serdes.longs()));
    return pipeline;
  }

  static final class Counter extends KeyedProcessFunction<String, String, Long> {
    private ValueState<Long> count;

    @Override
    public void open(OpenContext context) {
      count = context.state(COUNT);
    }

    @Override
    public void processElement(String user, Context<String> context, Collector<Long> out) {
      Long current = count.value();
      long next = current == null ? 1 : current + 1;
      count.update(next);
      out.collect(next);
    }
  }

  // ---- helpers

  static Run cli(String... args) {
    return ResetCommandTest.run(args);
  }

  private static List<ConsumerRecord<byte[], byte[]>> awaitOutput(String topic, int count) {
    List<ConsumerRecord<byte[], byte[]>> output =
        TestKafka.readUntil(topic, Duration.ofSeconds(90), read -> read.size() >= count);
    assertThat(output).hasSize(count);
    return output;
  }

  private static Map<String, List<Long>> countsByUser(List<ConsumerRecord<byte[], byte[]>> output) {
    Map<String, List<Long>> counts = new HashMap<>();
    try (LongDeserializer longs = new LongDeserializer()) {
      for (ConsumerRecord<byte[], byte[]> record : output) {
        counts
            .computeIfAbsent(
                new String(record.key(), StandardCharsets.UTF_8), user -> new ArrayList<>())
            .add(longs.deserialize(record.topic(), record.value()));
      }
    }
    return counts;
  }

  static Set<String> topics() throws Exception {
    try (Admin admin = TestKafka.admin()) {
      return admin.listTopics().names().get();
    }
  }

  static Set<String> groups() throws Exception {
    try (Admin admin = TestKafka.admin()) {
      return admin.listGroups().all().get().stream()
          .map(GroupListing::groupId)
          .collect(Collectors.toSet());
    }
  }

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
