package dev.weir.internal.runtime.errors;

import dev.weir.api.WeirException;
import dev.weir.config.ErrorHandling;
import io.micrometer.core.instrument.Counter;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides what happens to an input record that failed: stop ({@code fail}), log and count
 * ({@code skip}), or write its original bytes to the dead-letter topic ({@code dead-letter}) with
 * headers that say where it came from and why it failed. Dead letters go through the thread's
 * producer, so under exactly-once they commit with the record's offset: never lost, never twice.
 *
 * <p>One per processing thread; called on that thread.
 */
public final class RecordErrorHandler {

  /** Header names of a dead letter. */
  public static final String SOURCE_TOPIC = "weir.source.topic";

  public static final String SOURCE_PARTITION = "weir.source.partition";
  public static final String SOURCE_OFFSET = "weir.source.offset";
  public static final String SOURCE_TIMESTAMP = "weir.source.timestamp";
  public static final String OPERATOR = "weir.operator";
  public static final String TASK = "weir.task";
  public static final String EXCEPTION_CLASS = "weir.exception.class";
  public static final String EXCEPTION_MESSAGE = "weir.exception.message";

  private static final Logger log = LoggerFactory.getLogger(RecordErrorHandler.class);
  private static final int MAX_MESSAGE_BYTES = 2000;

  private final ErrorHandling mode;
  private final String deadLetterTopic;
  private final Consumer<ProducerRecord<byte[], byte[]>> deadLetterSender;
  private final Counter skipped;
  private final Counter deadLettered;

  public RecordErrorHandler(
      ErrorHandling mode,
      String deadLetterTopic,
      Consumer<ProducerRecord<byte[], byte[]>> deadLetterSender,
      Counter skipped,
      Counter deadLettered) {
    this.mode = mode;
    this.deadLetterTopic = deadLetterTopic;
    this.deadLetterSender = deadLetterSender;
    this.skipped = skipped;
    this.deadLettered = deadLettered;
  }

  /**
   * Handles one failed record.
   *
   * @throws WeirException under {@code fail}, to stop the worker
   */
  public void handle(
      ConsumerRecord<byte[], byte[]> record, String task, RecordProcessingException failure) {
    Throwable cause = failure.getCause();
    switch (mode) {
      case FAIL ->
          throw new WeirException(
              "Record "
                  + coordinates(record)
                  + " failed in operator '"
                  + failure.operator()
                  + "' of task "
                  + task
                  + ". errors.handler=fail stops the worker; set errors.handler=dead-letter to"
                  + " keep such records in a topic and go on.",
              cause);
      case SKIP -> {
        skipped.increment();
        log.warn(
            "Skipped record {} that failed in operator '{}' of task {}: {}",
            coordinates(record),
            failure.operator(),
            task,
            cause.toString());
      }
      case DEAD_LETTER -> {
        deadLetterSender.accept(deadLetter(record, task, failure.operator(), cause));
        deadLettered.increment();
        log.debug(
            "Dead-lettered record {} from operator '{}': {}",
            coordinates(record),
            failure.operator(),
            cause.toString());
      }
    }
  }

  /**
   * Handles a timer whose {@code onTimer} threw. There is no input record to dead-letter: under
   * {@code fail} the worker stops, otherwise the failure is logged and counted as skipped, and the
   * timer's output and state changes are already undone.
   *
   * @throws WeirException under {@code fail}
   */
  public void handleTimer(String task, long time, RecordProcessingException failure) {
    if (mode == ErrorHandling.FAIL) {
      throw new WeirException(
          "The timer for "
              + time
              + " failed in operator '"
              + failure.operator()
              + "' of task "
              + task
              + ". errors.handler=fail stops the worker.",
          failure.getCause());
    }
    skipped.increment();
    log.warn(
        "Dropped the output of the timer for {} that failed in operator '{}' of task {}: {}",
        time,
        failure.operator(),
        task,
        failure.getCause().toString());
  }

  private ProducerRecord<byte[], byte[]> deadLetter(
      ConsumerRecord<byte[], byte[]> record, String task, String operator, Throwable cause) {
    RecordHeaders headers = new RecordHeaders();
    for (Header header : record.headers()) {
      headers.add(header);
    }
    headers.add(SOURCE_TOPIC, utf8(record.topic()));
    headers.add(SOURCE_PARTITION, utf8(Integer.toString(record.partition())));
    headers.add(SOURCE_OFFSET, utf8(Long.toString(record.offset())));
    headers.add(SOURCE_TIMESTAMP, utf8(Long.toString(record.timestamp())));
    headers.add(OPERATOR, utf8(operator));
    headers.add(TASK, utf8(task));
    headers.add(EXCEPTION_CLASS, utf8(cause.getClass().getName()));
    String message = String.valueOf(cause.getMessage());
    byte[] messageBytes = utf8(message);
    if (messageBytes.length > MAX_MESSAGE_BYTES) {
      messageBytes = utf8(message.substring(0, Math.min(message.length(), MAX_MESSAGE_BYTES)));
    }
    headers.add(EXCEPTION_MESSAGE, messageBytes);
    // Stamped with the time of failure, not the record's own (kept in a header): a dead letter of
    // an old event must not fall to the topic's time retention at once.
    return new ProducerRecord<>(deadLetterTopic, null, null, record.key(), record.value(), headers);
  }

  private static String coordinates(ConsumerRecord<?, ?> record) {
    return record.topic() + "-" + record.partition() + "@" + record.offset();
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
