package dev.weir.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.api.KafkaSink;
import dev.weir.api.KafkaSource;
import dev.weir.api.Pipeline;
import dev.weir.api.TopologyException;
import dev.weir.config.WeirConfig;
import dev.weir.serde.Serdes;
import dev.weir.testkafka.TestKafka;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Instances of one application must run one pipeline; the group says so when they do not. */
class GroupMembershipIT {

  @TempDir Path stateDir;

  @Test
  void anInstanceRunningAnotherPipelineStopsWithAClearMessageWhileTheGroupRunsOn()
      throws Exception {
    String input = TestKafka.unique("users");
    String output = TestKafka.unique("counts");
    TestKafka.createTopics(2, input, output);
    TestKafka.produce(CountingPipelines.input(input, 5, 50, 0));
    String application = TestKafka.unique("one-pipeline");

    try (Worker first =
        Worker.start(CountingPipelines.counter(input, output), config(application, "a"))) {
      TestKafka.readUntil(output, Duration.ofSeconds(30), read -> read.size() >= 50);

      // Same application, topics and state, but its operator is named differently.
      Pipeline other = Pipeline.create();
      other
          .source(KafkaSource.of(input, Serdes.bytes(), Serdes.string()).named("users"))
          .keyBy(user -> user, Serdes.string())
          .process("count-v2", CountingPipelines.Counter::new, CountingPipelines.COUNT)
          .sinkTo(KafkaSink.of(output, Serdes.string(), Serdes.longs()));
      try (Worker second = Worker.start(other, config(application, "b"))) {
        assertThat(second.awaitTermination(Duration.ofSeconds(60)))
            .as("the instance with the other pipeline stops")
            .isTrue();
        assertThat(second.status()).isEqualTo(Worker.Status.FAILED);
        assertThat(second.failure())
            .hasValueSatisfying(
                failure ->
                    assertThat(failure)
                        .isInstanceOf(TopologyException.class)
                        .hasMessageContaining("runs pipeline")
                        .hasMessageContaining("application '" + application + "'")
                        .hasMessageContaining("give a different pipeline its own application.id"));
      }

      // The group goes on with the first instance alone.
      TestKafka.produce(CountingPipelines.input(input, 5, 20, 50));
      TestKafka.readUntil(output, Duration.ofSeconds(60), read -> read.size() >= 70);
      assertThat(first.status()).isEqualTo(Worker.Status.RUNNING);
    }
  }

  private WeirConfig config(String application, String instance) {
    return WeirConfig.builder()
        .set("application.id", application)
        .set("bootstrap.servers", TestKafka.bootstrap())
        .set("state.dir", stateDir.resolve(instance).toString())
        .build();
  }
}
