package dev.weir.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.api.Pipeline;
import dev.weir.config.WeirConfig;
import dev.weir.runtime.Worker;
import dev.weir.serde.Serdes;
import dev.weir.testing.PipelineTestDriver;
import dev.weir.testing.TestInput;
import dev.weir.testkafka.TestKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The same window results whether the windowed-clicks pipeline runs in the test driver or on a
 * real broker, under both guarantees: one expectation ({@link WindowScenario}), several runners.
 */
class WindowedClicksIT {

  @TempDir Path stateDir;

  private static Pipeline pipeline(String input, String output, String late) {
    List<String> args = new ArrayList<>(List.of("windowed-clicks", "--input", input, "--output", output));
    for (String flag : WindowScenario.FLAGS) {
      args.add(flag.equals("LATE") ? late : flag);
    }
    return WindowedClicks.pipeline(ExampleOptions.parse(args.toArray(String[]::new)));
  }

  @Test
  void inTheTestDriver() {
    try (PipelineTestDriver driver = PipelineTestDriver.create(pipeline("clicks", "counts", "late"))) {
      TestInput<byte[], byte[]> clicks = driver.input("clicks", Serdes.bytes(), Serdes.bytes());
      for (WindowScenario.Phase phase : WindowScenario.PHASES) {
        for (WindowScenario.Click click : phase.clicks()) {
          clicks.send(null, Clicks.utf8(click.json()), WindowScenario.T0);
        }
        List<String> outputs =
            driver.output("counts", Serdes.string(), Serdes.bytes()).readValues().stream()
                .map(value -> WindowScenario.describe(Clicks.read(value)))
                .toList();
        List<String> late =
            driver.output("late", Serdes.bytes(), Serdes.bytes()).readValues().stream()
                .map(value -> WindowScenario.describeLate(Clicks.read(value)))
                .toList();
        assertThat(outputs).as("outputs after %s", phase.clicks()).containsExactlyInAnyOrderElementsOf(phase.outputs());
        assertThat(late).as("late after %s", phase.clicks()).containsExactlyElementsOf(phase.late());
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"exactly_once", "at_least_once"})
  void onABroker(String guarantee) throws Exception {
    String input = TestKafka.unique("clicks");
    String output = TestKafka.unique("window-counts");
    String late = TestKafka.unique("late-clicks");
    // One partition: the watermark follows the clicks in the order they are sent.
    TestKafka.createTopics(1, input, output, late);
    String applicationId = TestKafka.unique("windowed-clicks");
    WeirConfig config =
        WeirConfig.builder()
            .set("application.id", applicationId)
            .set("bootstrap.servers", TestKafka.bootstrap())
            .set("state.dir", stateDir.toString())
            .set("processing.guarantee", guarantee)
            .build();
    try (Worker worker = Worker.start(pipeline(input, output, late), config)) {
      int outputs = 0;
      int lates = 0;
      for (WindowScenario.Phase phase : WindowScenario.PHASES) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (WindowScenario.Click click : phase.clicks()) {
          records.add(new ProducerRecord<>(input, null, Clicks.utf8(click.json())));
        }
        TestKafka.produce(records);
        int wantOutputs = outputs + phase.outputs().size();
        int wantLate = lates + phase.late().size();
        List<ConsumerRecord<byte[], byte[]>> out =
            TestKafka.readUntil(output, Duration.ofSeconds(30), read -> read.size() >= wantOutputs);
        List<ConsumerRecord<byte[], byte[]>> lateOut =
            TestKafka.readUntil(late, Duration.ofSeconds(30), read -> read.size() >= wantLate);
        if (phase.outputs().isEmpty() && phase.late().isEmpty()) {
          // Nothing should come: give the pipeline time to (wrongly) produce something.
          Thread.sleep(1500);
          out = TestKafka.readAll(output);
          lateOut = TestKafka.readAll(late);
        }
        assertThat(out.subList(outputs, out.size()).stream()
                .map(record -> WindowScenario.describe(Clicks.read(record.value())))
                .toList())
            .as("outputs after %s", phase.clicks())
            .containsExactlyInAnyOrderElementsOf(phase.outputs());
        assertThat(lateOut.subList(lates, lateOut.size()).stream()
                .map(record -> WindowScenario.describeLate(Clicks.read(record.value())))
                .toList())
            .as("late after %s", phase.clicks())
            .containsExactlyElementsOf(phase.late());
        outputs = wantOutputs;
        lates = wantLate;
      }
      Thread.sleep(1000);
      assertThat(TestKafka.readAll(output)).hasSize(outputs);
      // Window state is compacted and deleted once no window can need it.
      try (org.apache.kafka.clients.admin.Admin admin = TestKafka.admin()) {
        var resource =
            new org.apache.kafka.common.config.ConfigResource(
                org.apache.kafka.common.config.ConfigResource.Type.TOPIC,
                applicationId + "-count-clicks-per-window.windows-changelog");
        var topicConfig = admin.describeConfigs(List.of(resource)).all().get().get(resource);
        assertThat(topicConfig.get("cleanup.policy").value()).isEqualTo("compact,delete");
        assertThat(Long.parseLong(topicConfig.get("retention.ms").value()))
            .isEqualTo(Duration.ofMinutes(1).plusSeconds(30).plusDays(1).toMillis());
      }
      // A late click leaves exactly as it came.
      assertThat(TestKafka.readAll(late).get(0).value())
          .isEqualTo(Clicks.utf8(new WindowScenario.Click("u2", 20).json()));
    }
  }

  @Test
  void everyClickIsCountedInOneWindowOrLeftLateNoneDisappears() throws Exception {
    String input = TestKafka.unique("clicks");
    String output = TestKafka.unique("window-counts");
    String late = TestKafka.unique("late-clicks");
    TestKafka.createTopics(2, input, output, late);
    // Clicks up to 8 s out of order, with a 1 s bound: many are late.
    java.util.Random random = new java.util.Random(42);
    List<ProducerRecord<byte[], byte[]>> clicks = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      int second = i / 20 + random.nextInt(8);
      clicks.add(
          new ProducerRecord<>(
              input, i % 2, null, Clicks.utf8(new WindowScenario.Click("u" + (i % 5), second).json())));
    }
    for (int p = 0; p < 2; p++) {
      clicks.add(
          new ProducerRecord<>(
              input, p, null, Clicks.utf8(new WindowScenario.Click("flush", 100_000).json())));
    }
    List<String> args =
        List.of(
            "windowed-clicks", "--input", input, "--output", output, "--late-output", late,
            "--window", "10s", "--out-of-orderness", "1s");
    WeirConfig config =
        WeirConfig.builder()
            .set("application.id", TestKafka.unique("windowed-clicks-late"))
            .set("bootstrap.servers", TestKafka.bootstrap())
            .set("state.dir", stateDir.toString())
            .build();
    try (Worker worker =
        Worker.start(WindowedClicks.pipeline(ExampleOptions.parse(args.toArray(String[]::new))), config)) {
      ClickFeeder feeder = new ClickFeeder(clicks, Duration.ofSeconds(3));
      feeder.start();
      feeder.join();
      feeder.sent();
      // Counted or late: wait until every real click is accounted for.
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      long counted;
      long lateCount;
      do {
        Thread.sleep(500);
        counted =
            TestKafka.readAll(output).stream()
                .mapToLong(record -> Clicks.read(record.value()).get("count").asLong())
                .sum();
        lateCount = TestKafka.readAll(late).size();
      } while (counted + lateCount < 3000 && System.nanoTime() < deadline);
      Thread.sleep(1000);
      counted =
          TestKafka.readAll(output).stream()
              .mapToLong(record -> Clicks.read(record.value()).get("count").asLong())
              .sum();
      lateCount = TestKafka.readAll(late).size();
      assertThat(lateCount).as("some clicks are late").isPositive();
      assertThat(counted + lateCount).isEqualTo(3000);
    }
  }
}
