package dev.weir.internal.runtime.commit;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes repartition records once they are consumed and committed. Repartition topics keep
 * records without time retention (their timestamps are event times, possibly old), so without
 * this they would grow forever. Deletion is asynchronous and at most once per interval; a failed
 * deletion is retried with the next one.
 *
 * <p>One per processing thread; called on that thread after each successful commit.
 */
public final class RepartitionPurger {

  private static final Logger log = LoggerFactory.getLogger(RepartitionPurger.class);

  private final Admin admin;
  private final long intervalNanos;
  private final Map<TopicPartition, Long> committed = new HashMap<>();
  private long lastPurge = System.nanoTime();

  public RepartitionPurger(Admin admin, Duration interval) {
    this.admin = admin;
    this.intervalNanos = interval.toNanos();
  }

  /** Notes committed offsets; purges what is due. */
  public void committed(Map<TopicPartition, OffsetAndMetadata> offsets) {
    offsets.forEach(
        (partition, offset) -> {
          if (partition.topic().endsWith("-repartition")) {
            committed.put(partition, offset.offset());
          }
        });
    if (committed.isEmpty() || System.nanoTime() - lastPurge < intervalNanos) {
      return;
    }
    lastPurge = System.nanoTime();
    Map<TopicPartition, RecordsToDelete> request = new HashMap<>();
    committed.forEach(
        (partition, offset) -> request.put(partition, RecordsToDelete.beforeOffset(offset)));
    committed.clear();
    admin
        .deleteRecords(request)
        .all()
        .whenComplete(
            (ignored, error) -> {
              if (error != null) {
                log.debug("Purging consumed repartition records failed; will retry", error);
              }
            });
  }
}
