package dev.weir.internal.runtime.plan;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The stages of a pipeline for one application id: what every worker of the application runs.
 * Immutable.
 */
public final class Plan {

  private final String applicationId;
  private final List<Stage> stages;
  private final Map<String, Stage> stageByTopic = new HashMap<>();

  Plan(String applicationId, List<Stage> stages) {
    this.applicationId = applicationId;
    this.stages = List.copyOf(stages);
    for (Stage stage : stages) {
      for (String topic : stage.inputTopics()) {
        stageByTopic.put(topic, stage);
      }
    }
  }

  public String applicationId() {
    return applicationId;
  }

  /** Upstream stages before downstream ones. */
  public List<Stage> stages() {
    return stages;
  }

  /** The stage that reads {@code topic}, if any. */
  public Optional<Stage> stageReading(String topic) {
    return Optional.ofNullable(stageByTopic.get(topic));
  }

  /** Every topic the workers subscribe to. */
  public List<String> inputTopics() {
    return stages.stream().flatMap(stage -> stage.inputTopics().stream()).toList();
  }

  /** A text picture of the stages, their topics, operators and states. */
  public String describe() {
    StringBuilder text = new StringBuilder();
    text.append("Pipeline of application '").append(applicationId).append("'\n");
    for (Stage stage : stages) {
      text.append("  stage ").append(stage.id()).append(" reads ").append(stage.inputTopics());
      text.append('\n');
      text.append("    ").append(stage.root()).append('\n');
      stage
          .nodes()
          .forEach(
              node -> {
                text.append("    ").append(node);
                if (!node.parents().isEmpty() && node.parents().get(0) != stage.root()) {
                  text.append(" <- ").append(node.parents().get(0).name());
                }
                text.append('\n');
              });
      stage
          .states()
          .forEach(
              state ->
                  text.append("    state '")
                      .append(state.name())
                      .append("' -> ")
                      .append(Stage.changelogTopic(applicationId, state.name()))
                      .append('\n'));
      stage
          .repartitionWriters()
          .forEach(
              writer ->
                  text.append("    writes ").append(writer.topic(applicationId)).append('\n'));
    }
    return text.toString();
  }
}
