package dev.weir.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.runtime.Worker;
import dev.weir.testkafka.TestKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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

  @TempDir Path stateDir;

  private ExampleRun run;

  @AfterEach
  void killLeftovers() throws InterruptedException {
    if (run != null) {
      run.close();
    }
  }

  @Test
  void countsAreExactlyOnceAcrossRepeatedSigkills() throws Exception {
    run = new ExampleRun("click-counter", stateDir, 4, List.of());
    int total = 6000;
    Random random = new Random();
    ClickFeeder feeder =
        new ClickFeeder(Clicks.clicks(run.input, 0, total, USERS), Duration.ofSeconds(20));
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
    last.awaitOutput(" runs tasks ", Duration.ofSeconds(60));
    assertThat(last.stop()).as("exit code after SIGTERM; see %s", last.log()).isZero();

    Clicks.assertExactlyOnce(output, feeder.sent());
    // Nothing more shows up after the stop: read everything committed, once more.
    assertThat(TestKafka.readAll(run.output)).hasSize(total);
    assertThat(TestKafka.readAll(run.applicationId + "-dlq")).isEmpty();
  }

  @Test
  void restartAfterSigkillReplaysAtMostTheLastCommit() throws Exception {
    run = new ExampleRun("click-counter", stateDir, 4, List.of());
    int total = 3000;
    ClickFeeder feeder =
        new ClickFeeder(Clicks.clicks(run.input, 0, total, USERS), Duration.ofSeconds(12));
    feeder.start();
    WorkerProcess worker = run.startProcess("reuse");
    // Kill it mid-flow, after many commits: a backlog read at start folds into one commit, so
    // wait until it has followed the live flow for a while.
    TestKafka.readUntil(run.output, Duration.ofSeconds(60), read -> read.size() >= total * 2 / 3);
    worker.kill();
    feeder.join();

    long changelog = TestKafka.readAll(run.applicationId + "-click-count-changelog").size();
    try (Worker restarted = Worker.start(ClickCounter.pipeline(run.input, run.output), run.config())) {
      List<ConsumerRecord<byte[], byte[]>> output =
          TestKafka.readUntil(run.output, Duration.ofSeconds(90), read -> read.size() >= total);
      Clicks.assertExactlyOnce(output, feeder.sent());
      // The local store is at most one commit behind, and one commit holds at most one changelog
      // record per user: that bounds the replay, while the changelog holds many commits' worth.
      assertThat(changelog).isGreaterThan(2L * USERS);
      assertThat(restarted.restoredRecords()).isLessThanOrEqualTo(USERS);
    }
  }
}
