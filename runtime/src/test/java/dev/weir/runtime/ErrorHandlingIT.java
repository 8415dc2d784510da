package dev.weir.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.config.WeirConfig;
import dev.weir.internal.runtime.errors.RecordErrorHandler;
import dev.weir.testkafka.TestKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Records whose user function throws, under each error handler. */
class ErrorHandlingIT {

  @TempDir Path stateDir;

  @Test
  void deadLetterKeepsFailedRecordsWithTheirOriginAndUndoesTheirState() throws Exception {
    Setup setup = setup("dead-letter");
    try (Worker worker = Worker.start(CountingPipelines.counter(setup.input, setup.output), setup.config)) {
      List<ConsumerRecord<byte[], byte[]>> letters =
          TestKafka.readUntil(
              setup.applicationId + "-dlq", Duration.ofSeconds(60), read -> read.size() >= 3);
      RestartIT.assertExactCounts(
          RestartIT.awaitOutput(setup.output, setup.good.size()), setup.good);
      assertThat(letters).hasSize(3);
      for (ConsumerRecord<byte[], byte[]> letter : letters) {
        assertThat(text(letter.value())).startsWith("boom");
        assertThat(header(letter, RecordErrorHandler.OPERATOR)).isEqualTo("count");
        assertThat(header(letter, RecordErrorHandler.EXCEPTION_CLASS))
            .isEqualTo(IllegalStateException.class.getName());
        assertThat(header(letter, RecordErrorHandler.EXCEPTION_MESSAGE)).contains("refused boom");
        // The letter comes from the repartition topic, where the failing operator reads.
        assertThat(header(letter, RecordErrorHandler.SOURCE_TOPIC)).endsWith("-repartition");
        assertThat(header(letter, RecordErrorHandler.SOURCE_OFFSET)).matches("\\d+");
      }
      assertThat(worker.meters().find("weir.records.dead-lettered").counter().count())
          .isEqualTo(3.0);
    }
  }

  @Test
  void skipCountsFailedRecordsAndGoesOn() throws Exception {
    Setup setup = setup("skip");
    try (Worker worker = Worker.start(CountingPipelines.counter(setup.input, setup.output), setup.config)) {
      RestartIT.assertExactCounts(
          RestartIT.awaitOutput(setup.output, setup.good.size()), setup.good);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (worker.meters().find("weir.records.skipped").counter().count() < 3
          && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(worker.meters().find("weir.records.skipped").counter().count()).isEqualTo(3.0);
      assertThat(TestKafka.readAll(setup.applicationId + "-dlq")).isEmpty();
    }
  }

  @Test
  void failStopsTheWorkerWithAMessageThatNamesTheRecordAndTheFix() throws Exception {
    Setup setup = setup("fail");
    Worker worker = Worker.start(CountingPipelines.counter(setup.input, setup.output), setup.config);
    try {
      assertThat(worker.awaitTermination(Duration.ofSeconds(60))).isTrue();
      assertThat(worker.status()).isEqualTo(Worker.Status.FAILED);
      assertThat(worker.failure())
          .get()
          .satisfies(
              failure ->
                  assertThat(failure.getMessage())
                      .contains("failed in operator 'count'")
                      .contains("errors.handler=fail stops the worker")
                      .contains("-repartition-"));
    } finally {
      worker.close();
    }
  }

  private record Setup(
      String applicationId,
      String input,
      String output,
      WeirConfig config,
      List<ProducerRecord<byte[], byte[]>> good) {}

  private Setup setup(String handler) {
    String input = TestKafka.unique("users");
    String output = TestKafka.unique("counts");
    String applicationId = TestKafka.unique("errors-" + handler);
    TestKafka.createTopics(2, input, output);
    List<ProducerRecord<byte[], byte[]>> good = CountingPipelines.input(input, 11, 500, 0);
    List<ProducerRecord<byte[], byte[]>> all = new ArrayList<>(good);
    for (int i = 0; i < 3; i++) {
      all.add(100 * (i + 1), new ProducerRecord<>(input, null, CountingPipelines.utf8("boom-" + i)));
    }
    TestKafka.produce(all);
    WeirConfig config =
        WeirConfig.builder()
            .set("application.id", applicationId)
            .set("bootstrap.servers", TestKafka.bootstrap())
            .set("state.dir", stateDir.toString())
            .set("errors.handler", handler)
            .build();
    return new Setup(applicationId, input, output, config, good);
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    return text(record.headers().lastHeader(name).value());
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
