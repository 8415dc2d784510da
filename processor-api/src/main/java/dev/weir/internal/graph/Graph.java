package dev.weir.internal.graph;

import dev.weir.api.OutputTag;
import dev.weir.api.TopologyException;
import dev.weir.api.functions.KeySelector;
import dev.weir.api.functions.KeyedProcessFunction;
import dev.weir.api.time.WatermarkStrategy;
import dev.weir.api.state.StateDescriptor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.apache.kafka.common.serialization.Serde;

/**
 * The logical graph of one pipeline. Checks, as each node is added, everything that can be checked
 * without a broker: unique operator names, unique state names, each topic read once. So a mistake
 * fails at the line of the pipeline that makes it.
 *
 * <p>Built by one thread, then only read.
 */
public final class Graph {

  private static final Pattern LEGAL_NAME = Pattern.compile("[a-zA-Z0-9._-]{1,200}");

  private final List<Node> nodes = new ArrayList<>();
  private final Map<String, Node> byName = new HashMap<>();
  private final Map<String, Node> stateOwners = new HashMap<>();
  private final Map<String, SourceNode> topicReaders = new HashMap<>();

  /** Every node, in the order added (parents before children). */
  public List<Node> nodes() {
    return Collections.unmodifiableList(nodes);
  }

  public List<SourceNode> sources() {
    List<SourceNode> sources = new ArrayList<>();
    for (Node node : nodes) {
      if (node instanceof SourceNode source) {
        sources.add(source);
      }
    }
    return sources;
  }

  public SourceNode addSource(
      String name,
      List<String> topics,
      Serde<?> keySerde,
      Serde<?> valueSerde,
      WatermarkStrategy<?> watermarks,
      boolean keyed) {
    String chosen = name != null ? name : "source-" + String.join("-", topics);
    for (String topic : topics) {
      SourceNode other = topicReaders.get(topic);
      if (other != null) {
        throw new TopologyException(
            "Topic '"
                + topic
                + "' is read by two sources, '"
                + other.name()
                + "' and '"
                + chosen
                + "'. A topic may be read once per pipeline: read it once and use the stream it"
                + " gives in several places.");
      }
    }
    SourceNode node =
        new SourceNode(
            nodes.size(),
            checkNew(chosen),
            topics,
            keySerde,
            valueSerde,
            watermarks,
            keyed);
    topics.forEach(topic -> topicReaders.put(topic, node));
    return add(node);
  }

  public TransformNode addTransform(
      Node parent, String name, TransformNode.Kind transform, Object function) {
    String kind =
        switch (transform) {
          case MAP -> "map";
          case FILTER -> "filter";
          case FLAT_MAP -> "flat-map";
          case PEEK -> "peek";
        };
    String chosen = name != null ? checkNew(name) : derivedName(parent, kind);
    return add(new TransformNode(nodes.size(), chosen, parent, transform, function));
  }

  public RepartitionNode addRepartition(
      Node parent,
      String name,
      KeySelector<?, ?> keySelector,
      Serde<?> keySerde,
      Serde<?> valueSerde,
      Integer partitions) {
    String chosen = name != null ? checkNew(name) : derivedName(parent, "key-by");
    return add(
        new RepartitionNode(
            nodes.size(), chosen, parent, keySelector, keySerde, valueSerde, partitions));
  }

  public ProcessNode addProcess(
      Node parent,
      String name,
      Supplier<? extends KeyedProcessFunction<?, ?, ?>> function,
      List<StateDescriptor<?>> states,
      String kind) {
    String chosen = checkNew(name);
    Map<String, StateDescriptor<?>> own = new HashMap<>();
    for (StateDescriptor<?> state : states) {
      Node owner = stateOwners.get(state.name());
      if (owner != null || own.containsKey(state.name())) {
        String ownerName = owner != null ? owner.name() : chosen;
        throw new TopologyException(
            "State '"
                + state.name()
                + "' is declared by operator '"
                + ownerName
                + "' and again by operator '"
                + chosen
                + "'. State names name changelog topics and must be unique in a pipeline:"
                + " give one of them another name.");
      }
      own.put(state.name(), state);
      if (state.ttl().isPresent()) {
        // Reserved for the index of the entries' expiry times.
        own.put(state.name() + ".ttl", state);
      }
    }
    if (own.containsKey(ProcessNode.timersStateName(chosen))
        || stateOwners.containsKey(ProcessNode.timersStateName(chosen))) {
      throw new TopologyException(
          "State name '"
              + ProcessNode.timersStateName(chosen)
              + "' is reserved for the timers of operator '"
              + chosen
              + "': give the state another name.");
    }
    ProcessNode node = new ProcessNode(nodes.size(), chosen, parent, function, states, kind);
    own.keySet().forEach(state -> stateOwners.put(state, node));
    stateOwners.put(ProcessNode.timersStateName(chosen), node);
    return add(node);
  }

  /**
   * The side output {@code tag} of a process operator, as a node of its own. Asking twice for one
   * tag of one operator gives the same node.
   */
  public SideOutputNode addSideOutput(Node parent, OutputTag<?> tag) {
    if (!(parent instanceof ProcessNode)) {
      throw new TopologyException(
          "Side output '"
              + tag.id()
              + "' asked of "
              + parent
              + ", which cannot emit side outputs: only process and window operators can.");
    }
    for (Node child : parent.children()) {
      if (child instanceof SideOutputNode side && side.tag().equals(tag)) {
        return side;
      }
    }
    String name = checkNew(parent.name() + "-side-" + tag.id());
    return add(new SideOutputNode(nodes.size(), name, parent, tag));
  }

  public SinkNode addSink(
      Node parent,
      String name,
      String topic,
      Serde<?> keySerde,
      Serde<?> valueSerde,
      KeySelector<?, ?> keyFunction,
      boolean streamKey) {
    String chosen = name != null ? checkNew(name) : derivedName(parent, "sink-" + topic);
    return add(
        new SinkNode(
            nodes.size(), chosen, parent, topic, keySerde, valueSerde, keyFunction, streamKey));
  }

  /**
   * Gives a node the name a user chose. Only before anything follows it, so that names derived
   * from it stay true.
   */
  public void rename(Node node, String name) {
    if (node.name().equals(name)) {
      return;
    }
    if (!node.children().isEmpty()) {
      throw new IllegalStateException(
          "Cannot name "
              + node
              + " '"
              + name
              + "': operators already follow it. Call named(...) right after the operator.");
    }
    checkNew(name);
    byName.remove(node.name());
    node.rename(name);
    byName.put(name, node);
  }

  private String derivedName(Node parent, String kind) {
    // A path from the nearest named ancestor: adding an unrelated operator elsewhere in the
    // pipeline never changes it, so internal topic names stay put across versions of a pipeline.
    String base = parent.name() + "-" + kind;
    String candidate = base;
    for (int i = 2; byName.containsKey(candidate); i++) {
      candidate = base + "-" + i;
    }
    return candidate;
  }

  private String checkNew(String name) {
    if (!LEGAL_NAME.matcher(name).matches()) {
      throw new TopologyException(
          "Operator name '"
              + name
              + "' is not allowed: names become parts of topic names, so they may use only"
              + " letters, digits, '.', '_' and '-' (1 to 200 characters).");
    }
    Node existing = byName.get(name);
    if (existing != null) {
      throw new TopologyException(
          "Two operators are named '"
              + name
              + "' (the first is "
              + existing
              + "). Names identify state and internal topics and must be unique in a pipeline:"
              + " rename one of them.");
    }
    return name;
  }

  private <N extends Node> N add(N node) {
    nodes.add(node);
    byName.put(node.name(), node);
    for (Node parent : node.parents()) {
      parent.addChild(node);
    }
    return node;
  }
}
