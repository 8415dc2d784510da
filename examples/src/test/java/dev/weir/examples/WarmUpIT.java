package dev.weir.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.testkafka.TestKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A joining instance warms up before it takes tasks over: with a million counters in the
 * click counter's state, the new instance first follows the changelogs of the tasks it is to
 * run while their owner keeps counting, and takes each task only once its copy is caught up.
 */
class WarmUpIT {

  private static final int KEYS = 1_000_000;
  private static final int LIVE_USERS = 100;

  @TempDir Path stateRoot;

  private ExampleRun run;

  @AfterEach
  void killLeftovers() throws InterruptedException {
    if (run != null) {
      run.close();
    }
  }

  @Test
  void aJoiningInstanceTakesTasksOnlyOnceItsCopiesCaughtUpWhileTheOwnerKeepsProducing()
      throws Exception {
    run = new ExampleRun("click-counter", stateRoot, 6, List.of());
    List<ProducerRecord<byte[], byte[]>> bulk = bulkClicks(run.input);
    produceFast(bulk);
    WorkerProcess a = run.startInstance("a", stateRoot.resolve("a"), 2);
    try (OutputWatch watch = new OutputWatch(run.output)) {
      watch.start();
      watch.awaitCount(KEYS, Duration.ofSeconds(300));

      List<ProducerRecord<byte[], byte[]>> live = new ArrayList<>();
      for (int i = 0; i < 4_000; i++) {
        ProducerRecord<byte[], byte[]> click = Clicks.click(run.input, i, LIVE_USERS);
        live.add(click);
      }
      ClickFeeder feeder = new ClickFeeder(live, Duration.ofSeconds(40));
      feeder.start();
      Thread.sleep(3_000);

      long joined = System.nanoTime();
      int before = watch.count();
      WorkerProcess b = run.startInstance("b", stateRoot.resolve("b"), 2);
      ScalingIT.awaitTasks(b, tasks -> tasks.stream().filter(t -> t.startsWith("1_")).count() == 3);
      long movedAll = System.nanoTime();
      int during = watch.count() - before;

      WorkerLog joiner = WorkerLog.of(b);
      Set<String> counting = new TreeSet<>();
      joiner.runningTasks().stream().filter(t -> t.startsWith("1_")).forEach(counting::add);
      assertThat(joiner.followed()).as("warmed up before running").containsAll(counting);
      // A warm copy becomes the task's store in place, or, when the task goes to another thread
      // of the instance, that thread opens the same warm folder. Either way each counting
      // task's changelog holds about KEYS / 6 records, and taking one over replayed at most
      // acceptable.recovery.lag (10,000) plus what arrived meanwhile.
      assertThat(joiner.takenOverFromCopies()).as("ran from its warm copies").isNotEmpty();
      assertThat(joiner.restores())
          .hasSizeGreaterThanOrEqualTo(3)
          .allMatch(records -> records <= 12_000);
      long gap = watch.longestGapMillis(List.of(0, 1, 2, 3, 4, 5), joined, movedAll);
      System.out.printf(
          "WarmUpIT: the joining instance warmed up and took over 3 of 6 counting tasks"
              + " (~%d keys each) in %d ms; %d outputs meanwhile, longest output gap %d ms%n",
          KEYS / 6, (movedAll - joined) / 1_000_000, during, gap);
      assertThat(during).as("outputs while the new instance warmed up").isPositive();
      assertThat(gap).as("longest output gap during the warm-up, ms").isLessThan(15_000);

      feeder.join();
      List<ProducerRecord<byte[], byte[]>> input = new ArrayList<>(bulk);
      input.addAll(feeder.sent());
      watch.awaitCount(input.size(), Duration.ofSeconds(120));
      Clicks.assertExactlyOnce(watch.records(), input);
      assertThat(b.stop()).as("exit code of b; see %s", b.log()).isZero();
      assertThat(a.stop()).as("exit code of a; see %s", a.log()).isZero();
    }
  }

  /** One click from each of a million users, event times a few minutes apart at most. */
  private static List<ProducerRecord<byte[], byte[]>> bulkClicks(String topic) {
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(KEYS);
    long start = System.currentTimeMillis();
    for (int i = 0; i < KEYS; i++) {
      String json =
          "{\"user_id\":\"bulk-"
              + i
              + "\",\"action\":\"click\",\"timestamp\":\""
              + Instant.ofEpochMilli(start + i / 10)
              + "\",\"page\":\"/p/"
              + (i % 13)
              + "\"}";
      records.add(new ProducerRecord<>(topic, Clicks.utf8("page-" + (i % 13)), Clicks.utf8(json)));
    }
    return records;
  }

  private static void produceFast(List<ProducerRecord<byte[], byte[]>> records) throws Exception {
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrap(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
      List<Future<RecordMetadata>> sends = new ArrayList<>(records.size());
      for (ProducerRecord<byte[], byte[]> record : records) {
        sends.add(producer.send(record));
      }
      producer.flush();
      for (Future<RecordMetadata> send : sends) {
        send.get();
      }
    }
  }
}
