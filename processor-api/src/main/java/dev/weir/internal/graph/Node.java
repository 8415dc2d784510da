package dev.weir.internal.graph;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One operator of the logical graph. Nodes are created by the pipeline builder, in the order the
 * user adds them, so a node's parents always come before it.
 */
public abstract sealed class Node
    permits SourceNode,
        TransformNode,
        RepartitionNode,
        ProcessNode,
        SideOutputNode,
        SinkNode {

  private final int id;
  private String name;
  private final List<Node> parents;
  private final List<Node> children = new ArrayList<>();

  Node(int id, String name, List<Node> parents) {
    this.id = id;
    this.name = name;
    this.parents = List.copyOf(parents);
  }

  /** Position in the pipeline, from 0, in the order nodes were added. */
  public int id() {
    return id;
  }

  /** Unique within the pipeline. Names state, internal topics, metrics and dead letters. */
  public String name() {
    return name;
  }

  public List<Node> parents() {
    return parents;
  }

  public List<Node> children() {
    return Collections.unmodifiableList(children);
  }

  /** A short word for the kind of operator, used in generated names and descriptions. */
  public abstract String kind();

  void addChild(Node child) {
    children.add(child);
  }

  void rename(String newName) {
    this.name = newName;
  }

  @Override
  public String toString() {
    return kind() + " '" + name + "'";
  }
}
