package dev.weir.internal.graph;

import java.util.List;

/** A stateless, record-at-a-time operator. The key of each record is kept. */
public final class TransformNode extends Node {

  /** What the function does with a record. */
  public enum Kind {
    MAP,
    FILTER,
    FLAT_MAP,
    PEEK
  }

  private final Kind transform;
  private final Object function;

  TransformNode(int id, String name, Node parent, Kind transform, Object function) {
    super(id, name, List.of(parent));
    this.transform = transform;
    this.function = function;
  }

  public Kind transform() {
    return transform;
  }

  /** A MapFunction, FilterFunction, FlatMapFunction or PeekFunction, as {@link #transform()} says. */
  public Object function() {
    return function;
  }

  @Override
  public String kind() {
    return switch (transform) {
      case MAP -> "map";
      case FILTER -> "filter";
      case FLAT_MAP -> "flat-map";
      case PEEK -> "peek";
    };
  }
}
