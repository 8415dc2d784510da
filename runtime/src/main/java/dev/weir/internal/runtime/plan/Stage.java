package dev.weir.internal.runtime.plan;

import dev.weir.api.state.StateDescriptor;
import dev.weir.internal.graph.Node;
import dev.weir.internal.graph.ProcessNode;
import dev.weir.internal.graph.RepartitionNode;
import dev.weir.internal.graph.SourceNode;
import java.util.List;

/**
 * The part of a pipeline between Kafka topics: one input (a source, or the read side of a
 * repartition topic) and the operators chained after it, up to sinks and repartition writers.
 * One task per partition of its input topics.
 *
 * @param id position in the plan; upstream stages come first
 * @param root the {@link SourceNode} or {@link RepartitionNode} whose topics the stage reads
 * @param inputTopics the topics the stage reads; co-partitioned
 * @param nodes the operators of the stage after the root, parents before children
 * @param states every state of the stage, in the order that defines their store indexes
 * @param repartitionWriters key changes whose topics this stage writes
 */
public record Stage(
    int id,
    Node root,
    List<String> inputTopics,
    List<Node> nodes,
    List<StateDescriptor<?>> states,
    List<RepartitionNode> repartitionWriters) {

  /** True when records arrive already partitioned by the key of the stage's keyed operators. */
  public boolean keyed() {
    return root instanceof RepartitionNode || ((SourceNode) root).keyed();
  }

  /** The operators with state. */
  public List<ProcessNode> processNodes() {
    return nodes.stream()
        .filter(ProcessNode.class::isInstance)
        .map(ProcessNode.class::cast)
        .toList();
  }

  /** The changelog topic of a state, for an application. */
  public static String changelogTopic(String applicationId, String stateName) {
    return applicationId + "-" + stateName + "-changelog";
  }
}
