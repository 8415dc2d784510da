package dev.weir.internal.runtime.plan;

import dev.weir.api.Pipeline;
import dev.weir.api.TopologyException;
import dev.weir.api.state.StateDescriptor;
import dev.weir.internal.graph.Graph;
import dev.weir.internal.graph.Node;
import dev.weir.internal.graph.ProcessNode;
import dev.weir.internal.graph.RepartitionNode;
import dev.weir.internal.graph.SinkNode;
import dev.weir.internal.graph.SourceNode;
import dev.weir.internal.runtime.state.Ttl;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Cuts a pipeline's logical graph into stages at its repartition topics. Needs no broker; the
 * partition counts of the stages are found when a worker starts.
 */
public final class Planner {

  private Planner() {}

  /**
   * @throws TopologyException when the pipeline cannot run: nothing to read, keyed operators on
   *     a stream that is not keyed
   */
  public static Plan plan(Pipeline pipeline, String applicationId) {
    Graph graph = pipeline.graph();
    if (graph.sources().isEmpty()) {
      throw new TopologyException(
          "The pipeline reads nothing: add a source with pipeline.source(KafkaSource.of(...))");
    }
    List<Stage> stages = new ArrayList<>();
    // Graph order puts every node after its parents, so stages come out upstream first.
    for (Node node : graph.nodes()) {
      if (node instanceof SourceNode source) {
        stages.add(stage(stages.size(), source, source.topics(), applicationId));
      } else if (node instanceof RepartitionNode repartition) {
        stages.add(
            stage(stages.size(), repartition, List.of(repartition.topic(applicationId)),
                applicationId));
      }
    }
    return new Plan(applicationId, stages);
  }

  private static Stage stage(int id, Node root, List<String> topics, String applicationId) {
    List<Node> nodes = new ArrayList<>();
    List<StateDescriptor<?>> states = new ArrayList<>();
    List<RepartitionNode> writers = new ArrayList<>();
    Deque<Node> pending = new ArrayDeque<>(root.children());
    while (!pending.isEmpty()) {
      Node node = pending.removeFirst();
      nodes.add(node);
      if (node instanceof RepartitionNode repartition) {
        // The write side belongs to this stage; the read side roots the next one.
        writers.add(repartition);
        continue;
      }
      if (node instanceof ProcessNode process) {
        for (StateDescriptor<?> state : process.states()) {
          states.add(state);
          if (state.ttl().isPresent()) {
            // Where the expiry of the state's entries is filed, for incremental cleanup.
            states.add(
                StateDescriptor.value(
                    Ttl.indexStateName(state.name()), dev.weir.serde.Serdes.bytes()));
          }
        }
        states.add(process.timersDescriptor());
      }
      if (!(node instanceof SinkNode)) {
        pending.addAll(node.children());
      }
    }
    nodes.sort((a, b) -> Integer.compare(a.id(), b.id()));
    return new Stage(id, root, List.copyOf(topics), nodes, states, writers);
  }
}
