package dev.weir.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.config.WeirConfig;
import dev.weir.testkafka.TestKafka;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restart reuses local state: after a clean stop nothing is replayed; after the state directory
 * is deleted, the whole changelog is, and counting goes on exactly where it was.
 */
class RestartIT {

  @TempDir Path stateDir;

  @Test
  void cleanRestartReplaysNothingAndLostStateIsRestoredInFull() throws Exception {
    String input = TestKafka.unique("users");
    String output = TestKafka.unique("counts");
    String applicationId = TestKafka.unique("restart");
    TestKafka.createTopics(4, input, output);
    List<ProducerRecord<byte[], byte[]>> all = new ArrayList<>();
    WeirConfig config =
        WeirConfig.builder()
            .set("application.id", applicationId)
            .set("bootstrap.servers", TestKafka.bootstrap())
            .set("state.dir", stateDir.toString())
            .build();

    // First run: count 2000 records.
    all.addAll(produce(input, 0, 2000));
    try (Worker worker = Worker.start(CountingPipelines.counter(input, output), config)) {
      awaitOutput(output, all.size());
      assertThat(worker.restoredRecords()).isZero();
    }

    // Clean restart: the store is exactly at the last commit, so nothing is replayed.
    all.addAll(produce(input, 2000, 1000));
    try (Worker worker = Worker.start(CountingPipelines.counter(input, output), config)) {
      awaitOutput(output, all.size());
      assertThat(worker.restoredRecords()).isZero();
    }

    // Lost local state: the next start restores every changelog record and counts on exactly.
    deleteRecursively(stateDir.resolve(applicationId));
    long changelogRecords = TestKafka.readAll(applicationId + "-count-changelog").size();
    assertThat(changelogRecords).isPositive();
    all.addAll(produce(input, 3000, 1000));
    try (Worker worker = Worker.start(CountingPipelines.counter(input, output), config)) {
      List<ConsumerRecord<byte[], byte[]>> result = awaitOutput(output, all.size());
      assertThat(worker.restoredRecords()).isEqualTo(changelogRecords);
      assertExactCounts(result, all);
    }
  }

  private static List<ProducerRecord<byte[], byte[]>> produce(String topic, int from, int count) {
    List<ProducerRecord<byte[], byte[]>> records = CountingPipelines.input(topic, 23, count, from);
    TestKafka.produce(records);
    return records;
  }

  static List<ConsumerRecord<byte[], byte[]>> awaitOutput(String topic, int count) {
    List<ConsumerRecord<byte[], byte[]>> result =
        TestKafka.readUntil(topic, Duration.ofSeconds(90), read -> read.size() >= count);
    assertThat(result).hasSize(count);
    return result;
  }

  static void assertExactCounts(
      List<ConsumerRecord<byte[], byte[]>> output, List<ProducerRecord<byte[], byte[]>> input) {
    Map<String, List<Long>> counts = CountingPipelines.countsByUser(output);
    Map<String, Long> expected = CountingPipelines.reference(input);
    assertThat(counts.keySet()).isEqualTo(expected.keySet());
    expected.forEach(
        (user, n) ->
            assertThat(counts.get(user))
                .as("counts of %s", user)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, n).boxed().toList()));
  }

  static void deleteRecursively(Path directory) throws IOException {
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
