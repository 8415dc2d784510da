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
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Configurable;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Weir's partition assignor, on the classic consumer-group protocol with cooperative rebalancing.
 * It assigns whole tasks, not single partitions: partition {@code p} of every input topic of a
 * stage goes to one member. Where tasks go, and where standby and warm-up copies of their state
 * go, is decided by {@link TaskPlacement}.
 *
 * <p>Each member reports, in its subscription: its pipeline's fingerprint, its instance's id, the
 * tasks it follows as standby, and how far each of its instance's local copies of task state has
 * read its changelog. The tasks it runs are the partitions it owns. The leader turns the copies'
 * progress into lags against the changelogs' ends, places the tasks, and sends each member its
 * standbys and warm-ups with its partitions. A member running a different pipeline gets an error
 * instead, which stops it.
 */
public final class TaskAssignor implements ConsumerPartitionAssignor, Configurable {

  /** Consumer config key under which the worker passes its {@link AssignorContext}. */
  public static final String CONTEXT_CONFIG = "weir.internal.assignor.context";

  private static final Logger log = LoggerFactory.getLogger(TaskAssignor.class);
  private static final short VERSION = 2;

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
  public List<RebalanceProtocol> supportedProtocols() {
    return List.of(RebalanceProtocol.COOPERATIVE);
  }

  @Override
  public ByteBuffer subscriptionUserData(Set<String> topics) {
    return new MemberReport(
            context.fingerprint(),
            context.processId(),
            context.standbys().get(),
            context.local().offsetSums())
        .encode();
  }

  @Override
  public GroupAssignment assign(Cluster metadata, GroupSubscription groupSubscription) {
    Plan plan = context.plan();
    Map<String, Subscription> subscriptions = new TreeMap<>(groupSubscription.groupSubscription());
    Map<String, Assignment> result = new HashMap<>();
    Map<String, MemberReport> reports = new TreeMap<>();
    subscriptions.forEach(
        (member, subscription) -> {
          MemberReport report = MemberReport.decode(subscription.userData());
          if (report == null || !report.fingerprint().equals(context.fingerprint())) {
            String message = mismatch(plan, report);
            log.error("Member {}: {}", member, message);
            result.put(member, new Assignment(List.of(), AssignmentInfoCodec.encode(message)));
          } else {
            reports.put(member, report);
          }
        });

    List<TaskId> tasks = tasks(plan, metadata);
    Set<TaskId> stateful = new TreeSet<>();
    for (TaskId task : tasks) {
      if (!plan.stages().get(task.stage()).states().isEmpty()) {
        stateful.add(task);
      }
    }
    List<TaskPlacement.Member> members = members(plan, subscriptions, reports);
    Map<String, Map<TaskId, Long>> lags = lags(plan, reports, stateful);
    Map<String, TaskPlacement.Placement> placements =
        TaskPlacement.place(members, lags, tasks, stateful, context.settings());
    placements.forEach(
        (member, placement) -> {
          result.put(
              member,
              new Assignment(
                  partitionsOf(plan, placement.active()),
                  AssignmentInfoCodec.encode(placement.standby(), placement.warmup())));
          log.info(
              "Assigned member {} of instance {}: active {}, standby {}, warm-up {}",
              member,
              reports.get(member).processId(),
              placement.active(),
              placement.standby(),
              placement.warmup());
        });
    return new GroupAssignment(result);
  }

  @Override
  public void onAssignment(Assignment assignment, ConsumerGroupMetadata metadata) {
    context.assigned().accept(AssignmentInfoCodec.decode(assignment.userData()));
  }

  private String mismatch(Plan plan, MemberReport report) {
    String theirs =
        report == null
            ? "an unknown pipeline (no readable report)"
            : "pipeline " + report.fingerprint();
    String where = report == null ? "An instance" : "Instance " + report.processId();
    return where
        + " runs "
        + theirs
        + ", but the group of application '"
        + plan.applicationId()
        + "' runs pipeline "
        + context.fingerprint()
        + " (led by instance "
        + context.processId()
        + "). Every instance of one application must run the same pipeline: give a different"
        + " pipeline its own application.id, or stop every old instance before starting the new"
        + " version.";
  }

  /**
   * The members with the tasks they run (their owned partitions) and follow. A task claimed by
   * two members (one of them has not yet learned it lost the task) counts for the one with the
   * newer generation.
   */
  private static List<TaskPlacement.Member> members(
      Plan plan, Map<String, Subscription> subscriptions, Map<String, MemberReport> reports) {
    Map<TaskId, String> claimant = new HashMap<>();
    Map<TaskId, Integer> generation = new HashMap<>();
    for (Map.Entry<String, MemberReport> entry : reports.entrySet()) {
      Subscription subscription = subscriptions.get(entry.getKey());
      int memberGeneration = subscription.generationId().orElse(-1);
      for (TopicPartition partition : subscription.ownedPartitions()) {
        Optional<Stage> stage = plan.stageReading(partition.topic());
        if (stage.isEmpty()) {
          continue;
        }
        TaskId task = new TaskId(stage.get().id(), partition.partition());
        Integer other = generation.get(task);
        if (other == null || memberGeneration > other) {
          claimant.put(task, entry.getKey());
          generation.put(task, memberGeneration);
        }
      }
    }
    List<TaskPlacement.Member> members = new ArrayList<>();
    for (Map.Entry<String, MemberReport> entry : reports.entrySet()) {
      Set<TaskId> active = new TreeSet<>();
      claimant.forEach(
          (task, member) -> {
            if (member.equals(entry.getKey())) {
              active.add(task);
            }
          });
      members.add(
          new TaskPlacement.Member(
              entry.getKey(), entry.getValue().processId(), active, entry.getValue().standbys()));
    }
    return members;
  }

  /**
   * Per instance, how many changelog records it would replay to run each stateful task: the
   * changelog's end minus what its copy has read (all of it without a copy). Without the ends
   * (the lookup failed), no copy counts as caught up, which keeps tasks where they run.
   */
  private Map<String, Map<TaskId, Long>> lags(
      Plan plan, Map<String, MemberReport> reports, Set<TaskId> stateful) {
    Map<TaskId, List<TopicPartition>> changelogs = new TreeMap<>();
    Set<TopicPartition> all = new HashSet<>();
    for (TaskId task : stateful) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (var state : plan.stages().get(task.stage()).states()) {
        partitions.add(
            new TopicPartition(
                Stage.changelogTopic(plan.applicationId(), state.name()), task.partition()));
      }
      changelogs.put(task, partitions);
      all.addAll(partitions);
    }
    Map<TopicPartition, Long> ends = Map.of();
    if (!all.isEmpty()) {
      try {
        ends = context.changelogEnds().apply(all);
      } catch (RuntimeException e) {
        log.warn(
            "Could not read the changelogs' end offsets ({}); placing tasks as if no standby copy"
                + " were caught up",
            e.toString());
      }
    }
    Map<String, Map<TaskId, Long>> lags = new TreeMap<>();
    for (MemberReport report : reports.values()) {
      Map<TaskId, Long> processLags =
          lags.computeIfAbsent(report.processId(), p -> new TreeMap<>());
      for (Map.Entry<TaskId, List<TopicPartition>> task : changelogs.entrySet()) {
        if (!ends.keySet().containsAll(task.getValue())) {
          continue;
        }
        long end = 0;
        for (TopicPartition partition : task.getValue()) {
          end += ends.get(partition);
        }
        // Without a copy, the whole changelog is to replay. The threads of one instance report
        // the same copies, each as of its own join: the most advanced report counts.
        long read = report.offsetSums().getOrDefault(task.getKey(), 0L);
        processLags.merge(task.getKey(), Math.max(0, end - read), Math::min);
      }
    }
    return lags;
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

  /** What a member reports in its subscription. */
  record MemberReport(
      String fingerprint, String processId, Set<TaskId> standbys, Map<TaskId, Long> offsetSums) {

    ByteBuffer encode() {
      byte[] print = fingerprint.getBytes(StandardCharsets.UTF_8);
      byte[] process = processId.getBytes(StandardCharsets.UTF_8);
      ByteBuffer buffer =
          ByteBuffer.allocate(
              2 + 4 + print.length + 4 + process.length + 4 + standbys.size() * 8 + 4
                  + offsetSums.size() * 16);
      buffer.putShort(VERSION);
      buffer.putInt(print.length).put(print);
      buffer.putInt(process.length).put(process);
      buffer.putInt(standbys.size());
      standbys.forEach(task -> buffer.putInt(task.stage()).putInt(task.partition()));
      buffer.putInt(offsetSums.size());
      offsetSums.forEach(
          (task, sum) -> buffer.putInt(task.stage()).putInt(task.partition()).putLong(sum));
      return buffer.flip();
    }

    /** The report, or null when it is missing or from another version. */
    static MemberReport decode(ByteBuffer data) {
      if (data == null || data.remaining() < 2) {
        return null;
      }
      ByteBuffer buffer = data.duplicate();
      if (buffer.getShort() != VERSION) {
        return null;
      }
      String fingerprint = string(buffer);
      String processId = string(buffer);
      Set<TaskId> standbys = new TreeSet<>();
      for (int i = buffer.getInt(); i > 0; i--) {
        standbys.add(new TaskId(buffer.getInt(), buffer.getInt()));
      }
      Map<TaskId, Long> sums = new TreeMap<>();
      for (int i = buffer.getInt(); i > 0; i--) {
        sums.put(new TaskId(buffer.getInt(), buffer.getInt()), buffer.getLong());
      }
      return new MemberReport(fingerprint, processId, standbys, sums);
    }
  }

  static String string(ByteBuffer buffer) {
    byte[] bytes = new byte[buffer.getInt()];
    buffer.get(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** The user data of a member's assignment. */
  static final class AssignmentInfoCodec {
    private AssignmentInfoCodec() {}

    static ByteBuffer encode(String error) {
      return encode(error, Set.of(), Set.of());
    }

    static ByteBuffer encode(Set<TaskId> standbys, Set<TaskId> warmups) {
      return encode("", standbys, warmups);
    }

    private static ByteBuffer encode(String error, Set<TaskId> standbys, Set<TaskId> warmups) {
      byte[] message = error.getBytes(StandardCharsets.UTF_8);
      ByteBuffer buffer =
          ByteBuffer.allocate(2 + 4 + message.length + 8 + (standbys.size() + warmups.size()) * 8);
      buffer.putShort(VERSION).putInt(message.length).put(message);
      for (Set<TaskId> tasks : List.of(standbys, warmups)) {
        buffer.putInt(tasks.size());
        tasks.forEach(task -> buffer.putInt(task.stage()).putInt(task.partition()));
      }
      return buffer.flip();
    }

    static AssignmentInfo decode(ByteBuffer data) {
      if (data == null || data.remaining() < 2) {
        return new AssignmentInfo(
            Optional.of("The group's leader sent no task details: it runs another Weir version"),
            Set.of(),
            Set.of());
      }
      ByteBuffer buffer = data.duplicate();
      short version = buffer.getShort();
      if (version != VERSION) {
        return new AssignmentInfo(
            Optional.of(
                "The group's leader speaks assignment version " + version + ", this instance "
                    + VERSION + ": run one Weir version per application"),
            Set.of(),
            Set.of());
      }
      String error = string(buffer);
      List<Set<TaskId>> lists = new ArrayList<>();
      for (int list = 0; list < 2; list++) {
        Set<TaskId> tasks = new TreeSet<>();
        for (int i = buffer.getInt(); i > 0; i--) {
          tasks.add(new TaskId(buffer.getInt(), buffer.getInt()));
        }
        lists.add(tasks);
      }
      return new AssignmentInfo(
          error.isEmpty() ? Optional.empty() : Optional.of(error), lists.get(0), lists.get(1));
    }
  }
}
