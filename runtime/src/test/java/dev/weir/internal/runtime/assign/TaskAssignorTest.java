package dev.weir.internal.runtime.assign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.api.KafkaSource;
import dev.weir.api.Pipeline;
import dev.weir.api.functions.Collector;
import dev.weir.api.functions.KeyedProcessFunction;
import dev.weir.internal.runtime.plan.Plan;
import dev.weir.internal.runtime.plan.Planner;
import dev.weir.internal.runtime.task.TaskId;
import dev.weir.serde.Serdes;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.Assignment;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.GroupAssignment;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.GroupSubscription;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.Subscription;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TaskAssignorTest {

  private static List<TaskId> tasks(int stages, int partitions) {
    List<TaskId> tasks = new ArrayList<>();
    for (int stage = 0; stage < stages; stage++) {
      for (int p = 0; p < partitions; p++) {
        tasks.add(new TaskId(stage, p));
      }
    }
    return tasks;
  }

  private static Map<String, Set<TaskId>> newMembers(int count) {
    Map<String, Set<TaskId>> previous = new TreeMap<>();
    for (int i = 0; i < count; i++) {
      previous.put("member-" + i, Set.of());
    }
    return previous;
  }

  private static Set<TaskId> ids(String... texts) {
    Set<TaskId> ids = new HashSet<>();
    for (String text : texts) {
      ids.add(TaskId.parse(text));
    }
    return ids;
  }

  /** Every task exactly once, to a known member, and no member more than one task above another. */
  private static void assertValid(
      Map<String, Set<TaskId>> previous, List<TaskId> tasks, Map<String, Set<TaskId>> assigned) {
    assertThat(assigned.keySet()).isEqualTo(previous.keySet());
    List<TaskId> all = new ArrayList<>();
    assigned.values().forEach(all::addAll);
    assertThat(all).as("every task exactly once").containsExactlyInAnyOrderElementsOf(tasks);
    if (!assigned.isEmpty()) {
      int max = assigned.values().stream().mapToInt(Set::size).max().orElseThrow();
      int min = assigned.values().stream().mapToInt(Set::size).min().orElseThrow();
      assertThat(max - min).as("balance of %s", assigned).isLessThanOrEqualTo(1);
    }
  }

  /** Tasks that changed owner: assigned to a member that did not hold them before. */
  private static int moved(Map<String, Set<TaskId>> previous, Map<String, Set<TaskId>> assigned) {
    Map<TaskId, String> owner = new HashMap<>();
    previous.forEach((member, held) -> held.forEach(task -> owner.putIfAbsent(task, member)));
    int moved = 0;
    for (Map.Entry<String, Set<TaskId>> entry : assigned.entrySet()) {
      for (TaskId task : entry.getValue()) {
        if (owner.containsKey(task) && !owner.get(task).equals(entry.getKey())) {
          moved++;
        }
      }
    }
    return moved;
  }

  @Nested
  class AssignTasks {

    @ParameterizedTest(name = "{0} members, {1} stages x {2} partitions")
    @CsvSource({
      "1, 1, 1", "1, 2, 4", "2, 1, 1", "2, 1, 4", "2, 3, 3", "3, 1, 4", "3, 2, 4", "3, 3, 8",
      "4, 1, 3", "4, 2, 6", "5, 2, 12", "7, 3, 5", "10, 1, 4", "6, 4, 16"
    })
    void aNewGroupIsBalancedAndEveryTaskAssignedOnce(int members, int stages, int partitions) {
      Map<String, Set<TaskId>> previous = newMembers(members);
      List<TaskId> tasks = tasks(stages, partitions);

      Map<String, Set<TaskId>> assigned = TaskAssignor.assignTasks(previous, tasks);

      assertValid(previous, tasks, assigned);
    }

    @Test
    void noMembersGetsAnEmptyAssignment() {
      assertThat(TaskAssignor.assignTasks(Map.of(), tasks(1, 4))).isEmpty();
    }

    @Test
    void noTasksGivesEveryMemberNothing() {
      Map<String, Set<TaskId>> assigned = TaskAssignor.assignTasks(newMembers(3), List.of());

      assertThat(assigned).hasSize(3).allSatisfy((member, held) -> assertThat(held).isEmpty());
    }

    @Test
    void aBalancedPreviousAssignmentIsKeptAsItIs() {
      Map<String, Set<TaskId>> previous = new TreeMap<>();
      previous.put("a", ids("0_0", "0_3", "1_1"));
      previous.put("b", ids("0_1", "1_0", "1_3"));
      previous.put("c", ids("0_2", "1_2"));

      Map<String, Set<TaskId>> assigned = TaskAssignor.assignTasks(previous, tasks(2, 4));

      assertThat(assigned).isEqualTo(previous);
    }

    @Test
    void whenAMemberLeavesOnlyItsTasksMove() {
      Map<String, Set<TaskId>> before = new TreeMap<>();
      before.put("a", ids("0_0", "0_1"));
      before.put("b", ids("0_2", "0_3"));
      before.put("c", ids("0_4", "0_5"));
      Map<String, Set<TaskId>> previous = new TreeMap<>(before);
      previous.remove("c");

      Map<String, Set<TaskId>> assigned = TaskAssignor.assignTasks(previous, tasks(1, 6));

      assertValid(previous, tasks(1, 6), assigned);
      assertThat(assigned.get("a")).containsAll(before.get("a")).hasSize(3);
      assertThat(assigned.get("b")).containsAll(before.get("b")).hasSize(3);
    }

    @Test
    void whenAMemberJoinsOnlyAsManyTasksMoveAsItNeeds() {
      Map<String, Set<TaskId>> previous = new TreeMap<>();
      previous.put("a", ids("0_0", "0_1", "0_2"));
      previous.put("b", ids("0_3", "0_4", "0_5"));
      previous.put("c", Set.of());

      Map<String, Set<TaskId>> assigned = TaskAssignor.assignTasks(previous, tasks(1, 6));

      assertValid(previous, tasks(1, 6), assigned);
      assertThat(assigned.get("c")).hasSize(2);
      assertThat(moved(previous, assigned)).isEqualTo(2);
      assertThat(previous.get("a")).containsAll(assigned.get("a"));
      assertThat(previous.get("b")).containsAll(assigned.get("b"));
    }

    /**
     * 4 tasks over 3 members: 2, 1, 1. The two old members each held 2 (their capacity, ceil(4/3)),
     * so the sticky pass lets both keep 2 and the new member gets none: 2, 2, 0. Only one member
     * may keep the extra task.
     */
    @Test
    void aMemberJoiningAGroupWhoseMembersAreFullStillGetsItsShare() {
      Map<String, Set<TaskId>> previous = new TreeMap<>();
      previous.put("a", ids("0_0", "0_1"));
      previous.put("b", ids("0_2", "0_3"));
      previous.put("c", Set.of());

      Map<String, Set<TaskId>> assigned = TaskAssignor.assignTasks(previous, tasks(1, 4));

      assertValid(previous, tasks(1, 4), assigned);
      assertThat(assigned.get("c")).hasSize(1);
      assertThat(moved(previous, assigned)).isEqualTo(1);
    }

    /** Random groups, random previous assignments: balance and exactly-once must always hold. */
    @Test
    void anyPreviousAssignmentGivesABalancedOne() {
      Random random = new Random(42);
      for (int round = 0; round < 500; round++) {
        int memberCount = 1 + random.nextInt(6);
        List<TaskId> tasks = tasks(1 + random.nextInt(3), 1 + random.nextInt(8));
        Map<String, Set<TaskId>> previous = new TreeMap<>();
        for (int m = 0; m < memberCount; m++) {
          Set<TaskId> held = new HashSet<>();
          for (TaskId task : tasks) {
            if (random.nextInt(memberCount + 1) == 0) {
              held.add(task);
            }
          }
          previous.put("m" + m, held);
        }

        Map<String, Set<TaskId>> assigned = TaskAssignor.assignTasks(previous, tasks);

        assertValid(previous, tasks, assigned);
      }
    }

    @Test
    void tasksThatNoLongerExistAreIgnored() {
      Map<String, Set<TaskId>> previous = new TreeMap<>();
      previous.put("a", ids("0_0", "0_7", "5_0"));
      previous.put("b", ids("0_1"));

      Map<String, Set<TaskId>> assigned = TaskAssignor.assignTasks(previous, tasks(1, 2));

      assertThat(assigned).containsEntry("a", ids("0_0")).containsEntry("b", ids("0_1"));
    }

    @Test
    void aTaskClaimedByTwoMembersIsAssignedOnce() {
      Map<String, Set<TaskId>> previous = new TreeMap<>();
      previous.put("a", ids("0_0", "0_1"));
      previous.put("b", ids("0_1", "0_2"));

      Map<String, Set<TaskId>> assigned = TaskAssignor.assignTasks(previous, tasks(1, 4));

      assertValid(previous, tasks(1, 4), assigned);
      assertThat(assigned.get("a")).contains(TaskId.parse("0_0"));
      assertThat(assigned.get("b")).contains(TaskId.parse("0_2"));
    }

    @Test
    void theSameInputGivesTheSameOutputWhateverTheMapOrder() {
      List<TaskId> tasks = tasks(3, 5);
      Map<String, Set<TaskId>> sorted = new TreeMap<>();
      sorted.put("a", new LinkedHashSet<>(List.of(TaskId.parse("0_1"), TaskId.parse("2_4"))));
      sorted.put("b", new LinkedHashSet<>(List.of(TaskId.parse("1_1"))));
      sorted.put("c", new LinkedHashSet<>());
      sorted.put("d", new LinkedHashSet<>(List.of(TaskId.parse("0_0"), TaskId.parse("0_2"))));
      Map<String, Set<TaskId>> reversed = new LinkedHashMap<>();
      List<String> keys = new ArrayList<>(sorted.keySet());
      Collections.reverse(keys);
      for (String key : keys) {
        List<TaskId> held = new ArrayList<>(sorted.get(key));
        Collections.reverse(held);
        reversed.put(key, new LinkedHashSet<>(held));
      }
      List<TaskId> shuffled = new ArrayList<>(tasks);
      Collections.shuffle(shuffled, new Random(7));

      Map<String, Set<TaskId>> first = TaskAssignor.assignTasks(sorted, tasks);
      Map<String, Set<TaskId>> second = TaskAssignor.assignTasks(sorted, tasks);
      Map<String, Set<TaskId>> reordered = TaskAssignor.assignTasks(reversed, shuffled);

      assertThat(second).isEqualTo(first);
      assertThat(reordered).isEqualTo(first);
      assertValid(sorted, tasks, first);
    }
  }

  @Nested
  class UserData {

    @Test
    void tasksRoundTrip() {
      Set<TaskId> tasks = ids("0_0", "0_5", "3_2", "12_100");

      assertThat(TaskAssignor.decodeTasks(TaskAssignor.encode("process-1", tasks)))
          .isEqualTo(tasks);
    }

    @Test
    void noTasksRoundTrip() {
      assertThat(TaskAssignor.decodeTasks(TaskAssignor.encode("p", Set.of()))).isEmpty();
    }

    @Test
    void aNonAsciiProcessIdIsSkippedCorrectly() {
      Set<TaskId> tasks = ids("1_1");

      assertThat(TaskAssignor.decodeTasks(TaskAssignor.encode("prozeß-日本", tasks)))
          .isEqualTo(tasks);
    }

    /** Workers use a UUID from their state directory as process id. */
    @Test
    void aUuidProcessIdRoundTrips() {
      Set<TaskId> tasks = ids("0_1", "1_1");

      assertThat(
              TaskAssignor.decodeTasks(
                  TaskAssignor.encode("6f1c0c4e-2b7a-4d55-9a53-0c3d1f2e8b9a", tasks)))
          .isEqualTo(tasks);
    }

    @Test
    void decodingDoesNotMoveTheBuffer() {
      ByteBuffer data = TaskAssignor.encode("p", ids("0_1"));
      int position = data.position();

      TaskAssignor.decodeTasks(data);

      assertThat(data.position()).isEqualTo(position);
      assertThat(TaskAssignor.decodeTasks(data)).isEqualTo(ids("0_1"));
    }

    @Test
    void missingOrForeignUserDataMeansNoPreviousTasks() {
      assertThat(TaskAssignor.decodeTasks(null)).isEmpty();
      assertThat(TaskAssignor.decodeTasks(ByteBuffer.allocate(0))).isEmpty();
      assertThat(TaskAssignor.decodeTasks(ByteBuffer.wrap(new byte[] {7}))).isEmpty();
      ByteBuffer otherVersion = ByteBuffer.allocate(14).putShort((short) 2).putInt(0).putInt(1);
      assertThat(TaskAssignor.decodeTasks(otherVersion.flip())).isEmpty();
    }

    @Test
    void subscriptionUserDataCarriesTheContextsPreviousTasks() {
      TaskAssignor assignor = new TaskAssignor();
      Set<TaskId> held = ids("0_2", "1_0");
      assignor.configure(
          Map.of(
              TaskAssignor.CONTEXT_CONFIG,
              new AssignorContext(coPartitionedPlan(), "process-9", () -> held)));

      ByteBuffer data = assignor.subscriptionUserData(Set.of("left", "right"));

      assertThat(TaskAssignor.decodeTasks(data)).isEqualTo(held);
      assertThat(assignor.name()).isEqualTo("weir");
    }

    @Test
    void configureWithoutAContextNamesTheKey() {
      assertThatThrownBy(() -> new TaskAssignor().configure(Map.of("other", 1)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage(
              "TaskAssignor needs an AssignorContext under weir.internal.assignor.context,"
                  + " found null");
    }
  }

  @Nested
  class GroupAssign {

    private static final int PARTITIONS = 6;
    private static final String REPARTITION = "app-by-key-repartition";

    private Cluster cluster(Map<String, Integer> partitionCounts) {
      Node broker = new Node(0, "localhost", 9092);
      List<PartitionInfo> partitions = new ArrayList<>();
      partitionCounts.forEach(
          (topic, count) -> {
            for (int p = 0; p < count; p++) {
              partitions.add(
                  new PartitionInfo(topic, p, broker, new Node[] {broker}, new Node[] {broker}));
            }
          });
      return new Cluster("cluster", List.of(broker), partitions, Set.of(), Set.of());
    }

    private GroupSubscription subscriptions(Map<String, Set<TaskId>> previous) {
      Map<String, Subscription> subscriptions = new HashMap<>();
      previous.forEach(
          (member, held) ->
              subscriptions.put(
                  member,
                  new Subscription(
                      List.of("left", "right", REPARTITION),
                      TaskAssignor.encode("process-" + member, held))));
      return new GroupSubscription(subscriptions);
    }

    private Map<String, List<TopicPartition>> assign(
        Cluster cluster, Map<String, Set<TaskId>> previous) {
      TaskAssignor assignor = new TaskAssignor();
      assignor.configure(
          Map.of(
              TaskAssignor.CONTEXT_CONFIG,
              new AssignorContext(coPartitionedPlan(), "process-0", Set::of)));
      GroupAssignment assignment = assignor.assign(cluster, subscriptions(previous));
      Map<String, List<TopicPartition>> result = new TreeMap<>();
      for (Map.Entry<String, Assignment> entry : assignment.groupAssignment().entrySet()) {
        result.put(entry.getKey(), entry.getValue().partitions());
      }
      return result;
    }

    private Cluster fullCluster() {
      return cluster(Map.of("left", PARTITIONS, "right", PARTITIONS, REPARTITION, PARTITIONS));
    }

    @Test
    void partitionPOfCoPartitionedTopicsAlwaysGoesToOneMember() {
      for (int members = 1; members <= 5; members++) {
        Map<String, List<TopicPartition>> result = assign(fullCluster(), newMembers(members));

        assertThat(result).hasSize(members);
        for (int p = 0; p < PARTITIONS; p++) {
          TopicPartition left = new TopicPartition("left", p);
          TopicPartition right = new TopicPartition("right", p);
          String leftOwner = ownerOf(result, left);
          assertThat(ownerOf(result, right))
              .as("owner of %s with %d members", right, members)
              .isEqualTo(leftOwner);
        }
      }
    }

    @Test
    void everyPartitionOfEveryInputTopicIsAssignedExactlyOnceInBalancedTasks() {
      Map<String, List<TopicPartition>> result = assign(fullCluster(), newMembers(4));

      List<TopicPartition> all = new ArrayList<>();
      result.values().forEach(all::addAll);
      List<TopicPartition> expected = new ArrayList<>();
      for (String topic : List.of("left", "right", REPARTITION)) {
        for (int p = 0; p < PARTITIONS; p++) {
          expected.add(new TopicPartition(topic, p));
        }
      }
      assertThat(all).containsExactlyInAnyOrderElementsOf(expected);
      // 12 tasks (6 of stage 0 with two partitions each, 6 of stage 1 with one) over 4 members.
      for (List<TopicPartition> partitions : result.values()) {
        long tasks =
            partitions.stream().filter(tp -> !tp.topic().equals("right")).count();
        assertThat(tasks).isEqualTo(3);
      }
    }

    @Test
    void previousOwnersKeepTheirTasks() {
      Map<String, Set<TaskId>> previous = new TreeMap<>();
      previous.put("a", ids("0_0", "0_1", "1_5"));
      previous.put("b", ids("0_2", "0_3", "1_4"));
      previous.put("c", ids("0_4", "0_5", "1_0", "1_1", "1_2", "1_3"));

      Map<String, List<TopicPartition>> result = assign(fullCluster(), previous);

      assertThat(result.get("a"))
          .contains(
              new TopicPartition("left", 0),
              new TopicPartition("right", 0),
              new TopicPartition("left", 1),
              new TopicPartition("right", 1),
              new TopicPartition(REPARTITION, 5));
      assertThat(result.get("b"))
          .contains(new TopicPartition("left", 2), new TopicPartition("right", 3));
    }

    @Test
    void aStageWhoseTopicDoesNotExistYetGetsNoTasks() {
      Map<String, List<TopicPartition>> result =
          assign(cluster(Map.of("left", PARTITIONS, "right", PARTITIONS)), newMembers(2));

      assertThat(result.values())
          .allSatisfy(
              partitions ->
                  assertThat(partitions).noneMatch(tp -> tp.topic().equals(REPARTITION)));
      assertThat(result.values().stream().mapToInt(List::size).sum()).isEqualTo(2 * PARTITIONS);
    }

    private String ownerOf(Map<String, List<TopicPartition>> result, TopicPartition partition) {
      List<String> owners =
          result.entrySet().stream()
              .filter(entry -> entry.getValue().contains(partition))
              .map(Map.Entry::getKey)
              .toList();
      assertThat(owners).as("owners of %s", partition).hasSize(1);
      return owners.get(0);
    }
  }

  /** Stage 0 reads the co-partitioned topics left and right; stage 1 the repartition topic. */
  private static Plan coPartitionedPlan() {
    Pipeline pipeline = Pipeline.create();
    pipeline
        .source(KafkaSource.of(List.of("left", "right"), Serdes.string(), Serdes.string()))
        .keyBy(v -> v, Serdes.string())
        .named("by-key")
        .process(
            "p",
            () ->
                new KeyedProcessFunction<String, String, String>() {
                  @Override
                  public void processElement(
                      String value, Context<String> context, Collector<String> out) {}
                });
    Plan plan = Planner.plan(pipeline, "app");
    assertThat(plan.stages().get(0).inputTopics()).containsExactly("left", "right");
    assertThat(plan.stages().get(1).inputTopics()).containsExactly("app-by-key-repartition");
    return plan;
  }
}
