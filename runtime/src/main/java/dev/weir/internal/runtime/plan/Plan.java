package dev.weir.internal.runtime.plan;

import dev.weir.api.state.StateDescriptor;
import dev.weir.internal.graph.Node;
import dev.weir.internal.graph.RepartitionNode;
import dev.weir.internal.graph.SinkNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
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

  /** The stage that writes the repartition topic {@code repartition} reads from. */
  public Stage writerOf(RepartitionNode repartition) {
    for (Stage stage : stages) {
      if (stage.repartitionWriters().contains(repartition)) {
        return stage;
      }
    }
    throw new IllegalStateException("No stage writes " + repartition.topic(applicationId));
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

  /**
   * A short hash of what makes two instances' tasks the same tasks: each stage's input topics,
   * operator names, states and repartition topics. Instances of one application must agree on it.
   */
  public String fingerprint() {
    StringBuilder text = new StringBuilder(applicationId);
    for (Stage stage : stages) {
      text.append("|stage ").append(stage.id()).append(' ').append(stage.inputTopics());
      stage.nodes().forEach(node -> text.append(" node ").append(node.name()));
      stage.states().forEach(state -> text.append(" state ").append(state.name()));
      stage
          .repartitionWriters()
          .forEach(writer -> text.append(" writes ").append(writer.topic(applicationId)));
    }
    try {
      byte[] hash =
          java.security.MessageDigest.getInstance("SHA-256")
              .digest(text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(hash, 0, 6);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  /** The plan as a Graphviz digraph: a cluster per stage, topics as boxes, states as cylinders. */
  public String toDot() {
    StringBuilder dot = new StringBuilder("digraph \"").append(applicationId).append("\" {\n");
    dot.append("  rankdir=LR;\n  node [fontname=\"Helvetica\"];\n");
    Drawing drawing = new Drawing();
    for (Stage stage : stages) {
      dot.append("  subgraph cluster_").append(stage.id()).append(" {\n");
      dot.append("    label=\"stage ").append(stage.id()).append("\";\n");
      for (Node node : stageNodes(stage)) {
        dot.append("    ").append(drawing.id(node)).append(" [label=\"")
            .append(node.kind()).append("\\n").append(node.name()).append("\"];\n");
      }
      dot.append("  }\n");
    }
    drawing.edges(this, (from, to, dashed) ->
        dot.append("  ").append(from).append(" -> ").append(to)
            .append(dashed ? " [style=dashed]" : "").append(";\n"));
    drawing.topics.forEach((topic, id) ->
        dot.append("  ").append(id).append(" [shape=box, style=rounded, label=\"")
            .append(topic).append("\"];\n"));
    drawing.states.forEach((state, id) ->
        dot.append("  ").append(id).append(" [shape=cylinder, label=\"")
            .append(state).append("\"];\n"));
    return dot.append("}\n").toString();
  }

  /** The plan as a Mermaid flowchart: a subgraph per stage, topics rounded, states as cylinders. */
  public String toMermaid() {
    StringBuilder mermaid = new StringBuilder("flowchart LR\n");
    Drawing drawing = new Drawing();
    for (Stage stage : stages) {
      mermaid.append("  subgraph stage").append(stage.id())
          .append("[\"stage ").append(stage.id()).append("\"]\n");
      for (Node node : stageNodes(stage)) {
        mermaid.append("    ").append(drawing.id(node)).append("[\"")
            .append(node.kind()).append(": ").append(node.name()).append("\"]\n");
      }
      mermaid.append("  end\n");
    }
    drawing.edges(this, (from, to, dashed) ->
        mermaid.append("  ").append(from).append(dashed ? " -.- " : " --> ").append(to).append("\n"));
    drawing.topics.forEach((topic, id) ->
        mermaid.append("  ").append(id).append("([\"").append(topic).append("\"])\n"));
    drawing.states.forEach((state, id) ->
        mermaid.append("  ").append(id).append("[(\"").append(state).append("\")]\n"));
    return mermaid.toString();
  }

  private static List<Node> stageNodes(Stage stage) {
    List<Node> nodes = new ArrayList<>();
    nodes.add(stage.root());
    for (Node node : stage.nodes()) {
      if (!(node instanceof RepartitionNode)) {
        nodes.add(node);
      }
    }
    return nodes;
  }

  /** Ids of a drawing's nodes, topics and states, and its edges. */
  private static final class Drawing {
    final Map<String, String> topics = new LinkedHashMap<>();
    final Map<String, String> states = new LinkedHashMap<>();

    interface EdgeSink {
      void edge(String from, String to, boolean dashed);
    }

    String id(Node node) {
      return "n" + node.id();
    }

    String topic(String name) {
      return topics.computeIfAbsent(name, t -> "t" + topics.size());
    }

    String state(String name) {
      return states.computeIfAbsent(name, s -> "s" + states.size());
    }

    void edges(Plan plan, EdgeSink sink) {
      for (Stage stage : plan.stages()) {
        Node root = stage.root();
        for (String topic : stage.inputTopics()) {
          sink.edge(topic(topic), id(root), false);
        }
        for (Node node : stage.nodes()) {
          Node parent = node.parents().get(0);
          if (node instanceof RepartitionNode repartition) {
            sink.edge(id(parent), topic(repartition.topic(plan.applicationId())), false);
            continue;
          }
          sink.edge(id(parent), id(node), false);
          if (node instanceof SinkNode sinkNode) {
            sink.edge(id(node), topic(sinkNode.topic()), false);
          }
        }
        for (StateDescriptor<?> state : stage.states()) {
          String owner =
              stage.processNodes().stream()
                  .filter(
                      process ->
                          process.states().contains(state)
                              || state.name().startsWith(process.name() + "."))
                  .map(this::id)
                  .findFirst()
                  .orElse(null);
          if (owner != null) {
            sink.edge(owner, state(state.name()), true);
          }
        }
      }
    }
  }
}
