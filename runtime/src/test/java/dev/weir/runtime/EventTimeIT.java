package dev.weir.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.api.KafkaSink;
import dev.weir.api.KafkaSource;
import dev.weir.api.Pipeline;
import dev.weir.api.functions.AggregateFunction;
import dev.weir.api.time.WatermarkStrategy;
import dev.weir.api.windows.TumblingEventTimeWindows;
import dev.weir.config.WeirConfig;
import dev.weir.serde.Serdes;
import dev.weir.testkafka.TestKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Watermarks and windows on a real broker: across a repartition topic, downstream windows do not
 * fire before the slowest upstream partition passes them, and fire once it does; with idleness,
 * the windows of a stream whose producers stopped still close.
 */
class EventTimeIT {

  private static final long SECOND = 1000;

  @TempDir Path stateDir;

  /** Input values are "user@timestampMs"; the record timestamp is ignored. */
  private static long timestampOf(String value) {
    return Long.parseLong(value.substring(value.indexOf('@') + 1));
  }

  /** Counts each user's records per 10 s tumbling event-time window: "windowEnd:count". */
  static final class CountRecords implements AggregateFunction<String, Long, Long> {
    @Override
    public Long createAccumulator() {
      return 0L;
    }

    @Override
    public Long add(String value, Long count) {
      return count + 1;
    }

    @Override
    public Long result(Long count) {
      return count;
    }
  }

  private Pipeline pipeline(String input, String output, WatermarkStrategy<String> strategy) {
    Pipeline pipeline = Pipeline.create();
    pipeline
        .source(
            KafkaSource.of(input, Serdes.bytes(), Serdes.string())
                .named("events")
                .withWatermarks(strategy.withTimestampAssigner((value, ts) -> timestampOf(value))))
        .keyBy(value -> value.substring(0, value.indexOf('@')), Serdes.string())
        .window(TumblingEventTimeWindows.of(Duration.ofSeconds(10)))
        .aggregate(
            "buckets",
            new CountRecords(),
            Serdes.longs(),
            (user, window, count) -> window.end() + ":" + count)
        .sinkTo(KafkaSink.of(output, Serdes.string(), Serdes.string()));
    return pipeline;
  }

  private WeirConfig config(String applicationId) {
    return WeirConfig.builder()
        .set("application.id", applicationId)
        .set("bootstrap.servers", TestKafka.bootstrap())
        .set("state.dir", stateDir.toString())
        .build();
  }

  @Test
  void downstreamTimersWaitForTheSlowestUpstreamPartition() throws Exception {
    String input = TestKafka.unique("events");
    String output = TestKafka.unique("buckets");
    TestKafka.createTopics(4, input, output);
    long base = recentBase();
    // Partitions 0-2 reach 60 s; partition 3 stays at 5 s.
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    for (int p = 0; p < 3; p++) {
      for (long t = 0; t <= 60 * SECOND; t += SECOND) {
        records.add(record(input, p, "user-" + (t / SECOND % 3), base + t));
      }
    }
    records.add(record(input, 3, "user-0", base + 5 * SECOND));
    TestKafka.produce(records);

    try (Worker worker =
        Worker.start(
            pipeline(input, output, WatermarkStrategy.forBoundedOutOfOrderness(Duration.ZERO)),
            config(TestKafka.unique("event-time")))) {
      // Let everything be processed and committed a few times over.
      Thread.sleep(4000);
      assertThat(TestKafka.readAll(output))
          .as("no window closes while partition 3 is at 5 s")
          .isEmpty();

      // Partition 3 catches up to 45 s: windows ending at or before 40 s close, none after.
      TestKafka.produce(List.of(record(input, 3, "user-1", base + 45 * SECOND)));
      List<ConsumerRecord<byte[], byte[]>> fired =
          TestKafka.readUntil(output, Duration.ofSeconds(30), read -> read.size() >= 3 * 4);
      Thread.sleep(1500);
      fired = TestKafka.readAll(output);
      Set<Long> ends = new TreeSet<>();
      for (ConsumerRecord<byte[], byte[]> record : fired) {
        ends.add(Long.parseLong(text(record.value()).split(":")[0]) - base);
      }
      assertThat(ends).containsExactly(10 * SECOND, 20 * SECOND, 30 * SECOND, 40 * SECOND);
      // Each of the three users: every window counted all its records from all partitions.
      long total = 0;
      for (ConsumerRecord<byte[], byte[]> record : fired) {
        total += Long.parseLong(text(record.value()).split(":")[1]);
      }
      // Windows [0,10) .. [30,40): 40 s x 3 partitions + the 5 s record of partition 3.
      assertThat(total).isEqualTo(40 * 3 + 1);
    }
  }

  @Test
  void idlePartitionsLetTheWatermarkFollowTheClock() throws Exception {
    String input = TestKafka.unique("events");
    String output = TestKafka.unique("buckets");
    TestKafka.createTopics(2, input, output);
    // Two records in the last 10 s window that has ended by now, so that one window counts both.
    long windowStart = (System.currentTimeMillis() / (10 * SECOND) - 1) * 10 * SECOND;
    TestKafka.produce(
        List.of(
            record(input, 0, "user-0", windowStart + 2 * SECOND),
            record(input, 0, "user-0", windowStart + 3 * SECOND)));

    try (Worker worker =
        Worker.start(
            pipeline(
                input,
                output,
                WatermarkStrategy.<String>forBoundedOutOfOrderness(Duration.ofSeconds(1))
                    .withIdleness(Duration.ofSeconds(1))),
            config(TestKafka.unique("idle")))) {
      // Nothing more arrives; once both partitions are idle the clock closes the window.
      List<ConsumerRecord<byte[], byte[]>> fired =
          TestKafka.readUntil(output, Duration.ofSeconds(40), read -> !read.isEmpty());
      long count =
          fired.stream().mapToLong(r -> Long.parseLong(text(r.value()).split(":")[1])).sum();
      assertThat(count).isEqualTo(2);
    }
  }

  @Test
  void windowTimersStayOutOfTheChangelogAndComeBackFromTheWindowsAfterLosingLocalState()
      throws Exception {
    String input = TestKafka.unique("events");
    String output = TestKafka.unique("buckets");
    String applicationId = TestKafka.unique("window-timers");
    TestKafka.createTopics(2, input, output);
    long base = recentBase();
    // Both partitions, three users, a record a second up to 25 s: the windows ending at 10 s and
    // 20 s close, the one ending at 30 s stays open with 12 records.
    TestKafka.produce(records(input, base, 0, 25));
    WatermarkStrategy<String> strategy = WatermarkStrategy.forBoundedOutOfOrderness(Duration.ZERO);
    try (Worker worker = Worker.start(pipeline(input, output, strategy), config(applicationId))) {
      TestKafka.readUntil(output, Duration.ofSeconds(30), read -> read.size() >= 3 * 2);
      Thread.sleep(1500);
    }
    assertThat(windowCounts(TestKafka.readAll(output), base)).containsOnlyKeys(10L, 20L);
    assertThat(TestKafka.readAll(applicationId + "-buckets.windows-changelog")).isNotEmpty();
    assertThat(TestKafka.readAll(applicationId + "-buckets.timers-changelog"))
        .as("the window operator's timers follow from its windows: none in the changelog")
        .isEmpty();

    // The next start restores the windows from the changelog alone, and with them their timers:
    // the window ending at 30 s gets no new record, yet closes once the watermark passes it.
    RestartIT.deleteRecursively(stateDir.resolve(applicationId));
    TestKafka.produce(records(input, base, 31, 45));
    try (Worker worker = Worker.start(pipeline(input, output, strategy), config(applicationId))) {
      TestKafka.readUntil(output, Duration.ofSeconds(60), read -> read.size() >= 3 * 4);
      Thread.sleep(1500);
    }
    Map<Long, Long> counts = windowCounts(TestKafka.readAll(output), base);
    assertThat(counts)
        .containsExactlyInAnyOrderEntriesOf(Map.of(10L, 20L, 20L, 20L, 30L, 12L, 40L, 18L));
  }

  /**
   * An hour ago, on a 10 s window boundary: the event times of a test start there. Records stamped
   * in 1970 would be old enough for the broker's time retention (checked every 5 minutes) to
   * delete them from the topics mid-test.
   */
  private static long recentBase() {
    return (System.currentTimeMillis() / (10 * SECOND) - 360) * 10 * SECOND;
  }

  /** Records of users 0-2 on partitions 0 and 1, one a second from {@code from} to {@code to} s. */
  private static List<ProducerRecord<byte[], byte[]>> records(
      String topic, long base, int from, int to) {
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    for (int p = 0; p < 2; p++) {
      for (long t = from; t <= to; t++) {
        records.add(record(topic, p, "user-" + (t % 3), base + t * SECOND));
      }
    }
    return records;
  }

  /** The records counted per window end, in seconds after {@code base}, over all users. */
  private static Map<Long, Long> windowCounts(List<ConsumerRecord<byte[], byte[]>> fired, long base) {
    Map<Long, Long> counts = new TreeMap<>();
    for (ConsumerRecord<byte[], byte[]> record : fired) {
      String[] parts = text(record.value()).split(":");
      counts.merge(
          (Long.parseLong(parts[0]) - base) / SECOND, Long.parseLong(parts[1]), Long::sum);
    }
    return counts;
  }

  private static ProducerRecord<byte[], byte[]> record(
      String topic, int partition, String user, long timestamp) {
    return new ProducerRecord<>(
        topic, partition, null, null, (user + "@" + timestamp).getBytes(StandardCharsets.UTF_8));
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
