package dev.weir.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.testkafka.TestKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scaling the click counter by starting and stopping instances, each a separate process with
 * its own state, while clicks flow into a 6-partition topic. The pipeline has two stages (read
 * and repartition by user, then count), so 12 tasks; output partition p is written by task 1_p.
 */
class ScalingIT {

  private static final int USERS = 200;
  private static final Set<String> ALL_TASKS = allTasks();

  @TempDir Path stateRoot;

  private ExampleRun run;

  @AfterEach
  void killLeftovers() throws InterruptedException {
    if (run != null) {
      run.close();
    }
  }

  @Test
  void scalingFromOneToThreeToTwoToOneInstanceKeepsCountsExactlyOnce() throws Exception {
    run = new ExampleRun("click-counter", stateRoot, 6, List.of());
    int total = 12_000;
    ClickFeeder feeder =
        new ClickFeeder(Clicks.clicks(run.input, 0, total, USERS), Duration.ofSeconds(45));
    WorkerProcess a = run.startInstance("a", stateRoot.resolve("a"), 1);
    awaitTasks(a, tasks -> tasks.equals(ALL_TASKS));
    feeder.start();

    Thread.sleep(5_000);
    WorkerProcess b = run.startInstance("b", stateRoot.resolve("b"), 1);
    WorkerProcess c = run.startInstance("c", stateRoot.resolve("c"), 1);
    awaitTasks(b, tasks -> tasks.size() == 4);
    awaitTasks(c, tasks -> tasks.size() == 4);
    awaitTasks(a, tasks -> tasks.size() == 4);

    Thread.sleep(3_000);
    assertThat(c.stop()).as("exit code of c; see %s", c.log()).isZero();
    awaitTasks(a, tasks -> tasks.size() == 6);
    awaitTasks(b, tasks -> tasks.size() == 6);

    Thread.sleep(3_000);
    assertThat(b.stop()).as("exit code of b; see %s", b.log()).isZero();
    awaitTasks(a, tasks -> tasks.equals(ALL_TASKS));

    feeder.join();
    List<ConsumerRecord<byte[], byte[]>> output =
        TestKafka.readUntil(run.output, Duration.ofSeconds(120), read -> read.size() >= total);
    Clicks.assertExactlyOnce(output, feeder.sent());
    assertThat(a.stop()).as("exit code of a; see %s", a.log()).isZero();
    assertThat(TestKafka.readAll(run.output)).hasSize(total);
    assertThat(TestKafka.readAll(run.applicationId + "-dlq")).isEmpty();
  }

  @Test
  void killingInstancesAmongThreeWithStandbysKeepsCountsExactlyOnceAndReplaysLittle()
      throws Exception {
    run = new ExampleRun("click-counter", stateRoot, 6, List.of());
    // A copy more than 50 records behind warms up before it takes a task over.
    String[] settings = {"num.standby.replicas=1", "acceptable.recovery.lag=50"};
    int total = 15_000;
    ClickFeeder feeder =
        new ClickFeeder(Clicks.clicks(run.input, 0, total, USERS), Duration.ofSeconds(60));
    List<String> names = List.of("a", "b", "c");
    List<WorkerProcess> instances = new ArrayList<>();
    for (String name : names) {
      instances.add(run.startInstance(name + "-0", stateRoot.resolve(name), 1, settings));
    }
    for (WorkerProcess instance : instances) {
      awaitTasks(instance, tasks -> tasks.size() == 4);
    }
    feeder.start();

    Random random = new Random();
    for (int kill = 1; kill <= 3; kill++) {
      Thread.sleep(5_000 + random.nextInt(4_000));
      int victim = random.nextInt(instances.size());
      instances.get(victim).kill();
      // The session timeout (6 s) expires the dead member; the others take its tasks over.
      Thread.sleep(9_000);
      String name = names.get(victim);
      WorkerProcess restarted =
          run.startInstance(name + "-" + kill, stateRoot.resolve(name), 1, settings);
      instances.set(victim, restarted);
      // One instance down at a time: the next kill comes once this one is back in the group
      // and its copies have had time to catch up (it is the only standby of some tasks).
      restarted.awaitOutput(" runs tasks [", Duration.ofSeconds(60));
      Thread.sleep(3_000);
    }
    feeder.join();
    List<ConsumerRecord<byte[], byte[]>> output =
        TestKafka.readUntil(run.output, Duration.ofSeconds(120), read -> read.size() >= total);
    Clicks.assertExactlyOnce(output, feeder.sent());
    // The takeovers the kills caused, read before the instances stop: stopping them one after
    // another hands the last one tasks whose copies it may have started following only moments
    // before, and those restores are no takeover from a standby.
    List<Long> restores = new ArrayList<>();
    Set<String> takenOver = new TreeSet<>();
    for (Path log : run.logs()) {
      WorkerLog worker = WorkerLog.of(log);
      restores.addAll(worker.restores());
      takenOver.addAll(worker.takenOverFromCopies());
    }
    for (WorkerProcess instance : instances) {
      assertThat(instance.stop()).as("exit code; see %s", instance.log()).isZero();
    }
    assertThat(TestKafka.readAll(run.output)).hasSize(total);

    // Takeovers came from standby copies, and no restore replayed more than a few commits'
    // worth (a commit holds at most one changelog record per user of a task), while each task's
    // changelog holds thousands of records.
    long changelog = TestKafka.readAll(run.applicationId + "-click-count-changelog").size();
    assertThat(changelog).isGreaterThan(6L * 1_000);
    assertThat(takenOver).as("tasks taken over from standby copies").isNotEmpty();
    assertThat(restores).as("changelog records each restore replayed").allMatch(n -> n <= 250);
  }

  @Test
  void aJoiningInstanceTakesTasksOnlyFromItsShareAndTheTasksThatStayKeepProducing()
      throws Exception {
    run = new ExampleRun("click-counter", stateRoot, 6, List.of());
    int total = 12_000;
    ClickFeeder feeder =
        new ClickFeeder(Clicks.clicks(run.input, 0, total, USERS), Duration.ofSeconds(40));
    WorkerProcess a = run.startInstance("a", stateRoot.resolve("a"), 1);
    WorkerProcess b = run.startInstance("b", stateRoot.resolve("b"), 1);
    awaitTasks(a, tasks -> tasks.size() == 6);
    awaitTasks(b, tasks -> tasks.size() == 6);
    try (OutputWatch watch = new OutputWatch(run.output)) {
      watch.start();
      feeder.start();
      Thread.sleep(8_000);
      Set<String> aBefore = WorkerLog.of(a).runningTasks();
      Set<String> bBefore = WorkerLog.of(b).runningTasks();

      long joined = System.nanoTime();
      WorkerProcess c = run.startInstance("c", stateRoot.resolve("c"), 1);
      awaitTasks(c, tasks -> tasks.size() == 4);
      awaitTasks(a, tasks -> tasks.size() == 4);
      awaitTasks(b, tasks -> tasks.size() == 4);
      Thread.sleep(2_000);
      long settled = System.nanoTime();

      Set<String> aAfter = WorkerLog.of(a).runningTasks();
      Set<String> bAfter = WorkerLog.of(b).runningTasks();
      Set<String> cAfter = WorkerLog.of(c).runningTasks();
      assertThat(aBefore).as("a kept only its own tasks").containsAll(aAfter);
      assertThat(bBefore).as("b kept only its own tasks").containsAll(bAfter);
      Set<String> all = new TreeSet<>(aAfter);
      all.addAll(bAfter);
      all.addAll(cAfter);
      assertThat(all).isEqualTo(ALL_TASKS);
      assertThat(aAfter.size() + bAfter.size() + cAfter.size()).isEqualTo(12);

      List<Integer> stayed = new ArrayList<>();
      for (int p = 0; p < 6; p++) {
        if (!cAfter.contains("1_" + p)) {
          stayed.add(p);
        }
      }
      long gap = watch.longestGapMillis(stayed, joined, settled);
      System.out.printf(
          "ScalingIT: while an instance joined (%d ms), the longest output gap of the counting"
              + " tasks that did not move (%s) was %d ms%n",
          (settled - joined) / 1_000_000, stayed, gap);
      assertThat(stayed).hasSize(4);
      assertThat(gap).as("longest output gap of a task that stayed, ms").isLessThan(10_000);

      feeder.join();
      watch.awaitCount(total, Duration.ofSeconds(120));
      Clicks.assertExactlyOnce(watch.records(), feeder.sent());
      for (WorkerProcess instance : List.of(a, b, c)) {
        assertThat(instance.stop()).as("exit code; see %s", instance.log()).isZero();
      }
    }
  }

  /** Waits until the instance's threads report running tasks that satisfy {@code done}. */
  static void awaitTasks(WorkerProcess instance, Predicate<Set<String>> done) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    Set<String> tasks = WorkerLog.of(instance).runningTasks();
    while (!done.test(tasks)) {
      if (System.nanoTime() > deadline || !instance.isAlive()) {
        throw new AssertionError(
            "Instance never reached the expected tasks; last ran " + tasks + "; see "
                + instance.log());
      }
      Thread.sleep(200);
      tasks = WorkerLog.of(instance).runningTasks();
    }
  }

  private static Set<String> allTasks() {
    Set<String> tasks = new TreeSet<>();
    for (int stage = 0; stage < 2; stage++) {
      for (int p = 0; p < 6; p++) {
        tasks.add(stage + "_" + p);
      }
    }
    return tasks;
  }
}
