package dev.weir.internal.runtime.assign;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.internal.runtime.assign.TaskPlacement.Member;
import dev.weir.internal.runtime.assign.TaskPlacement.Placement;
import dev.weir.internal.runtime.task.TaskId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TaskPlacementTest {

  private static final AssignmentSettings NO_COPIES = new AssignmentSettings(0, 100, 2);

  private static List<TaskId> tasks(int stages, int partitions) {
    List<TaskId> tasks = new ArrayList<>();
    for (int stage = 0; stage < stages; stage++) {
      for (int p = 0; p < partitions; p++) {
        tasks.add(new TaskId(stage, p));
      }
    }
    return tasks;
  }

  private static Set<TaskId> ids(String... texts) {
    Set<TaskId> ids = new TreeSet<>();
    for (String text : texts) {
      ids.add(TaskId.parse(text));
    }
    return ids;
  }

  private static Member member(String id, String process, Set<TaskId> active) {
    return new Member(id, process, active, Set.of());
  }

  /** {@code count} new single-thread instances p0, p1, ... with members m0, m1, ... */
  private static List<Member> newInstances(int count) {
    List<Member> members = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      members.add(member("m" + i, "p" + i, Set.of()));
    }
    return members;
  }

  private static Map<TaskId, String> activeOwners(Map<String, Placement> result) {
    Map<TaskId, String> owners = new TreeMap<>();
    result.forEach(
        (member, placement) ->
            placement.active().forEach(task -> assertThat(owners.put(task, member)).isNull()));
    return owners;
  }

  /** Every task once, and no member more than one task above another. */
  private static void assertBalanced(List<TaskId> tasks, Map<String, Placement> result) {
    assertThat(activeOwners(result).keySet()).containsExactlyInAnyOrderElementsOf(tasks);
    int max = result.values().stream().mapToInt(p -> p.active().size()).max().orElseThrow();
    int min = result.values().stream().mapToInt(p -> p.active().size()).min().orElseThrow();
    assertThat(max - min).as("balance of %s", result).isLessThanOrEqualTo(1);
  }

  /** What the members run after a placement that moved nothing cooperatively. */
  private static List<Member> after(List<Member> members, Map<String, Placement> result) {
    List<Member> next = new ArrayList<>();
    for (Member member : members) {
      Placement placement = result.get(member.memberId());
      Set<TaskId> copies = new TreeSet<>(placement.standby());
      copies.addAll(placement.warmup());
      next.add(new Member(member.memberId(), member.processId(), placement.active(), copies));
    }
    return next;
  }

  @ParameterizedTest(name = "{0} instances, {1} stages x {2} partitions")
  @CsvSource({"1,1,6", "2,1,6", "3,2,6", "4,2,6", "5,1,3", "7,3,8", "6,1,2"})
  void newInstancesGetBalancedShares(int instances, int stages, int partitions) {
    List<TaskId> tasks = tasks(stages, partitions);

    Map<String, Placement> result =
        TaskPlacement.place(newInstances(instances), Map.of(), tasks, Set.of(), NO_COPIES);

    assertBalanced(tasks, result);
  }

  @Test
  void instancesWithMoreThreadsGetProportionallyMoreTasksSpreadOverTheirThreads() {
    List<Member> members =
        List.of(
            member("a1", "a", Set.of()),
            member("a2", "a", Set.of()),
            member("a3", "a", Set.of()),
            member("b1", "b", Set.of()));
    List<TaskId> tasks = tasks(1, 12);

    Map<String, Placement> result =
        TaskPlacement.place(members, Map.of(), tasks, Set.of(), NO_COPIES);

    assertBalanced(tasks, result);
    assertThat(result.get("b1").active()).hasSize(3);
  }

  @Test
  void aJoiningInstanceTakesOnlyWhatItNeedsAndNoOtherTaskMoves() {
    List<TaskId> tasks = tasks(1, 6);
    List<Member> two =
        List.of(member("m0", "p0", ids("0_0", "0_1", "0_2")), member("m1", "p1", ids("0_3", "0_4", "0_5")));
    List<Member> three = new ArrayList<>(two);
    three.add(member("m2", "p2", Set.of()));

    Map<String, Placement> result = TaskPlacement.place(three, Map.of(), tasks, Set.of(), NO_COPIES);

    // Stateless tasks move directly, in two steps: given up now, taken in the follow-up.
    assertThat(ids("0_0", "0_1", "0_2")).containsAll(result.get("m0").active());
    assertThat(ids("0_3", "0_4", "0_5")).containsAll(result.get("m1").active());
    assertThat(result.get("m0").active()).hasSize(2);
    assertThat(result.get("m1").active()).hasSize(2);
    assertThat(result.get("m2").active()).as("still owned by others this round").isEmpty();

    Map<String, Placement> followUp =
        TaskPlacement.place(after(three, result), Map.of(), tasks, Set.of(), NO_COPIES);

    assertBalanced(tasks, followUp);
    assertThat(followUp.get("m0").active()).isEqualTo(result.get("m0").active());
    assertThat(followUp.get("m1").active()).isEqualTo(result.get("m1").active());
  }

  @Test
  void tasksOfALeavingInstanceAreSpreadOverTheOthersWhoKeepTheirOwn() {
    List<TaskId> tasks = tasks(1, 6);
    List<Member> members =
        List.of(member("m0", "p0", ids("0_0", "0_1")), member("m2", "p2", ids("0_4", "0_5")));

    Map<String, Placement> result =
        TaskPlacement.place(members, Map.of(), tasks, Set.of(), NO_COPIES);

    assertBalanced(tasks, result);
    assertThat(result.get("m0").active()).containsAll(ids("0_0", "0_1"));
    assertThat(result.get("m2").active()).containsAll(ids("0_4", "0_5"));
  }

  @Test
  void withinAnInstanceATaskMovingToAnotherThreadIsHandedOverCooperatively() {
    List<TaskId> tasks = tasks(1, 4);
    Set<TaskId> stateful = new TreeSet<>(tasks);
    List<Member> members =
        List.of(
            member("a1", "a", ids("0_0", "0_1", "0_2", "0_3")), member("a2", "a", Set.of()));

    Map<String, Placement> result =
        TaskPlacement.place(members, Map.of(), tasks, stateful, NO_COPIES);

    assertThat(result.get("a1").active()).hasSize(2);
    assertThat(result.get("a2").active()).isEmpty();
    Set<TaskId> given = new TreeSet<>(tasks);
    given.removeAll(result.get("a1").active());
    assertThat(result.get("a2").standby())
        .as("the new thread follows what it will run after the follow-up")
        .isEqualTo(given);
  }

  @Test
  void standbysNeverShareAnInstanceWithTheirActiveAndSpreadAcrossTheOthers() {
    List<Member> members =
        List.of(
            member("a1", "a", Set.of()),
            member("a2", "a", Set.of()),
            member("b1", "b", Set.of()),
            member("c1", "c", Set.of()));
    List<TaskId> tasks = tasks(2, 6);
    Set<TaskId> stateful = new TreeSet<>(tasks);

    Map<String, Placement> result =
        TaskPlacement.place(members, Map.of(), tasks, stateful, new AssignmentSettings(2, 100, 2));

    Map<String, String> processOf =
        Map.of("a1", "a", "a2", "a", "b1", "b", "c1", "c");
    Map<TaskId, String> activeProcess = new HashMap<>();
    activeOwners(result).forEach((task, member) -> activeProcess.put(task, processOf.get(member)));
    Map<TaskId, List<String>> standbyProcesses = new TreeMap<>();
    result.forEach(
        (member, placement) ->
            placement
                .standby()
                .forEach(
                    task ->
                        standbyProcesses
                            .computeIfAbsent(task, t -> new ArrayList<>())
                            .add(processOf.get(member))));
    for (TaskId task : tasks) {
      assertThat(standbyProcesses.get(task))
          .as("standbys of %s", task)
          .hasSize(2)
          .doesNotHaveDuplicates()
          .doesNotContain(activeProcess.get(task));
    }
    assertThat(result.values()).allSatisfy(p -> assertThat(p.warmup()).isEmpty());
  }

  @Test
  void stateLessTasksGetNoStandbys() {
    Map<String, Placement> result =
        TaskPlacement.place(
            newInstances(3), Map.of(), tasks(1, 6), Set.of(), new AssignmentSettings(1, 100, 2));

    assertThat(result.values()).allSatisfy(p -> assertThat(p.standby()).isEmpty());
  }

  @Test
  void moreStandbysThanOtherInstancesGivesOnePerOtherInstance() {
    List<TaskId> tasks = tasks(1, 2);
    Map<String, Placement> result =
        TaskPlacement.place(
            newInstances(2), Map.of(), tasks, new TreeSet<>(tasks), new AssignmentSettings(3, 100, 2));

    assertThat(result.get("m0").standby()).isEqualTo(result.get("m1").active());
    assertThat(result.get("m1").standby()).isEqualTo(result.get("m0").active());
  }

  @Test
  void aJoiningInstanceWithoutStateWarmsUpWhileTheOwnersKeepTheirTasks() {
    List<TaskId> tasks = tasks(1, 6);
    Set<TaskId> stateful = new TreeSet<>(tasks);
    List<Member> members =
        List.of(
            member("m0", "p0", ids("0_0", "0_1", "0_2", "0_3", "0_4", "0_5")),
            member("m1", "p1", Set.of()));

    Map<String, Placement> result =
        TaskPlacement.place(members, Map.of(), tasks, stateful, new AssignmentSettings(0, 100, 2));

    assertThat(result.get("m0").active()).as("nothing moves before it is warm").hasSize(6);
    assertThat(result.get("m1").active()).isEmpty();
    assertThat(result.get("m1").warmup()).as("bounded by max.warmup.replicas").hasSize(2);
    assertThat(result.get("m1").standby()).isEmpty();
  }

  @Test
  void aWarmCopyTakesItsTaskOver() {
    List<TaskId> tasks = tasks(1, 6);
    Set<TaskId> stateful = new TreeSet<>(tasks);
    List<Member> members =
        List.of(
            member("m0", "p0", ids("0_0", "0_1", "0_2", "0_3", "0_4", "0_5")),
            new Member("m1", "p1", Set.of(), ids("0_0", "0_1")));
    // p1's copies of 0_0 and 0_1 are within the acceptable lag, its copy of 0_2 is not.
    Map<String, Map<TaskId, Long>> lags =
        Map.of("p1", Map.of(TaskId.parse("0_0"), 5L, TaskId.parse("0_1"), 100L, TaskId.parse("0_2"), 101L));

    Map<String, Placement> result =
        TaskPlacement.place(members, lags, tasks, stateful, new AssignmentSettings(0, 100, 2));

    // m0 gives up the two warm tasks (cooperatively: m1 follows them until the follow-up) and
    // keeps the rest while m1 warms up the next one.
    assertThat(result.get("m0").active()).isEqualTo(ids("0_2", "0_3", "0_4", "0_5"));
    assertThat(result.get("m1").standby()).containsAll(ids("0_0", "0_1"));
    assertThat(result.get("m1").warmup()).contains(TaskId.parse("0_2"));

    Map<String, Placement> followUp =
        TaskPlacement.place(after(members, result), lags, tasks, stateful, new AssignmentSettings(0, 100, 2));

    assertThat(followUp.get("m1").active()).isEqualTo(ids("0_0", "0_1"));
  }

  @Test
  void aTaskWhoseOwnerIsGoneGoesToItsCaughtUpStandbyEvenBeyondItsShare() {
    List<TaskId> tasks = tasks(1, 4);
    Set<TaskId> stateful = new TreeSet<>(tasks);
    // p2 ran 0_2 and 0_3 and died; p0 had a standby of both, p1 of neither.
    List<Member> members =
        List.of(
            new Member("m0", "p0", ids("0_0", "0_1"), ids("0_2", "0_3")),
            member("m1", "p1", Set.of()));
    Map<String, Map<TaskId, Long>> lags =
        Map.of("p0", Map.of(TaskId.parse("0_2"), 3L, TaskId.parse("0_3"), 0L));

    Map<String, Placement> result =
        TaskPlacement.place(members, lags, tasks, stateful, new AssignmentSettings(1, 100, 2));

    // p1's share is two tasks; with no copy of its own it warms them up, and the standby's
    // instance runs them meanwhile: nothing has to replay the whole changelog.
    assertThat(result.get("m0").active()).containsAll(ids("0_2", "0_3"));
    assertThat(result.get("m1").warmup()).hasSize(2);
  }

  @Test
  void aTaskNobodyHasWarmGoesWhereItFitsAndRestoresThere() {
    List<TaskId> tasks = tasks(1, 4);
    Set<TaskId> stateful = new TreeSet<>(tasks);
    List<Member> members = List.of(member("m0", "p0", ids("0_0", "0_1")), member("m1", "p1", Set.of()));

    Map<String, Placement> result =
        TaskPlacement.place(members, Map.of(), tasks, stateful, new AssignmentSettings(0, 100, 2));

    assertBalanced(tasks, result);
    assertThat(result.get("m1").active()).isEqualTo(ids("0_2", "0_3"));
    assertThat(result.get("m1").warmup()).isEmpty();
  }

  @Test
  void anInstanceGetsBackTheTasksItHasStateFor() {
    List<TaskId> tasks = tasks(1, 4);
    Set<TaskId> stateful = new TreeSet<>(tasks);
    // Both restarted (nothing runs); p1 has fresh copies of 0_0 and 0_3 on disk.
    Map<String, Map<TaskId, Long>> lags =
        Map.of("p1", Map.of(TaskId.parse("0_0"), 0L, TaskId.parse("0_3"), 10L));

    Map<String, Placement> result =
        TaskPlacement.place(newInstances(2), lags, tasks, stateful, NO_COPIES);

    assertThat(result.get("m1").active()).isEqualTo(ids("0_0", "0_3"));
  }

  @Test
  void thePlacementIsTheSameWhateverTheOrderOfItsInput() {
    List<TaskId> tasks = tasks(2, 8);
    Set<TaskId> stateful = new TreeSet<>(tasks(1, 8));
    List<Member> members = new ArrayList<>();
    Random random = new Random(42);
    for (int i = 0; i < 7; i++) {
      Set<TaskId> held = new TreeSet<>();
      for (TaskId task : tasks) {
        if (random.nextInt(7) == i % 7 && random.nextBoolean()) {
          held.add(task);
        }
      }
      members.add(new Member("m" + i, "p" + (i % 4), held, Set.of()));
    }
    Map<String, Map<TaskId, Long>> lags = Map.of("p3", Map.of(TaskId.parse("0_1"), 0L));
    AssignmentSettings settings = new AssignmentSettings(1, 100, 2);

    Map<String, Placement> first = TaskPlacement.place(members, lags, tasks, stateful, settings);
    for (int round = 0; round < 5; round++) {
      List<Member> shuffled = new ArrayList<>(members);
      Collections.shuffle(shuffled, random);
      List<TaskId> shuffledTasks = new ArrayList<>(tasks);
      Collections.shuffle(shuffledTasks, random);

      assertThat(TaskPlacement.place(shuffled, lags, shuffledTasks, stateful, settings))
          .isEqualTo(first);
    }
  }

  @Test
  void randomGroupsConvergeToBalanceWithinAFewRebalancesAndThenStayPut() {
    Random random = new Random(7);
    for (int trial = 0; trial < 200; trial++) {
      int processes = 1 + random.nextInt(5);
      List<Member> members = new ArrayList<>();
      for (int p = 0; p < processes; p++) {
        int threads = 1 + random.nextInt(3);
        for (int t = 0; t < threads; t++) {
          members.add(member("p" + p + "-t" + t, "p" + p, Set.of()));
        }
      }
      List<TaskId> tasks = tasks(1 + random.nextInt(3), 1 + random.nextInt(12));
      Map<String, Placement> result = Map.of();
      for (int round = 0; round < 3; round++) {
        result = TaskPlacement.place(members, Map.of(), tasks, Set.of(), NO_COPIES);
        members = after(members, result);
      }

      assertBalanced(tasks, result);
      assertThat(TaskPlacement.place(members, Map.of(), tasks, Set.of(), NO_COPIES))
          .as("a settled group stays as it is")
          .isEqualTo(result);
    }
  }
}
