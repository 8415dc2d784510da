package dev.weir.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weir.testkafka.TestKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Windows under crashes: windowed-clicks runs in its own JVM and is killed with SIGKILL at random
 * moments while clicks flow; after each kill it starts again on the same state. Every window is
 * then emitted exactly once ({@code read_committed}), with the counts a run without crashes gives;
 * timers and watermarks come back from the changelog and the committed offsets.
 */
class WindowedClicksCrashIT {

  private static final int USERS = 30;
  private static final int PARTITIONS = 4;

  @TempDir Path stateDir;

  private ExampleRun run;

  @AfterEach
  void killLeftovers() throws InterruptedException {
    if (run != null) {
      run.close();
    }
  }

  @Test
  void everyWindowIsEmittedExactlyOnceAcrossRepeatedSigkills() throws Exception {
    run =
        new ExampleRun(
            "windowed-clicks",
            stateDir,
            PARTITIONS,
            List.of("--window", "10s", "--out-of-orderness", "2s"));
    int total = 5000;
    // Event times 10 ms apart: 50 s of event time, five or six windows of 10 s per user.
    List<ProducerRecord<byte[], byte[]>> clicks = Clicks.clicks(run.input, 0, total, USERS);
    ClickFeeder feeder = new ClickFeeder(clicks, Duration.ofSeconds(18));
    feeder.start();
    Random random = new Random();
    for (int kill = 1; kill <= 3; kill++) {
      WorkerProcess worker = run.startProcess("crash-" + kill);
      Thread.sleep(3000 + random.nextInt(3000));
      assertThat(worker.isAlive()).as("worker %d alive before the kill; see %s", kill, worker.log()).isTrue();
      worker.kill();
    }
    WorkerProcess last = run.startProcess("crash-final");
    feeder.join();
    List<ProducerRecord<byte[], byte[]>> sent = feeder.sent();

    // One click far ahead on every partition moves the watermark past every window above.
    Instant end = Instant.parse(Clicks.read(sent.get(total - 1).value()).get("timestamp").asText());
    List<ProducerRecord<byte[], byte[]>> flush = new ArrayList<>();
    for (int p = 0; p < PARTITIONS; p++) {
      String json =
          "{\"user_id\":\"flush\",\"action\":\"click\",\"timestamp\":\""
              + end.plusSeconds(600) + "\",\"page\":\"/\"}";
      flush.add(new ProducerRecord<>(run.input, p, null, Clicks.utf8(json)));
    }
    TestKafka.produce(flush);

    Map<String, Long> expected = expectedWindows(sent);
    List<ConsumerRecord<byte[], byte[]>> output =
        TestKafka.readUntil(run.output, Duration.ofSeconds(120), read -> read.size() >= expected.size());
    Thread.sleep(1500);
    output = TestKafka.readAll(run.output);
    last.awaitOutput(" runs tasks ", Duration.ofSeconds(60));
    assertThat(last.stop()).as("exit code after SIGTERM; see %s", last.log()).isZero();

    Map<String, Long> emitted = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> record : output) {
      JsonNode value = Clicks.read(record.value());
      String window = value.get("user_id").asText() + " " + value.get("window_start").asText();
      assertThat(emitted.put(window, value.get("count").asLong()))
          .as("window %s emitted twice", window)
          .isNull();
    }
    assertThat(emitted).isEqualTo(expected);
    assertThat(TestKafka.readAll(run.applicationId + "-dlq")).isEmpty();
    // Every start after a kill registered the windows' timers again from the windows themselves.
    assertThat(TestKafka.readAll(run.applicationId + "-count-clicks-per-window.timers-changelog"))
        .as("timers changelog")
        .isEmpty();

    // The watermark went into the committed offsets: it is restored, not started over.
    try (Admin admin = TestKafka.admin()) {
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin.listConsumerGroupOffsets(run.applicationId).partitionsToOffsetAndMetadata().get();
      long inputWatermark =
          committed.entrySet().stream()
              .filter(entry -> entry.getKey().topic().equals(run.input))
              .mapToLong(entry -> Long.parseLong(entry.getValue().metadata().substring("weir.wm=".length())))
              .max()
              .orElseThrow();
      assertThat(inputWatermark).isGreaterThanOrEqualTo(end.toEpochMilli());
    }
  }

  /** Each user's count per 10 s window, keyed "user window_start". */
  private static Map<String, Long> expectedWindows(List<ProducerRecord<byte[], byte[]>> clicks) {
    Map<String, Long> expected = new HashMap<>();
    for (ProducerRecord<byte[], byte[]> click : clicks) {
      JsonNode json = Clicks.read(click.value());
      long time = Instant.parse(json.get("timestamp").asText()).toEpochMilli();
      long start = time - Math.floorMod(time, 10_000L);
      String window =
          json.get("user_id").asText()
              + " "
              + WindowedClicks.WindowedCount.of("", new dev.weir.api.windows.TimeWindow(start, start + 10_000), 0)
                  .windowStart();
      expected.merge(window, 1L, Long::sum);
    }
    return expected;
  }
}
