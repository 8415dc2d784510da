package dev.weir.bench.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

/** The admin operations of the runner: topics, end offsets, a group's committed offsets. */
final class BenchAdmin implements AutoCloseable {

  private final Admin admin;

  BenchAdmin(String bootstrapServers) {
    admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000));
  }

  /**
   * Creates {@code topic} and waits until every partition answers a list-offsets request: an
   * idempotent producer that writes right after creation can otherwise lose its first batch
   * (KAFKA-15591).
   */
  void createTopic(String topic, int partitions) throws Exception {
    admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      try {
        endOffsets(topic, partitions);
        return;
      } catch (ExecutionException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(100);
      }
    }
  }

  Map<TopicPartition, Long> endOffsets(String topic, int partitions) throws Exception {
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    for (int p = 0; p < partitions; p++) {
      request.put(new TopicPartition(topic, p), OffsetSpec.latest());
    }
    return endOffsets(request);
  }

  Map<TopicPartition, Long> endOffsets(Iterable<TopicPartition> partitions) throws Exception {
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    for (TopicPartition tp : partitions) {
      request.put(tp, OffsetSpec.latest());
    }
    return endOffsets(request);
  }

  private Map<TopicPartition, Long> endOffsets(Map<TopicPartition, OffsetSpec> request)
      throws Exception {
    Map<TopicPartition, Long> result = new HashMap<>();
    for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> e :
        admin.listOffsets(request).all().get().entrySet()) {
      result.put(e.getKey(), e.getValue().offset());
    }
    return result;
  }

  int partitionCount(String topic) throws Exception {
    return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
  }

  /** The committed offsets of {@code group}; empty before its first commit. */
  Map<TopicPartition, Long> committedOffsets(String group) throws Exception {
    Map<TopicPartition, Long> result = new HashMap<>();
    try {
      for (Map.Entry<TopicPartition, OffsetAndMetadata> e :
          admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().entrySet()) {
        if (e.getValue() != null) {
          result.put(e.getKey(), e.getValue().offset());
        }
      }
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof GroupIdNotFoundException)) {
        throw e;
      }
    }
    return result;
  }

  /**
   * How many partitions each member of {@code group} holds now (of every topic), largest first;
   * shows whether work moved to a new member.
   */
  List<Integer> partitionsPerMember(String group) throws Exception {
    List<Integer> sizes = new ArrayList<>();
    var description = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
    for (var member : description.members()) {
      sizes.add(member.assignment().topicPartitions().size());
    }
    sizes.sort(java.util.Comparator.reverseOrder());
    return sizes;
  }

  /**
   * The sum of the end offsets of every topic whose name starts with {@code prefix} and ends with
   * {@code -changelog}: the changelog records a run wrote (under exactly-once, plus one transaction
   * marker per partition per commit).
   */
  long changelogRecords(String prefix) throws Exception {
    List<String> changelogs = new ArrayList<>();
    for (String name : admin.listTopics().names().get()) {
      if (name.startsWith(prefix) && name.endsWith("-changelog")) {
        changelogs.add(name);
      }
    }
    long records = 0;
    for (String topic : changelogs) {
      for (long end : endOffsets(topic, partitionCount(topic)).values()) {
        records += end;
      }
    }
    return records;
  }

  /** Deletes every topic whose name starts with {@code prefix} (a run's output and internal topics). */
  void deleteTopicsStartingWith(String prefix) throws Exception {
    List<String> doomed = new ArrayList<>();
    for (String name : admin.listTopics().names().get()) {
      if (name.startsWith(prefix)) {
        doomed.add(name);
      }
    }
    if (!doomed.isEmpty()) {
      admin.deleteTopics(doomed).all().get();
    }
  }

  @Override
  public void close() {
    admin.close(Duration.ofSeconds(5));
  }
}
