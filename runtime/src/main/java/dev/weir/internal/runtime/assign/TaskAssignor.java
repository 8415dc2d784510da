package dev.weir.internal.runtime.assign;

import dev.weir.internal.runtime.plan.Plan;
import dev.weir.internal.runtime.plan.Stage;
import dev.weir.internal.runtime.task.TaskId;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Configurable;
import org.apache.kafka.common.TopicPartition;

/**
 * Assigns whole tasks, not single partitions: partition {@code p} of every input topic of a
 * stage goes to one member. Tasks are spread evenly (no member has more than one task more than
 * another), and a task stays with the member that held it before when balance allows.
 * Deterministic: the same subscriptions give the same assignment.
 *
 * <p>Each member reports, in its subscription's user data, its process id and the tasks it held.
 * The assignment runs on the group leader only.
 */
public final class TaskAssignor implements ConsumerPartitionAssignor, Configurable {

  /** Consumer config key under which the worker passes its {@link AssignorContext}. */
  public static final String CONTEXT_CONFIG = "weir.internal.assignor.context";

  private static final short VERSION = 1;

  private AssignorContext context;

  @Override
  public void configure(Map<String, ?> configs) {
    Object value = configs.get(CONTEXT_CONFIG);
    if (!(value instanceof AssignorContext given)) {
      throw new IllegalStateException(
          "TaskAssignor needs an AssignorContext under " + CONTEXT_CONFIG + ", found " + value);
    }
    this.context = given;
  }

  @Override
  public String name() {
    return "weir";
  }

  @Override
  public ByteBuffer subscriptionUserData(Set<String> topics) {
    return encode(context.processId(), context.previousTasks().get());
  }

  @Override
  public GroupAssignment assign(Cluster metadata, GroupSubscription groupSubscription) {
    Map<String, Subscription> subscriptions = groupSubscription.groupSubscription();
    Map<String, Set<TaskId>> previous = new TreeMap<>();
    subscriptions.forEach(
        (member, subscription) -> previous.put(member, decodeTasks(subscription.userData())));
    List<TaskId> tasks = tasks(context.plan(), metadata);
    Map<String, Set<TaskId>> assigned = assignTasks(previous, tasks);
    Map<String, Assignment> result = new HashMap<>();
    assigned.forEach(
        (member, memberTasks) ->
            result.put(member, new Assignment(partitionsOf(context.plan(), memberTasks))));
    return new GroupAssignment(result);
  }

  /**
   * The balanced, sticky assignment of {@code tasks} to the members (keys of {@code previous},
   * with the tasks each held before).
   */
  static Map<String, Set<TaskId>> assignTasks(
      Map<String, Set<TaskId>> previous, List<TaskId> tasks) {
    List<String> members = new ArrayList<>(new TreeSet<>(previous.keySet()));
    Map<String, Set<TaskId>> assigned = new TreeMap<>();
    members.forEach(member -> assigned.put(member, new TreeSet<>()));
    if (members.isEmpty()) {
      return assigned;
    }
    // Balanced means every member has base tasks and `extra` of them one more.
    int base = tasks.size() / members.size();
    int extra = tasks.size() % members.size();
    Set<TaskId> open = new TreeSet<>(tasks);
    for (String member : members) {
      for (TaskId task : previous.get(member)) {
        if (assigned.get(member).size() < base && open.remove(task)) {
          assigned.get(member).add(task);
        }
      }
    }
    for (String member : members) {
      if (extra == 0) {
        break;
      }
      for (TaskId task : previous.get(member)) {
        if (open.remove(task)) {
          assigned.get(member).add(task);
          extra--;
          break;
        }
      }
    }
    for (TaskId task : open) {
      String least = members.get(0);
      for (String member : members) {
        if (assigned.get(member).size() < assigned.get(least).size()) {
          least = member;
        }
      }
      assigned.get(least).add(task);
    }
    return assigned;
  }

  private static List<TaskId> tasks(Plan plan, Cluster metadata) {
    List<TaskId> tasks = new ArrayList<>();
    for (Stage stage : plan.stages()) {
      Integer partitions = metadata.partitionCountForTopic(stage.inputTopics().get(0));
      if (partitions == null) {
        continue;
      }
      for (int p = 0; p < partitions; p++) {
        tasks.add(new TaskId(stage.id(), p));
      }
    }
    return tasks;
  }

  private static List<TopicPartition> partitionsOf(Plan plan, Set<TaskId> tasks) {
    List<TopicPartition> partitions = new ArrayList<>();
    for (TaskId task : tasks) {
      for (String topic : plan.stages().get(task.stage()).inputTopics()) {
        partitions.add(new TopicPartition(topic, task.partition()));
      }
    }
    return partitions;
  }

  @Override
  public void onAssignment(Assignment assignment, ConsumerGroupMetadata metadata) {}

  static ByteBuffer encode(String processId, Set<TaskId> tasks) {
    byte[] process = processId.getBytes(StandardCharsets.UTF_8);
    ByteBuffer buffer = ByteBuffer.allocate(2 + 4 + process.length + 4 + tasks.size() * 8);
    buffer.putShort(VERSION).putInt(process.length).put(process).putInt(tasks.size());
    for (TaskId task : tasks) {
      buffer.putInt(task.stage()).putInt(task.partition());
    }
    return buffer.flip();
  }

  static Set<TaskId> decodeTasks(ByteBuffer data) {
    Set<TaskId> tasks = new HashSet<>();
    if (data == null || data.remaining() < 2) {
      return tasks;
    }
    ByteBuffer buffer = data.duplicate();
    if (buffer.getShort() != VERSION) {
      return tasks;
    }
    int processIdLength = buffer.getInt();
    buffer.position(buffer.position() + processIdLength);
    int count = buffer.getInt();
    for (int i = 0; i < count; i++) {
      tasks.add(new TaskId(buffer.getInt(), buffer.getInt()));
    }
    return tasks;
  }
}
