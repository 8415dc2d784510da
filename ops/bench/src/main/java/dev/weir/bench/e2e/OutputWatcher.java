package dev.weir.bench.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads an output topic with a {@code read_committed} consumer from its beginning, on a thread of
 * its own, and notes when each output became visible: the time of the last one (the end of a
 * throughput run) and, when asked, the latency of each record (visible time minus the record's
 * timestamp, which every contender sets to the event time of the input it came from).
 */
final class OutputWatcher implements AutoCloseable {

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Thread thread;
  private final long[] latencies;
  private volatile boolean running = true;
  private volatile long count;
  private volatile long lastSeenMillis;
  private volatile long latencyFromMillis = Long.MAX_VALUE;
  private volatile long latencyUntilMillis = Long.MAX_VALUE;
  private volatile Throwable failure;
  private int latencyCount;
  private final List<Long> arrivals = new ArrayList<>();
  private final Map<Integer, List<Long>> partitionArrivals = new HashMap<>();
  private volatile boolean keepArrivals;

  /**
   * @param latencySlots how many latencies to keep at most (0 for throughput runs)
   */
  OutputWatcher(String bootstrapServers, String topic, int partitions, int latencySlots) {
    Map<String, Object> props = new HashMap<>();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    consumer = new KafkaConsumer<>(props);
    List<TopicPartition> assignment = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      assignment.add(new TopicPartition(topic, p));
    }
    consumer.assign(assignment);
    consumer.seekToBeginning(assignment);
    latencies = new long[latencySlots];
    thread = new Thread(this::run, "output-watcher-" + topic);
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    try {
      while (running) {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(20));
        if (records.isEmpty()) {
          continue;
        }
        long now = System.currentTimeMillis();
        if (now >= latencyFromMillis && now < latencyUntilMillis) {
          synchronized (this) {
            for (ConsumerRecord<byte[], byte[]> record : records) {
              if (latencyCount < latencies.length) {
                latencies[latencyCount++] = now - record.timestamp();
              }
            }
          }
        }
        count += records.count();
        lastSeenMillis = now;
        if (keepArrivals) {
          synchronized (this) {
            arrivals.add(now);
            for (TopicPartition partition : records.partitions()) {
              partitionArrivals.computeIfAbsent(partition.partition(), p -> new ArrayList<>()).add(now);
            }
          }
        }
      }
    } catch (WakeupException e) {
      // closing
    } catch (Throwable e) {
      failure = e;
    } finally {
      consumer.close(Duration.ofSeconds(2));
    }
  }

  /** Output records seen so far. */
  long count() {
    return count;
  }

  /** Wall-clock time when the latest output was seen, or 0 if none yet. */
  long lastSeenMillis() {
    return lastSeenMillis;
  }

  Throwable failure() {
    return failure;
  }

  /** Keeps the latencies of outputs seen in {@code [fromMillis, untilMillis)}. */
  void measureLatencyBetween(long fromMillis, long untilMillis) {
    latencyUntilMillis = untilMillis;
    latencyFromMillis = fromMillis;
  }

  /** From now on, notes the time of every poll that returned output (for {@link #longestGap}). */
  void keepArrivals() {
    keepArrivals = true;
  }

  /**
   * The longest time without new output within {@code [fromMillis, untilMillis]}, counting the
   * stretches from {@code fromMillis} to the first output and from the last one to
   * {@code untilMillis}; needs {@link #keepArrivals} called before {@code fromMillis}.
   */
  synchronized long longestGap(long fromMillis, long untilMillis) {
    return longestGap(arrivals, fromMillis, untilMillis);
  }

  /**
   * Like {@link #longestGap}, for each output partition on its own, and the longest of those: the
   * pause of the partitions whose work moved, which other partitions' output does not hide.
   */
  synchronized long longestPartitionGap(long fromMillis, long untilMillis) {
    long longest = 0;
    for (List<Long> times : partitionArrivals.values()) {
      longest = Math.max(longest, longestGap(times, fromMillis, untilMillis));
    }
    return longest;
  }

  static long longestGap(List<Long> times, long fromMillis, long untilMillis) {
    long previous = fromMillis;
    long longest = 0;
    for (long t : times) {
      if (t < fromMillis || t > untilMillis) {
        continue;
      }
      longest = Math.max(longest, t - previous);
      previous = t;
    }
    return Math.max(longest, untilMillis - previous);
  }

  /** The latencies kept so far, in ms, sorted. */
  synchronized long[] latencies() {
    long[] copy = java.util.Arrays.copyOf(latencies, latencyCount);
    java.util.Arrays.sort(copy);
    return copy;
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
