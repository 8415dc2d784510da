package dev.weir.internal.graph;

import dev.weir.api.OutputTag;
import java.util.List;

/**
 * The values a process operator emits to one side output ({@code context.output(tag, value)}),
 * as a stream of their own.
 */
public final class SideOutputNode extends Node {

  private final OutputTag<?> tag;

  SideOutputNode(int id, String name, Node parent, OutputTag<?> tag) {
    super(id, name, List.of(parent));
    this.tag = tag;
  }

  public OutputTag<?> tag() {
    return tag;
  }

  @Override
  public String kind() {
    return "side-output";
  }
}
