package dev.weir.internal.runtime.commit;

import dev.weir.internal.runtime.task.Task;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Commits every task of a thread at once. The commit is the checkpoint:
 *
 * <ol>
 *   <li>each task sends its pending state writes to its changelog topics (output records were
 *       sent as they were made);
 *   <li>the consumed offsets are added: to the transaction under exactly-once, committed by the
 *       consumer after all sends are acknowledged under at-least-once;
 *   <li>the transaction commits;
 *   <li>only then each task applies its pending writes to its local store, in one atomic batch
 *       with the changelog offsets they reach.
 * </ol>
 *
 * If a step fails, the pending writes stay out of the store, which therefore stays exactly at the
 * last commit; the thread then discards them and rewinds its input (see
 * {@code StreamThread#recover}).
 */
public final class Committer {

  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Committer.class);

  private final ThreadProducer producer;
  private final Consumer<byte[], byte[]> consumer;
  private final boolean transactional;
  private final RepartitionPurger purger;
  private final Timer latency;
  private final Counter commits;
  private final Counter failures;

  public Committer(
      ThreadProducer producer,
      Consumer<byte[], byte[]> consumer,
      boolean transactional,
      RepartitionPurger purger,
      Timer latency,
      Counter commits,
      Counter failures) {
    this.producer = producer;
    this.consumer = consumer;
    this.transactional = transactional;
    this.purger = purger;
    this.latency = latency;
    this.commits = commits;
    this.failures = failures;
  }

  /**
   * Commits the tasks that processed records since their last commit.
   *
   * @return false when there was nothing to commit
   * @throws org.apache.kafka.common.KafkaException when the commit did not go through
   */
  public boolean commit(Collection<Task> tasks) {
    List<Task> dirty = new ArrayList<>();
    for (Task task : tasks) {
      if (task.hasUncommitted()) {
        dirty.add(task);
      }
    }
    if (dirty.isEmpty()) {
      return false;
    }
    long started = System.nanoTime();
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    try {
      for (Task task : dirty) {
        task.sendChangelog(producer::send);
        offsets.putAll(task.offsetsToCommit());
      }
      producer.commit(offsets, consumer.groupMetadata());
      if (!transactional) {
        consumer.commitSync(offsets);
      }
    } catch (RuntimeException e) {
      failures.increment();
      throw e;
    }
    for (Task task : dirty) {
      task.committed();
    }
    purger.committed(offsets);
    if (log.isDebugEnabled()) {
      log.debug("Committed {} task(s) at offsets {}", dirty.size(), offsets);
    }
    commits.increment();
    latency.record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
    return true;
  }
}
