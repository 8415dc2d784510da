package dev.weir.ops.cli;

import dev.weir.ops.cli.ResetAction.DeleteGroup;
import dev.weir.ops.cli.ResetAction.DeleteStateFolder;
import dev.weir.ops.cli.ResetAction.DeleteTopic;
import dev.weir.ops.cli.ResetAction.TopicKind;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Resets a stopped application: deletes its consumer group (so the next start reads the input
 * from the beginning), its local state folder on this machine and its internal topics
 * (repartition, changelog and, unless kept, dead letters).
 *
 * <pre>{@code
 * ApplicationReset reset = new ApplicationReset(admin, target);
 * ResetPlan plan = reset.plan();          // looks, changes nothing
 * if (!plan.refused()) {
 *   reset.execute(plan, action -> System.out.println(action.done()));
 * }
 * }</pre>
 *
 * <p>Internal topics are found by name: {@code <application.id>-<name>-repartition}, {@code
 * <application.id>-<name>-changelog} and the dead-letter topic. A topic that matches but starts
 * with the id of another existing consumer group that extends this one ({@code clicks-v2-...} when
 * resetting {@code clicks} and a group {@code clicks-v2} exists) is left alone and named in {@link
 * ResetPlan#notes()}.
 *
 * <p>Not thread-safe; one reset at a time. The {@link Admin} stays the caller's to close.
 */
public final class ApplicationReset {

  private static final String REPARTITION_SUFFIX = "-repartition";
  private static final String CHANGELOG_SUFFIX = "-changelog";
  private static final Duration TOPIC_GONE_TIMEOUT = Duration.ofSeconds(60);

  private final Admin admin;
  private final ResetTarget target;

  public ApplicationReset(Admin admin, ResetTarget target) {
    this.admin = admin;
    this.target = target;
  }

  /**
   * Looks at the brokers and the local state folder and says what a reset would do, and whether
   * it must be refused now. Changes nothing.
   *
   * @throws ResetException when the brokers cannot be asked (unreachable, not authorized)
   */
  public ResetPlan plan() {
    List<ResetAction> actions = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    List<String> refusals = new ArrayList<>();

    Set<String> groups = groupIds();
    if (groups.contains(target.groupId())) {
      actions.add(new DeleteGroup(target.groupId()));
      activeMembers().ifPresent(refusals::add);
    }

    Path folder = target.stateFolder();
    if (Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
      actions.add(new DeleteStateFolder(folder));
      lockHolder(folder).ifPresent(refusals::add);
    } else if (Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
      refusals.add(
          "Local state path "
              + folder
              + " is not a folder (a file or a symbolic link). Expected the folder a worker"
              + " creates there; check --state-dir, and move or delete that path by hand.");
    }

    actions.addAll(internalTopics(groups, notes));
    return new ResetPlan(target.applicationId(), actions, notes, refusals);
  }

  /**
   * Runs the plan's actions in order and reports each one to {@code onDone} once it is done. A
   * topic counts as done once the brokers no longer list it, so a worker started right after
   * creates it afresh. Steps whose object is already gone count as done, so a reset that failed
   * halfway can simply be run again.
   *
   * @throws ResetException when the plan was refused, or when a step is refused or fails (an
   *     instance started since the plan was made, the brokers said no); the steps reported until
   *     then are done, the rest are not
   */
  public void execute(ResetPlan plan, Consumer<ResetAction> onDone) {
    if (!plan.applicationId().equals(target.applicationId())) {
      throw new IllegalArgumentException(
          "The plan is for application '"
              + plan.applicationId()
              + "', this reset for '"
              + target.applicationId()
              + "'");
    }
    if (plan.refused()) {
      throw new ResetException(String.join(System.lineSeparator(), plan.refusals()));
    }
    for (ResetAction action : plan.actions()) {
      if (action instanceof DeleteGroup group) {
        deleteGroup(group.groupId());
      } else if (action instanceof DeleteStateFolder folder) {
        deleteStateFolder(folder.folder());
      } else if (action instanceof DeleteTopic topic) {
        deleteTopic(topic.topic());
      }
      onDone.accept(action);
    }
  }

  // ---- looking

  private Set<String> groupIds() {
    try {
      Collection<GroupListing> listings = await(admin.listGroups().all(), "listing groups");
      return listings.stream().map(GroupListing::groupId).collect(Collectors.toSet());
    } catch (ExecutionException e) {
      throw failed("list the consumer groups", e.getCause());
    }
  }

  /** A refusal naming the group's members, if it has any. */
  private Optional<String> activeMembers() {
    String groupId = target.groupId();
    ConsumerGroupDescription description;
    try {
      description =
          await(
              admin.describeConsumerGroups(List.of(groupId)).describedGroups().get(groupId),
              "describing consumer group '" + groupId + "'");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof GroupIdNotFoundException) {
        return Optional.empty();
      }
      throw failed("describe consumer group '" + groupId + "'", e.getCause());
    }
    Collection<MemberDescription> members = description.members();
    if (members.isEmpty()) {
      return Optional.empty();
    }
    String names = members.stream().map(ApplicationReset::member).collect(Collectors.joining(", "));
    return Optional.of(
        "Consumer group '"
            + groupId
            + "' has "
            + members.size()
            + (members.size() == 1 ? " active member: " : " active members: ")
            + names
            + ". Expected none: reset is for a stopped application. Stop every instance of '"
            + target.applicationId()
            + "' first, then run reset again. (Members of instances that crashed, and static"
            + " members with group.instance.id even after a clean stop, stay in the group until"
            + " session.timeout.ms passes, 45 s by default.)");
  }

  private static String member(MemberDescription member) {
    StringBuilder text = new StringBuilder(member.clientId()).append(" on ").append(member.host());
    member
        .groupInstanceId()
        .ifPresent(id -> text.append(" (group.instance.id ").append(id).append(')'));
    return text.toString();
  }

  /** A refusal when a worker holds the folder's lock. */
  private Optional<String> lockHolder(Path folder) {
    Path lockFile = folder.resolve(".lock");
    if (!Files.exists(lockFile)) {
      return Optional.empty();
    }
    try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
      FileLock lock = tryLock(channel);
      if (lock == null) {
        return Optional.of(lockedMessage(folder));
      }
      lock.release();
      return Optional.empty();
    } catch (IOException e) {
      return Optional.of(
          "Cannot open "
              + lockFile
              + " to check that no worker uses the folder: "
              + e.getMessage()
              + ". Expected a lock file this user may write: run reset as the user the workers"
              + " run as.");
    }
  }

  private String lockedMessage(Path folder) {
    return "Local state folder "
        + folder
        + " is in use: a process on this machine holds its .lock. Expected no worker using it:"
        + " stop the worker of application '"
        + target.applicationId()
        + "' that uses state.dir "
        + target.stateDir()
        + " on this machine, then run reset again.";
  }

  private List<DeleteTopic> internalTopics(Set<String> groups, List<String> notes) {
    Set<String> names;
    try {
      names = new TreeSet<>(await(admin.listTopics().names(), "listing topics"));
    } catch (ExecutionException e) {
      throw failed("list the topics", e.getCause());
    }
    List<DeleteTopic> topics = new ArrayList<>();
    for (String name : names) {
      if (name.equals(target.deadLetterTopic())) {
        if (target.keepDeadLetters()) {
          notes.add("kept topic '" + name + "' (dead letters): --keep-dead-letters");
        } else {
          topics.add(new DeleteTopic(name, TopicKind.DEAD_LETTERS));
        }
        continue;
      }
      Optional<TopicKind> kind = internalKind(name);
      if (kind.isEmpty()) {
        continue;
      }
      Optional<String> owner = otherOwner(name, groups);
      if (owner.isPresent()) {
        notes.add(
            "left topic '"
                + name
                + "' alone: it looks like application '"
                + owner.get()
                + "''s, whose consumer group exists. Delete it by hand if it is '"
                + target.applicationId()
                + "''s.");
        continue;
      }
      topics.add(new DeleteTopic(name, kind.get()));
    }
    topics.sort(Comparator.comparing(DeleteTopic::kind).thenComparing(DeleteTopic::topic));
    return topics;
  }

  private Optional<TopicKind> internalKind(String topic) {
    String prefix = target.applicationId() + "-";
    if (!topic.startsWith(prefix)) {
      return Optional.empty();
    }
    // The <name> between prefix and suffix is never empty.
    if (topic.endsWith(REPARTITION_SUFFIX)
        && topic.length() > prefix.length() + REPARTITION_SUFFIX.length()) {
      return Optional.of(TopicKind.REPARTITION);
    }
    if (topic.endsWith(CHANGELOG_SUFFIX)
        && topic.length() > prefix.length() + CHANGELOG_SUFFIX.length()) {
      return Optional.of(TopicKind.CHANGELOG);
    }
    return Optional.empty();
  }

  /**
   * The longest other group id that extends this application's id and prefixes the topic: the
   * topic {@code clicks-v2-count-changelog} is more likely {@code clicks-v2}'s than {@code
   * clicks}'s state {@code v2-count}.
   */
  private Optional<String> otherOwner(String topic, Set<String> groups) {
    String prefix = target.applicationId() + "-";
    return groups.stream()
        .filter(group -> group.startsWith(prefix) && topic.startsWith(group + "-"))
        .max(Comparator.comparingInt(String::length));
  }

  // ---- doing

  private void deleteGroup(String groupId) {
    try {
      await(admin.deleteConsumerGroups(List.of(groupId)).all(), "deleting consumer group");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof GroupIdNotFoundException) {
        return;
      }
      if (e.getCause() instanceof GroupNotEmptyException) {
        throw new ResetException(
            "Consumer group '"
                + groupId
                + "' has active members again: an instance of '"
                + target.applicationId()
                + "' started after the reset looked. Expected none. Stop every instance, then run"
                + " reset again.",
            e.getCause());
      }
      throw failed("delete consumer group '" + groupId + "'", e.getCause());
    }
  }

  private void deleteStateFolder(Path folder) {
    if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Path lockFile = folder.resolve(".lock");
    try {
      try (FileChannel channel =
          FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
        FileLock lock = tryLock(channel);
        if (lock == null) {
          throw new ResetException(lockedMessage(folder));
        }
        // Holding the lock keeps a worker from starting on the folder while it is emptied.
        deleteContents(folder, lockFile);
        lock.release();
      }
      Files.deleteIfExists(lockFile);
      Files.delete(folder);
    } catch (IOException e) {
      throw new ResetException(
          "Could not delete local state folder "
              + folder
              + ": "
              + e
              + ". Expected a folder this user may delete: check its permissions, or delete it by"
              + " hand while no worker runs.",
          e);
    }
  }

  private static void deleteContents(Path folder, Path keep) throws IOException {
    List<Path> paths;
    try (Stream<Path> walk = Files.walk(folder)) {
      // Deepest first, so each folder is empty when its turn comes.
      paths = walk.sorted(Comparator.reverseOrder()).toList();
    }
    for (Path path : paths) {
      if (!path.equals(folder) && !path.equals(keep)) {
        Files.delete(path);
      }
    }
  }

  private void deleteTopic(String topic) {
    try {
      await(admin.deleteTopics(List.of(topic)).all(), "deleting topic '" + topic + "'");
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
        throw failed(
            "delete topic '" + topic + "'",
            e.getCause(),
            " Check that the brokers allow deleting topics (delete.topic.enable) and that this"
                + " client may delete it (ACL DELETE on the topic; pass credentials with --set"
                + " admin.<setting>=...).");
      }
    }
    awaitGone(topic);
  }

  private void awaitGone(String topic) {
    long deadline = System.nanoTime() + TOPIC_GONE_TIMEOUT.toNanos();
    while (true) {
      Set<String> names;
      try {
        names = await(admin.listTopics().names(), "listing topics");
      } catch (ExecutionException e) {
        throw failed("list the topics", e.getCause());
      }
      if (!names.contains(topic)) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new ResetException(
            "Topic '"
                + topic
                + "' is still listed "
                + TOPIC_GONE_TIMEOUT.toSeconds()
                + " s after the brokers accepted its deletion. Expected it gone; run reset again"
                + " once the brokers have caught up.");
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ResetException("Interrupted while waiting for topic '" + topic + "' to go", e);
      }
    }
  }

  // ---- helpers

  private static FileLock tryLock(FileChannel channel) throws IOException {
    try {
      return channel.tryLock();
    } catch (OverlappingFileLockException e) {
      return null; // a worker in this very JVM holds it
    }
  }

  private static <T> T await(KafkaFuture<T> future, String doing) throws ExecutionException {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ResetException("Interrupted while " + doing, e);
    }
  }

  private static ResetException failed(String what, Throwable cause) {
    return failed(what, cause, "");
  }

  private static ResetException failed(String what, Throwable cause, String hint) {
    if (cause instanceof TimeoutException) {
      return new ResetException(
          "Could not "
              + what
              + ": the brokers did not answer in time ("
              + cause.getMessage()
              + "). Expected reachable brokers: check --bootstrap-servers and the network, and"
              + " the admin.* settings (e.g. --set admin.security.protocol=SSL).",
          cause);
    }
    return new ResetException(
        "Could not " + what + ": " + cause.getClass().getSimpleName() + ": " + cause.getMessage()
            + "." + hint,
        cause);
  }
}
