package dev.weir.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.config.WeirConfig;
import dev.weir.runtime.Worker;
import dev.weir.testkafka.TestKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly-once under crashes: the click counter runs in its own JVM and is killed with SIGKILL at
 * random moments while clicks flow; after each kill it is started again on the same state. A
 * {@code read_committed} reader then sees, for every user, the counts 1, 2, ..., n: no duplicate,
 * no gap.
 */
class ClickCounterCrashIT {

  private static final int USERS = 40;
  private static final Path LOGS = Path.of("target", "worker-logs");

  @TempDir Path stateDir;

  private final List<WorkerProcess> started = new ArrayList<>();

  @AfterEach
  void killLeftovers() throws InterruptedException {
    for (WorkerProcess worker : started) {
      if (worker.isAlive()) {
        worker.kill();
      }
    }
  }

  @Test
  void countsAreExactlyOnceAcrossRepeatedSigkills() throws Exception {
    Run run = new Run("crash");
    int total = 6000;
    Random random = new Random();
    Feeder feeder = new Feeder(run.input, total, Duration.ofSeconds(20));
    feeder.start();

    for (int kill = 1; kill <= 4; kill++) {
      WorkerProcess worker = run.startProcess("crash-" + kill);
      Thread.sleep(2500 + random.nextInt(3500));
      assertThat(worker.isAlive()).as("worker %d alive before the kill; see %s", kill, worker.log()).isTrue();
      worker.kill();
    }
    WorkerProcess last = run.startProcess("crash-final");
    feeder.join();
    List<ConsumerRecord<byte[], byte[]>> output =
        TestKafka.readUntil(run.output, Duration.ofSeconds(120), read -> read.size() >= total);
    assertThat(last.stop()).as("exit code after SIGTERM; see %s", last.log()).isZero();

    Clicks.assertExactlyOnce(output, feeder.sent());
    // Nothing more shows up after the stop: read everything committed, once more.
    assertThat(TestKafka.readAll(run.output)).hasSize(total);
    assertThat(TestKafka.readAll(run.applicationId + "-dlq")).isEmpty();
  }

  @Test
  void restartAfterSigkillReplaysAtMostTheLastCommit() throws Exception {
    Run run = new Run("reuse");
    int total = 3000;
    Feeder feeder = new Feeder(run.input, total, Duration.ofSeconds(8));
    feeder.start();
    WorkerProcess worker = run.startProcess("reuse");
    Thread.sleep(6000);
    worker.kill();
    feeder.join();

    long changelog = TestKafka.readAll(run.applicationId + "-click-count-changelog").size();
    try (Worker restarted = Worker.start(ClickCounter.pipeline(run.input, run.output), run.config())) {
      List<ConsumerRecord<byte[], byte[]>> output =
          TestKafka.readUntil(run.output, Duration.ofSeconds(90), read -> read.size() >= total);
      Clicks.assertExactlyOnce(output, feeder.sent());
      // The local store is at most one commit behind, and one commit holds at most one changelog
      // record per user: that bounds the replay, while the changelog holds far more.
      assertThat(changelog).isGreaterThan(10L * USERS);
      assertThat(restarted.restoredRecords()).isLessThanOrEqualTo(USERS);
    }
  }

  /** Topics, ids and state of one run of the click counter. */
  private final class Run {
    final String applicationId;
    final String input;
    final String output;

    Run(String name) {
      applicationId = TestKafka.unique("click-counter-" + name);
      input = TestKafka.unique("clicks");
      output = TestKafka.unique("click-counts");
      TestKafka.createTopics(4, input, output);
    }

    WorkerProcess startProcess(String logName) throws Exception {
      WorkerProcess worker = startLogged(logName);
      started.add(worker);
      return worker;
    }

    private WorkerProcess startLogged(String logName) throws Exception {
      return WorkerProcess.start(
          LOGS,
          applicationId + "-" + logName,
          "click-counter",
          "--bootstrap-servers", TestKafka.bootstrap(),
          "--application-id", applicationId,
          "--input", input,
          "--output", output,
          "--state-dir", stateDir.toString(),
          "--threads", "2",
          // Static membership: the restarted worker takes its dead incarnation's place at once,
          // instead of waiting for the session timeout to expire it.
          "--set", "group.instance.id=" + applicationId);
    }

    WeirConfig config() {
      return WeirConfig.builder()
          .set("application.id", applicationId)
          .set("bootstrap.servers", TestKafka.bootstrap())
          .set("state.dir", stateDir.toString())
          .set("num.threads", "2")
          .set("group.instance.id", applicationId)
          .build();
    }
  }

  /** Sends clicks at a steady rate on its own thread, checking every send. */
  private static final class Feeder extends Thread {
    private final List<ProducerRecord<byte[], byte[]>> clicks;
    private final Duration duration;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    Feeder(String topic, int count, Duration duration) {
      super("click-feeder");
      this.clicks = Clicks.clicks(topic, 0, count, USERS);
      this.duration = duration;
    }

    @Override
    public void run() {
      long pauseNanos = duration.toNanos() / clicks.size();
      try (KafkaProducer<byte[], byte[]> producer = TestKafka.producer()) {
        List<Future<RecordMetadata>> sends = new ArrayList<>();
        long next = System.nanoTime();
        for (ProducerRecord<byte[], byte[]> click : clicks) {
          sends.add(producer.send(click));
          next += pauseNanos;
          long wait = next - System.nanoTime();
          if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
          }
        }
        producer.flush();
        for (Future<RecordMetadata> send : sends) {
          send.get();
        }
      } catch (Throwable t) {
        failure.set(t);
      }
    }

    List<ProducerRecord<byte[], byte[]>> sent() {
      assertThat(failure.get()).as("feeding clicks").isNull();
      return clicks;
    }
  }
}
