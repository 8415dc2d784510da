package dev.weir.examples;

import dev.weir.config.WeirConfig;
import dev.weir.testkafka.TestKafka;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Topics, ids and state of one run of an example in separate worker processes, for fault tests.
 * Every worker joins with static membership, so a restarted worker takes its dead incarnation's
 * place at once instead of waiting for the session timeout to expire it.
 */
final class ExampleRun implements AutoCloseable {

  private static final Path LOGS = Path.of("target", "worker-logs");

  final String example;
  final String applicationId;
  final String input;
  final String output;
  private final Path stateDir;
  private final List<String> extraArgs;
  private final List<WorkerProcess> started = new ArrayList<>();

  ExampleRun(String example, Path stateDir, int partitions, List<String> extraArgs, String... extraTopics) {
    this.example = example;
    this.applicationId = TestKafka.unique(example);
    this.input = TestKafka.unique("clicks");
    this.output = TestKafka.unique(example + "-out");
    this.stateDir = stateDir;
    this.extraArgs = List.copyOf(extraArgs);
    List<String> topics = new ArrayList<>(List.of(input, output));
    topics.addAll(List.of(extraTopics));
    TestKafka.createTopics(partitions, topics.toArray(String[]::new));
  }

  /** Starts a worker process with two threads; its output goes to target/worker-logs. */
  WorkerProcess startProcess(String logName) throws Exception {
    return start(logName, stateDir, 2, "group.instance.id=" + applicationId);
  }

  /**
   * Starts one more instance of the application, with its own state and dynamic membership (it
   * leaves the group when stopped), and a short session timeout so a killed instance's tasks
   * move within seconds.
   *
   * @param settings more Weir options, as key=value
   */
  WorkerProcess startInstance(String logName, Path instanceState, int threads, String... settings)
      throws Exception {
    List<String> all =
        new ArrayList<>(
            List.of("consumer.session.timeout.ms=6000", "consumer.heartbeat.interval.ms=1000"));
    all.addAll(List.of(settings));
    return start(logName, instanceState, threads, all.toArray(String[]::new));
  }

  private WorkerProcess start(String logName, Path state, int threads, String... settings)
      throws Exception {
    List<String> args =
        new ArrayList<>(
            List.of(
                example,
                "--bootstrap-servers", TestKafka.bootstrap(),
                "--application-id", applicationId,
                "--input", input,
                "--output", output,
                "--state-dir", state.toString(),
                "--threads", Integer.toString(threads)));
    for (String setting : settings) {
      args.add("--set");
      args.add(setting);
    }
    args.addAll(extraArgs);
    WorkerProcess worker =
        WorkerProcess.start(LOGS, applicationId + "-" + logName, args.toArray(String[]::new));
    started.add(worker);
    return worker;
  }

  /** The config of an in-process worker that takes the processes' place. */
  WeirConfig config() {
    return WeirConfig.builder()
        .set("application.id", applicationId)
        .set("bootstrap.servers", TestKafka.bootstrap())
        .set("state.dir", stateDir.toString())
        .set("num.threads", "2")
        .set("group.instance.id", applicationId)
        .build();
  }

  /** The logs of every worker process started so far. */
  List<Path> logs() {
    return started.stream().map(worker -> worker.log().toPath()).toList();
  }

  /** Kills every worker process still alive. */
  @Override
  public void close() throws InterruptedException {
    for (WorkerProcess worker : started) {
      if (worker.isAlive()) {
        worker.kill();
      }
    }
  }
}
