package dev.weir.examples;

import dev.weir.testkafka.TestKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * Reads an output topic ({@code read_committed}) on its own thread from the beginning, noting when
 * each record became visible, so a test can measure pauses in a task's output.
 */
final class OutputWatch extends Thread implements AutoCloseable {

  /** A record and the wall clock ({@link System#nanoTime}) when the watch saw it. */
  record Seen(ConsumerRecord<byte[], byte[]> record, long nanos) {}

  private final String topic;
  private final List<Seen> seen = new ArrayList<>();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private volatile boolean running = true;

  OutputWatch(String topic) {
    super("output-watch-" + topic);
    this.topic = topic;
    setDaemon(true);
  }

  @Override
  public void run() {
    try (KafkaConsumer<byte[], byte[]> consumer = TestKafka.consumer()) {
      TestKafka.assignFromBeginning(consumer, topic);
      while (running) {
        var records = consumer.poll(Duration.ofMillis(50));
        long now = System.nanoTime();
        synchronized (seen) {
          records.forEach(record -> seen.add(new Seen(record, now)));
        }
      }
    } catch (Throwable t) {
      failure.set(t);
    }
  }

  int count() {
    synchronized (seen) {
      return seen.size();
    }
  }

  /** Waits until at least {@code count} records were seen. */
  void awaitCount(int count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (count() < count) {
      if (failure.get() != null) {
        throw new AssertionError("Watching " + topic + " failed", failure.get());
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "Saw " + count() + " records in " + topic + " within " + timeout + ", not " + count);
      }
      Thread.sleep(50);
    }
  }

  List<ConsumerRecord<byte[], byte[]>> records() {
    synchronized (seen) {
      return seen.stream().map(Seen::record).toList();
    }
  }

  /**
   * The longest time, in ms, between [{@code fromNanos}, {@code toNanos}) during which none of
   * {@code partitions} showed a new record (the interval's edges count as sightings).
   */
  long longestGapMillis(Collection<Integer> partitions, long fromNanos, long toNanos) {
    long longest = 0;
    synchronized (seen) {
      for (int partition : partitions) {
        long last = fromNanos;
        for (Seen s : seen) {
          if (s.record().partition() != partition || s.nanos() < fromNanos || s.nanos() >= toNanos) {
            continue;
          }
          longest = Math.max(longest, s.nanos() - last);
          last = s.nanos();
        }
        longest = Math.max(longest, toNanos - last);
      }
    }
    return longest / 1_000_000;
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    join(10_000);
  }
}
