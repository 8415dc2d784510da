package dev.weir.ops.cli;

import java.nio.file.Path;

/** One step of a reset; {@link ResetPlan#actions()} lists them in the order they run. */
public sealed interface ResetAction {

  /** What the step will do, e.g. {@code delete topic 'clicks-count-changelog' (changelog)}. */
  String describe();

  /** What the step did, e.g. {@code deleted topic 'clicks-count-changelog' (changelog)}. */
  String done();

  /**
   * Deletes the consumer group, and so its committed offsets: the next start reads the input
   * from the beginning ({@code auto.offset.reset=earliest}).
   */
  record DeleteGroup(String groupId) implements ResetAction {
    @Override
    public String describe() {
      return "delete consumer group '" + groupId + "' (its committed offsets)";
    }

    @Override
    public String done() {
      return "deleted consumer group '" + groupId + "'";
    }
  }

  /** Deletes the application's local state folder on this machine, with every task's state. */
  record DeleteStateFolder(Path folder) implements ResetAction {
    @Override
    public String describe() {
      return "delete local state folder " + folder;
    }

    @Override
    public String done() {
      return "deleted local state folder " + folder;
    }
  }

  /** Deletes an internal topic. */
  record DeleteTopic(String topic, TopicKind kind) implements ResetAction {
    @Override
    public String describe() {
      return "delete topic '" + topic + "' (" + kind.label + ")";
    }

    @Override
    public String done() {
      return "deleted topic '" + topic + "' (" + kind.label + ")";
    }
  }

  /** The kinds of internal topics, in the order a reset deletes them. */
  enum TopicKind {
    REPARTITION("repartition"),
    CHANGELOG("changelog"),
    DEAD_LETTERS("dead letters");

    private final String label;

    TopicKind(String label) {
      this.label = label;
    }
  }
}
