package dev.weir.internal.runtime.assign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.api.KafkaSource;
import dev.weir.api.Pipeline;
import dev.weir.api.functions.Collector;
import dev.weir.api.functions.KeyedProcessFunction;
import dev.weir.api.state.StateDescriptor;
import dev.weir.internal.runtime.plan.Plan;
import dev.weir.internal.runtime.plan.Planner;
import dev.weir.internal.runtime.task.TaskId;
import dev.weir.serde.Serdes;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.Assignment;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.GroupAssignment;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.GroupSubscription;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.RebalanceProtocol;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.Subscription;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskAssignorTest {

  private static final AssignmentSettings SETTINGS = new AssignmentSettings(0, 100, 2);

  private static Set<TaskId> ids(String... texts) {
    Set<TaskId> ids = new TreeSet<>();
    for (String text : texts) {
      ids.add(TaskId.parse(text));
    }
    return ids;
  }

  private static Map<String, Set<TaskId>> newMembers(int count) {
    Map<String, Set<TaskId>> previous = new TreeMap<>();
    for (int i = 0; i < count; i++) {
      previous.put("member-" + i, Set.of());
    }
    return previous;
  }

  private static AssignorContext context(
      Plan plan,
      String processId,
      Set<TaskId> standbys,
      LocalTasks local,
      AtomicReference<AssignmentInfo> received,
      Map<TopicPartition, Long> ends) {
    return new AssignorContext(
        plan,
        processId,
        plan.fingerprint(),
        SETTINGS,
        local,
        () -> standbys,
        received::set,
        partitions -> ends);
  }

  @Nested
  class Reports {

    @TempDir Path state;

    @Test
    void aMembersReportRoundTripsThroughItsSubscription() {
      Plan plan = coPartitionedPlan();
      LocalTasks local = new LocalTasks(state, true, Duration.ofMinutes(10));
      local.opened(TaskId.parse("0_3"), 120);
      TaskAssignor assignor = new TaskAssignor();
      assignor.configure(
          Map.of(
              TaskAssignor.CONTEXT_CONFIG,
              context(plan, "process-9", ids("1_2"), local, new AtomicReference<>(), Map.of())));

      ByteBuffer data = assignor.subscriptionUserData(Set.of("left", "right"));
      TaskAssignor.MemberReport report = TaskAssignor.MemberReport.decode(data);

      assertThat(report.processId()).isEqualTo("process-9");
      assertThat(report.fingerprint()).isEqualTo(plan.fingerprint());
      assertThat(report.standbys()).isEqualTo(ids("1_2"));
      assertThat(report.offsetSums()).isEqualTo(Map.of(TaskId.parse("0_3"), 120L));
      assertThat(data.position()).as("decoding leaves the buffer alone").isZero();
      assertThat(assignor.name()).isEqualTo("weir");
      assertThat(assignor.supportedProtocols()).containsExactly(RebalanceProtocol.COOPERATIVE);
    }

    @Test
    void closedStoresAreReportedFromTheirRecordedOffsets() {
      LocalTasks local = new LocalTasks(state, true, Duration.ofMinutes(10));
      state.resolve("0_1").toFile().mkdirs();
      local.opened(TaskId.parse("0_1"), 10);
      local.closed(TaskId.parse("0_1"), 75);

      assertThat(new LocalTasks(state, true, Duration.ofMinutes(10)).offsetSums())
          .as("read back by a new instance")
          .isEqualTo(Map.of(TaskId.parse("0_1"), 75L));

      local.opened(TaskId.parse("0_1"), 75);
      assertThat(new LocalTasks(state, true, Duration.ofMinutes(10)).offsetSums())
          .as("an open store leaves no record a crash could make stale")
          .isEmpty();
    }

    @Test
    void stateNoThreadHeldForTheDelayIsDeletedAndHeldStateIsNot() throws Exception {
      LocalTasks local = new LocalTasks(state, true, Duration.ofMinutes(10));
      for (String task : List.of("0_0", "0_1", "0_2")) {
        java.nio.file.Files.createDirectories(state.resolve(task));
        java.nio.file.Files.writeString(state.resolve(task).resolve("000001.sst"), "data");
        local.closed(TaskId.parse(task), 5);
      }
      assertThat(local.tryLock(TaskId.parse("0_2"), "a thread")).isTrue();
      java.nio.file.Files.createDirectories(state.resolve("not-a-task"));
      java.time.Instant now = java.time.Instant.now();

      assertThat(local.cleanUp(Duration.ofMinutes(10), now)).as("all changed just now").isEmpty();
      assertThat(local.cleanUp(Duration.ofMinutes(10), now.plus(Duration.ofMinutes(11))))
          .containsExactlyInAnyOrder(TaskId.parse("0_0"), TaskId.parse("0_1"));

      assertThat(state.resolve("0_0")).doesNotExist();
      assertThat(state.resolve("0_2").resolve("000001.sst")).exists();
      assertThat(state.resolve("not-a-task")).exists();
      assertThat(local.tryLock(TaskId.parse("0_0"), "a thread")).as("unlocked after").isTrue();
      assertThat(local.offsetSums()).containsOnlyKeys(TaskId.parse("0_2"));
    }

    @Test
    void reportsOfAnotherVersionAreNotRead() {
      assertThat(TaskAssignor.MemberReport.decode(null)).isNull();
      assertThat(TaskAssignor.MemberReport.decode(ByteBuffer.allocate(0))).isNull();
      assertThat(TaskAssignor.MemberReport.decode(ByteBuffer.allocate(2).putShort((short) 1).flip()))
          .isNull();
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

    @TempDir Path state;

    private Subscription subscription(
        Plan plan, String processId, Set<TaskId> running, Map<TaskId, Long> offsetSums) {
      List<TopicPartition> owned = new ArrayList<>();
      for (TaskId task : running) {
        for (String topic : plan.stages().get(task.stage()).inputTopics()) {
          owned.add(new TopicPartition(topic, task.partition()));
        }
      }
      ByteBuffer report =
          new TaskAssignor.MemberReport(plan.fingerprint(), processId, Set.of(), offsetSums)
              .encode();
      return new Subscription(
          List.of("left", "right", REPARTITION), report, owned, 3, Optional.empty());
    }

    private GroupSubscription subscriptions(Map<String, Set<TaskId>> previous) {
      Map<String, Subscription> subscriptions = new HashMap<>();
      Plan plan = coPartitionedPlan();
      previous.forEach(
          (member, held) ->
              subscriptions.put(member, subscription(plan, "process-" + member, held, Map.of())));
      return new GroupSubscription(subscriptions);
    }

    private GroupAssignment assignWith(
        Plan plan, Cluster cluster, GroupSubscription subscriptions, Map<TopicPartition, Long> ends) {
      TaskAssignor assignor = new TaskAssignor();
      assignor.configure(
          Map.of(
              TaskAssignor.CONTEXT_CONFIG,
              context(
                  plan,
                  "process-leader",
                  Set.of(),
                  new LocalTasks(state, true, Duration.ofMinutes(10)),
                  new AtomicReference<>(),
                  ends)));
      return assignor.assign(cluster, subscriptions);
    }

    private Map<String, List<TopicPartition>> assign(
        Cluster cluster, Map<String, Set<TaskId>> previous) {
      GroupAssignment assignment =
          assignWith(coPartitionedPlan(), cluster, subscriptions(previous), Map.of());
      Map<String, List<TopicPartition>> result = new TreeMap<>();
      for (Map.Entry<String, Assignment> entry : assignment.groupAssignment().entrySet()) {
        result.put(entry.getKey(), entry.getValue().partitions());
      }
      return result;
    }

    private AssignmentInfo received(Assignment assignment, Plan plan) {
      AtomicReference<AssignmentInfo> received = new AtomicReference<>();
      TaskAssignor member = new TaskAssignor();
      member.configure(
          Map.of(
              TaskAssignor.CONTEXT_CONFIG,
              context(
                  plan,
                  "p",
                  Set.of(),
                  new LocalTasks(state, true, Duration.ofMinutes(10)),
                  received,
                  Map.of())));
      member.onAssignment(assignment, new ConsumerGroupMetadata("app"));
      return received.get();
    }

    @Test
    void aMemberRunningAnotherPipelineIsRejectedWithAClearMessageAndTheOthersGetItsTasks() {
      Plan plan = coPartitionedPlan();
      Map<String, Subscription> subscriptions = new HashMap<>();
      subscriptions.put("good", subscription(plan, "instance-a", Set.of(), Map.of()));
      subscriptions.put(
          "other",
          new Subscription(
              List.of("left", "right", REPARTITION),
              new TaskAssignor.MemberReport("0123456789ab", "instance-b", Set.of(), Map.of())
                  .encode()));

      GroupAssignment assignment =
          assignWith(plan, fullCluster(), new GroupSubscription(subscriptions), Map.of());

      AssignmentInfo rejected = received(assignment.groupAssignment().get("other"), plan);
      assertThat(assignment.groupAssignment().get("other").partitions()).isEmpty();
      assertThat(rejected.error())
          .hasValueSatisfying(
              message ->
                  assertThat(message)
                      .contains("Instance instance-b runs pipeline 0123456789ab")
                      .contains("application 'app' runs pipeline " + plan.fingerprint())
                      .contains("give a different pipeline its own application.id"));
      assertThat(assignment.groupAssignment().get("good").partitions()).hasSize(3 * PARTITIONS);
      assertThat(received(assignment.groupAssignment().get("good"), plan).error()).isEmpty();
    }

    @Test
    void copiesWithinTheAcceptableLagOfTheChangelogsEndTakeTheirTasksOver() {
      Plan plan = statefulPlan();
      // Two states (counts and the process function's timers): 1,000 records on each partition
      // of the first, none on the second.
      Map<TopicPartition, Long> ends = new HashMap<>();
      for (int p = 0; p < 4; p++) {
        ends.put(new TopicPartition("app-counts-changelog", p), 1_000L);
        ends.put(new TopicPartition("app-count.timers-changelog", p), 0L);
      }
      assertThat(plan.stages().get(0).states()).hasSize(2);
      Map<String, Subscription> subscriptions = new HashMap<>();
      subscriptions.put(
          "old", subscription(plan, "instance-a", ids("0_0", "0_1", "0_2", "0_3"), Map.of()));
      // A copy of 0_0 at 950 is caught up (lag 50); one of 0_1 at 800 is not (lag 200).
      subscriptions.put(
          "new",
          subscription(
              plan,
              "instance-b",
              Set.of(),
              Map.of(TaskId.parse("0_0"), 950L, TaskId.parse("0_1"), 800L)));

      GroupAssignment assignment =
          assignWith(
              plan,
              cluster(Map.of("clicks", 4)),
              new GroupSubscription(subscriptions),
              ends);

      AssignmentInfo toNew = received(assignment.groupAssignment().get("new"), plan);
      assertThat(assignment.groupAssignment().get("old").partitions())
          .as("0_0 is given up for its warm copy; 0_1 stays until its copy catches up")
          .containsExactlyInAnyOrder(
              new TopicPartition("clicks", 1),
              new TopicPartition("clicks", 2),
              new TopicPartition("clicks", 3));
      assertThat(toNew.standbys()).contains(TaskId.parse("0_0"));
      assertThat(toNew.warmups()).contains(TaskId.parse("0_1"));
    }

    @Test
    void aTaskWhoseWholeChangelogIsWithinTheAcceptableLagMovesWithoutWarmingUp() {
      Plan plan = statefulPlan();
      Map<TopicPartition, Long> ends = new HashMap<>();
      for (int p = 0; p < 4; p++) {
        ends.put(new TopicPartition("app-counts-changelog", p), 60L);
        ends.put(new TopicPartition("app-count.timers-changelog", p), 0L);
      }
      Map<String, Subscription> subscriptions = new HashMap<>();
      subscriptions.put(
          "old", subscription(plan, "instance-a", ids("0_0", "0_1", "0_2", "0_3"), Map.of()));
      subscriptions.put("new", subscription(plan, "instance-b", Set.of(), Map.of()));

      GroupAssignment assignment =
          assignWith(plan, cluster(Map.of("clicks", 4)), new GroupSubscription(subscriptions), ends);

      assertThat(assignment.groupAssignment().get("old").partitions()).hasSize(2);
      AssignmentInfo toNew = received(assignment.groupAssignment().get("new"), plan);
      assertThat(toNew.warmups()).isEmpty();
      assertThat(toNew.standbys()).as("followed until the follow-up hands them over").hasSize(2);
    }

    @Test
    void withoutTheChangelogsEndsNoCopyCountsAsCaughtUp() {
      Plan plan = statefulPlan();
      Map<String, Subscription> subscriptions = new HashMap<>();
      subscriptions.put(
          "old", subscription(plan, "instance-a", ids("0_0", "0_1", "0_2", "0_3"), Map.of()));
      subscriptions.put(
          "new", subscription(plan, "instance-b", Set.of(), Map.of(TaskId.parse("0_0"), 999L)));
      TaskAssignor assignor = new TaskAssignor();
      assignor.configure(
          Map.of(
              TaskAssignor.CONTEXT_CONFIG,
              new AssignorContext(
                  plan,
                  "instance-a",
                  plan.fingerprint(),
                  SETTINGS,
                  new LocalTasks(state, true, Duration.ofMinutes(10)),
                  Set::of,
                  info -> {},
                  partitions -> {
                    throw new org.apache.kafka.common.errors.TimeoutException("no broker");
                  })));

      GroupAssignment assignment =
          assignor.assign(cluster(Map.of("clicks", 4)), new GroupSubscription(subscriptions));

      assertThat(assignment.groupAssignment().get("old").partitions()).hasSize(4);
      assertThat(received(assignment.groupAssignment().get("new"), plan).warmups()).hasSize(2);
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

  /** One stage reading the keyed topic clicks, with one state: counts. */
  private static Plan statefulPlan() {
    Pipeline pipeline = Pipeline.create();
    pipeline
        .keyedSource(KafkaSource.of("clicks", Serdes.string(), Serdes.string()))
        .process(
            "count",
            () ->
                new KeyedProcessFunction<String, String, String>() {
                  @Override
                  public void processElement(
                      String value, Context<String> context, Collector<String> out) {}
                },
            StateDescriptor.value("counts", Serdes.longs()));
    return Planner.plan(pipeline, "app");
  }
}
