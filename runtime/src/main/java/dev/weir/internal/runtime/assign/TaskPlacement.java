package dev.weir.internal.runtime.assign;

import dev.weir.internal.runtime.task.TaskId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Decides which member runs each task, and where standby and warm-up copies of task state go. A
 * pure function of what the members report: the same input gives the same placement.
 *
 * <p>It decides per instance (process) first, then per thread (member) within an instance:
 *
 * <ol>
 *   <li>Each instance gets a share of the tasks proportional to its threads (shares differ by at
 *       most one task).
 *   <li>A task stays on the instance that ran it, while that instance's share allows (sticky).
 *   <li>Every other task goes to an instance with room, the one whose local copy of the task's
 *       state is closest to the changelog's end first.
 *   <li>A stateful task whose chosen instance is not caught up (its copy trails by more than the
 *       acceptable lag) stays with, or goes to, an instance that is, and warms up on the chosen
 *       one (at most {@code maxWarmups} at a time). A task no instance is caught up for goes where
 *       it was chosen to go, and restores there.
 *   <li>Each stateful task gets up to {@code standbyReplicas} standbys, on instances other than
 *       its active's and its warm-up's, those with the closest copies first.
 *   <li>Within an instance, its tasks are spread evenly over its threads, each thread keeping what
 *       it had (an active task preferring the thread that had its standby).
 *   <li>Cooperative handover: a task still run by another member is not given to its new member
 *       in the same rebalance. Its owner gives it up, and the follow-up rebalance, which that
 *       triggers, hands it over. Meanwhile the new member keeps a standby copy of it.
 * </ol>
 */
final class TaskPlacement {

  /** The lag of an instance that has no copy of a task's state. */
  static final long NO_STATE = Long.MAX_VALUE;

  /** What a member (one thread of one instance) reports. */
  record Member(String memberId, String processId, Set<TaskId> active, Set<TaskId> standby) {}

  /** What a member is given. */
  record Placement(Set<TaskId> active, Set<TaskId> standby, Set<TaskId> warmup) {
    static Placement empty() {
      return new Placement(new TreeSet<>(), new TreeSet<>(), new TreeSet<>());
    }
  }

  private TaskPlacement() {}

  /**
   * @param members every member, with the tasks it runs and follows now
   * @param lags per instance, how many changelog records its copy of each stateful task trails
   *     by; a task missing means no copy ({@link #NO_STATE})
   * @param tasks every task
   * @param stateful the tasks with state
   * @return each member's tasks, by member id
   */
  static Map<String, Placement> place(
      List<Member> members,
      Map<String, Map<TaskId, Long>> lags,
      List<TaskId> tasks,
      Set<TaskId> stateful,
      AssignmentSettings settings) {
    Map<String, Placement> result = new TreeMap<>();
    if (members.isEmpty()) {
      return result;
    }
    Map<String, List<Member>> processes = new TreeMap<>();
    List<Member> sorted = new ArrayList<>(members);
    sorted.sort(Comparator.comparing(Member::memberId));
    for (Member member : sorted) {
      processes.computeIfAbsent(member.processId(), p -> new ArrayList<>()).add(member);
      result.put(member.memberId(), Placement.empty());
    }
    Map<TaskId, Member> owners = owners(sorted);
    Lags lag = new Lags(lags, owners, stateful, settings.acceptableLag());

    Map<TaskId, String> active = placeActives(processes, owners, lag, tasks);
    Map<TaskId, String> warmups = keepUntilWarm(processes, owners, lag, active, stateful, settings);
    Map<String, Set<TaskId>> standbys =
        placeStandbys(processes, lag, active, warmups, stateful, settings.standbyReplicas());

    for (Map.Entry<String, List<Member>> process : processes.entrySet()) {
      String processId = process.getKey();
      List<Member> threads = process.getValue();
      Set<TaskId> processActive = tasksOn(active, processId);
      Map<String, Set<TaskId>> byThread =
          spread(threads, processActive, Member::active, Member::standby);
      byThread.forEach((member, owned) -> result.get(member).active().addAll(owned));
      Set<TaskId> copies = new TreeSet<>(standbys.getOrDefault(processId, Set.of()));
      Set<TaskId> processWarmups = tasksOn(warmups, processId);
      copies.addAll(processWarmups);
      Map<String, Set<TaskId>> copiesByThread =
          spread(threads, copies, Member::standby, Member::active);
      copiesByThread.forEach(
          (member, owned) -> {
            for (TaskId task : owned) {
              (processWarmups.contains(task)
                      ? result.get(member).warmup()
                      : result.get(member).standby())
                  .add(task);
            }
          });
    }
    handOverCooperatively(result, owners, stateful);
    return result;
  }

  /** The member running each task now; of two claiming one task, the first by member id. */
  private static Map<TaskId, Member> owners(List<Member> sorted) {
    Map<TaskId, Member> owners = new HashMap<>();
    for (Member member : sorted) {
      for (TaskId task : member.active()) {
        owners.putIfAbsent(task, member);
      }
    }
    return owners;
  }

  /**
   * Balanced and sticky per instance, each stage spread over the instances too; then closest
   * copies first.
   */
  private static Map<TaskId, String> placeActives(
      Map<String, List<Member>> processes,
      Map<TaskId, Member> owners,
      Lags lag,
      List<TaskId> tasks) {
    Set<TaskId> open = new TreeSet<>(tasks);
    Map<String, Integer> target = shares(processes, owners, open);
    Load load = new Load(processes, open);
    Map<TaskId, String> active = new TreeMap<>();
    // An instance over its share gives up first the tasks another instance has the warmest copy
    // of: it keeps those whose copies elsewhere are coldest.
    List<TaskId> byColdestElsewhere = new ArrayList<>(open);
    Map<TaskId, Long> warmestElsewhere = new HashMap<>();
    for (TaskId task : open) {
      Member owner = owners.get(task);
      long warmest = NO_STATE;
      for (String process : processes.keySet()) {
        if (owner != null && !process.equals(owner.processId())) {
          warmest = Math.min(warmest, lag.of(process, task));
        }
      }
      warmestElsewhere.put(task, warmest);
    }
    byColdestElsewhere.sort(
        Comparator.comparing((TaskId task) -> warmestElsewhere.get(task))
            .reversed()
            .thenComparing(Comparator.naturalOrder()));
    for (TaskId task : byColdestElsewhere) {
      Member owner = owners.get(task);
      if (owner != null
          && load.total(owner.processId()) < target.get(owner.processId())
          && load.stageHasRoom(owner.processId(), task.stage())) {
        active.put(task, owner.processId());
        load.add(owner.processId(), task.stage());
        open.remove(task);
      }
    }
    // Tasks some instance has a caught-up copy of go first, while that instance has room.
    List<TaskId> rest = new ArrayList<>(open);
    rest.sort(
        Comparator.comparing((TaskId task) -> !lag.anyCaughtUp(processes.keySet(), task))
            .thenComparing(Comparator.naturalOrder()));
    for (TaskId task : rest) {
      String best = null;
      for (String process : processes.keySet()) {
        if (load.total(process) >= target.get(process)) {
          continue;
        }
        if (best == null || closer(process, best, task, lag, load) < 0) {
          best = process;
        }
      }
      active.put(task, best);
      load.add(best, task.stage());
    }
    return active;
  }

  /**
   * Orders two instances for a task: caught up first; then fewest tasks of the task's stage, then
   * fewest tasks, each per thread; then the closer copy; then id. Among caught-up copies, a few
   * records more or less do not outweigh balance (nor make a task move back and forth).
   */
  private static int closer(String a, String b, TaskId task, Lags lag, Load load) {
    int byCaughtUp = Boolean.compare(lag.caughtUp(b, task), lag.caughtUp(a, task));
    if (byCaughtUp != 0) {
      return byCaughtUp;
    }
    int byStage = load.compareStage(a, b, task.stage());
    if (byStage != 0) {
      return byStage;
    }
    int byLoad = load.compareTotal(a, b);
    if (byLoad != 0) {
      return byLoad;
    }
    int byLag = Long.compare(lag.of(a, task), lag.of(b, task));
    return byLag != 0 ? byLag : a.compareTo(b);
  }

  /** Tasks per instance, in all and per stage, against the instances' thread counts. */
  private static final class Load {
    private final Map<String, List<Member>> processes;
    private final Map<String, Integer> total = new HashMap<>();
    private final Map<String, Map<Integer, Integer>> byStage = new HashMap<>();
    private final Map<Integer, Integer> stageSize = new HashMap<>();
    private final int threads;

    Load(Map<String, List<Member>> processes, Set<TaskId> tasks) {
      this.processes = processes;
      int count = 0;
      for (List<Member> members : processes.values()) {
        count += members.size();
      }
      this.threads = count;
      tasks.forEach(task -> stageSize.merge(task.stage(), 1, Integer::sum));
    }

    void add(String process, int stage) {
      total.merge(process, 1, Integer::sum);
      byStage.computeIfAbsent(process, p -> new HashMap<>()).merge(stage, 1, Integer::sum);
    }

    int total(String process) {
      return total.getOrDefault(process, 0);
    }

    int stage(String process, int stage) {
      return byStage.getOrDefault(process, Map.of()).getOrDefault(stage, 0);
    }

    /** Below the instance's fair share of the stage's tasks, rounded up. */
    boolean stageHasRoom(String process, int stage) {
      long share = (long) stageSize.getOrDefault(stage, 0) * processes.get(process).size();
      return (long) stage(process, stage) * threads < share;
    }

    int compareStage(String a, String b, int stage) {
      return Long.compare(
          (long) stage(a, stage) * processes.get(b).size(),
          (long) stage(b, stage) * processes.get(a).size());
    }

    int compareTotal(String a, String b) {
      return Long.compare(
          (long) total(a) * processes.get(b).size(), (long) total(b) * processes.get(a).size());
    }
  }

  /**
   * Each instance's share of {@code tasks}, proportional to its threads. The tasks left over by
   * rounding down go first to the instances that ran more tasks than their share.
   */
  private static Map<String, Integer> shares(
      Map<String, List<Member>> processes, Map<TaskId, Member> owners, Set<TaskId> tasks) {
    int threads = 0;
    for (List<Member> members : processes.values()) {
      threads += members.size();
    }
    Map<String, Integer> target = new TreeMap<>();
    Map<String, Integer> held = new TreeMap<>();
    int given = 0;
    for (Map.Entry<String, List<Member>> process : processes.entrySet()) {
      int share = (int) ((long) tasks.size() * process.getValue().size() / threads);
      target.put(process.getKey(), share);
      given += share;
      held.put(process.getKey(), 0);
    }
    for (TaskId task : tasks) {
      Member owner = owners.get(task);
      if (owner != null) {
        held.merge(owner.processId(), 1, Integer::sum);
      }
    }
    List<String> order = new ArrayList<>(processes.keySet());
    order.sort(
        Comparator.<String>comparingInt(process -> target.get(process) - held.get(process))
            .thenComparing(Comparator.naturalOrder()));
    for (int i = 0; given < tasks.size(); i++, given++) {
      target.merge(order.get(i % order.size()), 1, Integer::sum);
    }
    return target;
  }

  /**
   * Keeps a stateful task on a caught-up instance when the instance chosen for it is not, and
   * warms the task up there. Returns the warm-ups, by task.
   */
  private static Map<TaskId, String> keepUntilWarm(
      Map<String, List<Member>> processes,
      Map<TaskId, Member> owners,
      Lags lag,
      Map<TaskId, String> active,
      Set<TaskId> stateful,
      AssignmentSettings settings) {
    Map<TaskId, String> warmups = new TreeMap<>();
    for (Map.Entry<TaskId, String> entry : active.entrySet()) {
      TaskId task = entry.getKey();
      String chosen = entry.getValue();
      if (!stateful.contains(task) || lag.caughtUp(chosen, task)) {
        continue;
      }
      String caughtUp = null;
      Member owner = owners.get(task);
      if (owner != null) {
        caughtUp = owner.processId();
      } else {
        for (String process : processes.keySet()) {
          if (lag.caughtUp(process, task)
              && (caughtUp == null || lag.of(process, task) < lag.of(caughtUp, task))) {
            caughtUp = process;
          }
        }
      }
      if (caughtUp == null) {
        continue; // nobody has it warm: it restores where it was chosen to go
      }
      entry.setValue(caughtUp);
      if (warmups.size() < settings.maxWarmups()) {
        warmups.put(task, chosen);
      }
    }
    return warmups;
  }

  /** Standbys per instance: never with the task's active or its warm-up; closest copies first. */
  private static Map<String, Set<TaskId>> placeStandbys(
      Map<String, List<Member>> processes,
      Lags lag,
      Map<TaskId, String> active,
      Map<TaskId, String> warmups,
      Set<TaskId> stateful,
      int replicas) {
    Map<String, Set<TaskId>> standbys = new TreeMap<>();
    if (replicas == 0) {
      return standbys;
    }
    Load load = new Load(processes, stateful);
    for (Map.Entry<TaskId, String> entry : active.entrySet()) {
      TaskId task = entry.getKey();
      if (!stateful.contains(task)) {
        continue;
      }
      List<String> candidates = new ArrayList<>();
      for (String process : processes.keySet()) {
        if (!process.equals(entry.getValue()) && !process.equals(warmups.get(task))) {
          candidates.add(process);
        }
      }
      candidates.sort((a, b) -> closer(a, b, task, lag, load));
      for (String process : candidates.subList(0, Math.min(replicas, candidates.size()))) {
        standbys.computeIfAbsent(process, p -> new TreeSet<>()).add(task);
        load.add(process, task.stage());
      }
    }
    return standbys;
  }

  /**
   * Spreads an instance's tasks over its threads: balanced, each thread keeping the tasks it
   * {@code had}, then taking those it has {@code alsoHad}, then the least loaded taking the rest.
   */
  private static Map<String, Set<TaskId>> spread(
      List<Member> threads,
      Set<TaskId> tasks,
      java.util.function.Function<Member, Set<TaskId>> had,
      java.util.function.Function<Member, Set<TaskId>> alsoHad) {
    Map<String, Set<TaskId>> spread = new TreeMap<>();
    threads.forEach(member -> spread.put(member.memberId(), new TreeSet<>()));
    int base = tasks.size() / threads.size();
    int extra = tasks.size() % threads.size();
    Set<TaskId> open = new TreeSet<>(tasks);
    for (var preference : List.of(had, alsoHad)) {
      for (Member member : threads) {
        Set<TaskId> mine = spread.get(member.memberId());
        for (TaskId task : new TreeSet<>(preference.apply(member))) {
          int limit = base + (extra > 0 ? 1 : 0);
          if (mine.size() >= limit || !open.contains(task)) {
            continue;
          }
          if (mine.size() == base) {
            extra--;
          }
          mine.add(task);
          open.remove(task);
        }
      }
    }
    for (TaskId task : open) {
      Member least = null;
      for (Member member : threads) {
        if (least == null
            || spread.get(member.memberId()).size() < spread.get(least.memberId()).size()) {
          least = member;
        }
      }
      spread.get(least.memberId()).add(task);
    }
    return spread;
  }

  /**
   * A task run now by one member and placed on another goes nowhere in this rebalance: its owner
   * gives it up, and the follow-up rebalance hands it to the new member, which meanwhile follows
   * its state as a standby.
   */
  private static void handOverCooperatively(
      Map<String, Placement> result, Map<TaskId, Member> owners, Set<TaskId> stateful) {
    for (Map.Entry<String, Placement> entry : result.entrySet()) {
      Placement placement = entry.getValue();
      for (TaskId task : List.copyOf(placement.active())) {
        Member owner = owners.get(task);
        if (owner != null && !owner.memberId().equals(entry.getKey())) {
          placement.active().remove(task);
          if (stateful.contains(task)) {
            placement.warmup().remove(task);
            placement.standby().add(task);
          }
        }
      }
    }
  }

  private static Set<TaskId> tasksOn(Map<TaskId, String> placement, String process) {
    Set<TaskId> tasks = new TreeSet<>();
    placement.forEach(
        (task, where) -> {
          if (where.equals(process)) {
            tasks.add(task);
          }
        });
    return tasks;
  }

  /** Lag of an instance's copy of a task: 0 where it runs, and for tasks without state. */
  private record Lags(
      Map<String, Map<TaskId, Long>> reported,
      Map<TaskId, Member> owners,
      Set<TaskId> stateful,
      long acceptable) {

    boolean caughtUp(String process, TaskId task) {
      return of(process, task) <= acceptable;
    }

    boolean anyCaughtUp(Set<String> processes, TaskId task) {
      for (String process : processes) {
        if (caughtUp(process, task)) {
          return true;
        }
      }
      return false;
    }

    long of(String process, TaskId task) {
      if (!stateful.contains(task)) {
        return 0;
      }
      Member owner = owners.get(task);
      if (owner != null && owner.processId().equals(process)) {
        return 0;
      }
      return reported.getOrDefault(process, Map.of()).getOrDefault(task, NO_STATE);
    }
  }
}
