package dev.weir.internal.runtime.topics;

import dev.weir.api.TopologyException;
import dev.weir.api.WeirException;
import dev.weir.api.state.StateDescriptor;
import dev.weir.internal.graph.Node;
import dev.weir.internal.graph.RepartitionNode;
import dev.weir.internal.graph.SinkNode;
import dev.weir.internal.graph.SourceNode;
import dev.weir.internal.runtime.plan.Plan;
import dev.weir.internal.runtime.plan.Stage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the topics of a plan ready before any thread starts: checks that source topics exist and
 * that each stage's topics are co-partitioned, then creates the internal topics (repartition,
 * changelog, dead letters) that are missing and checks the partition counts of those that exist.
 *
 * <p>Called once per worker start, on the starting thread.
 */
public final class TopicSetup {

  private static final Logger log = LoggerFactory.getLogger(TopicSetup.class);
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

  private final Admin admin;
  private final Plan plan;
  private final String deadLetterTopic;
  private final Optional<Short> replicationFactor;
  private final Map<String, Duration> retention = new HashMap<>();

  public TopicSetup(
      Admin admin, Plan plan, String deadLetterTopic, Optional<Short> replicationFactor) {
    this.admin = admin;
    this.plan = plan;
    this.deadLetterTopic = deadLetterTopic;
    this.replicationFactor = replicationFactor;
  }

  /**
   * @return the partition count (task count) of each stage, indexed by stage id
   * @throws TopologyException when a source topic is missing or topics are not co-partitioned
   */
  public int[] prepare() {
    int[] partitions = new int[plan.stages().size()];
    Map<String, Integer> internalTopics = new LinkedHashMap<>();
    retention.clear();
    for (Stage stage : plan.stages()) {
      if (stage.root() instanceof SourceNode source) {
        partitions[stage.id()] = sourcePartitions(source);
      } else {
        RepartitionNode repartition = (RepartitionNode) stage.root();
        partitions[stage.id()] =
            repartition.partitions().orElseGet(() -> partitions[plan.writerOf(repartition).id()]);
        internalTopics.put(repartition.topic(plan.applicationId()), partitions[stage.id()]);
      }
      for (StateDescriptor<?> state : stage.states()) {
        String topic = Stage.changelogTopic(plan.applicationId(), state.name());
        internalTopics.put(topic, partitions[stage.id()]);
        state.changelogRetention().ifPresent(duration -> retention.put(topic, duration));
      }
    }
    checkSinkTopics();
    ensureInternalTopics(internalTopics);
    return partitions;
  }

  private void checkSinkTopics() {
    Map<String, SinkNode> sinks = new LinkedHashMap<>();
    for (Stage stage : plan.stages()) {
      for (Node node : stage.nodes()) {
        if (node instanceof SinkNode sink) {
          sinks.putIfAbsent(sink.topic(), sink);
        }
      }
    }
    if (sinks.isEmpty()) {
      return;
    }
    Map<String, TopicDescription> existing = describe(List.copyOf(sinks.keySet()));
    for (Map.Entry<String, SinkNode> entry : sinks.entrySet()) {
      if (!existing.containsKey(entry.getKey())) {
        throw new TopologyException(
            "Sink "
                + entry.getValue()
                + " writes to topic '"
                + entry.getKey()
                + "', which does not exist on the brokers. Create it before starting (e.g."
                + " kafka-topics.sh --create --topic "
                + entry.getKey()
                + " --partitions N).");
      }
    }
  }

  private int sourcePartitions(SourceNode source) {
    Map<String, TopicDescription> descriptions = describe(source.topics());
    List<String> missing = new ArrayList<>();
    for (String topic : source.topics()) {
      if (!descriptions.containsKey(topic)) {
        missing.add(topic);
      }
    }
    if (!missing.isEmpty()) {
      throw new TopologyException(
          "Source "
              + source
              + " reads "
              + missing
              + ", which "
              + (missing.size() == 1 ? "does" : "do")
              + " not exist on the brokers. Create "
              + (missing.size() == 1 ? "it" : "them")
              + " before starting (e.g. kafka-topics.sh --create --topic "
              + missing.get(0)
              + " --partitions N).");
    }
    Map<String, Integer> counts = new LinkedHashMap<>();
    source.topics().forEach(t -> counts.put(t, descriptions.get(t).partitions().size()));
    if (counts.values().stream().distinct().count() > 1) {
      throw new TopologyException(
          "Source "
              + source
              + " reads topics that are not co-partitioned: "
              + counts
              + ". Partition p of each topic is read by one task, so they need the same number"
              + " of partitions: add partitions to the smaller topics or read them with separate"
              + " sources.");
    }
    return counts.values().iterator().next();
  }

  private void ensureInternalTopics(Map<String, Integer> wanted) {
    Map<String, Integer> all = new LinkedHashMap<>(wanted);
    all.putIfAbsent(deadLetterTopic, 1);
    Map<String, TopicDescription> existing = describe(List.copyOf(all.keySet()));
    List<NewTopic> toCreate = new ArrayList<>();
    for (Map.Entry<String, Integer> entry : all.entrySet()) {
      String topic = entry.getKey();
      TopicDescription description = existing.get(topic);
      if (description == null) {
        toCreate.add(newTopic(topic, entry.getValue()));
      } else if (wanted.containsKey(topic)
          && description.partitions().size() != entry.getValue()) {
        throw new TopologyException(
            "Internal topic '"
                + topic
                + "' has "
                + description.partitions().size()
                + " partitions, but its stage has "
                + entry.getValue()
                + " tasks. Did the input topics' partition counts change? Reset the application"
                + " (delete its internal topics and local state) to start it with the new"
                + " layout.");
      }
    }
    if (toCreate.isEmpty()) {
      return;
    }
    try {
      admin.createTopics(toCreate).all().get();
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new WeirException("Could not create internal topics " + names(toCreate), e);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new WeirException("Interrupted while creating internal topics", e);
    }
    log.info("Created internal topics {}", names(toCreate));
    awaitWritable(toCreate);
  }

  private NewTopic newTopic(String topic, int partitions) {
    NewTopic newTopic = new NewTopic(topic, Optional.of(partitions), replicationFactor);
    Map<String, String> configs = new HashMap<>();
    Duration kept = retention.get(topic);
    if (kept != null) {
      // Windowed state: compacted, and deleted once no window can need it any more.
      configs.put("cleanup.policy", "compact,delete");
      configs.put("retention.ms", Long.toString(kept.toMillis()));
    } else if (topic.endsWith("-changelog")) {
      configs.put("cleanup.policy", "compact");
    } else if (topic.endsWith("-repartition")) {
      // Records keep their event time, which may be older than any time retention: only the
      // purge after commit (RepartitionPurger) may delete them, once they are consumed.
      configs.put("retention.ms", "-1");
    }
    return newTopic.configs(configs);
  }

  /**
   * Waits until every partition of the new topics answers a list-offsets request. Producing right
   * after creating a topic can lose an idempotent producer's first batch (KAFKA-15591); once the
   * partitions answer, it does not.
   */
  private void awaitWritable(List<NewTopic> topics) {
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    for (NewTopic topic : topics) {
      for (int p = 0; p < topic.numPartitions(); p++) {
        request.put(new TopicPartition(topic.name(), p), OffsetSpec.latest());
      }
    }
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (true) {
      try {
        admin.listOffsets(request).all().get();
        return;
      } catch (ExecutionException e) {
        if (System.nanoTime() > deadline) {
          throw new WeirException(
              "Internal topics " + names(topics) + " were created but did not become ready", e);
        }
        sleep();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new WeirException("Interrupted while waiting for internal topics", e);
      }
    }
  }

  private Map<String, TopicDescription> describe(List<String> topics) {
    Map<String, TopicDescription> result = new HashMap<>();
    admin
        .describeTopics(topics)
        .topicNameValues()
        .forEach(
            (topic, future) -> {
              try {
                result.put(topic, future.get());
              } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                  throw new WeirException("Could not describe topic '" + topic + "'", e.getCause());
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new WeirException("Interrupted while describing topics", e);
              }
            });
    return result;
  }

  private static List<String> names(List<NewTopic> topics) {
    return topics.stream().map(NewTopic::name).toList();
  }

  private static void sleep() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new WeirException("Interrupted while waiting for internal topics", e);
    }
  }
}
