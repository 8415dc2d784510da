package dev.weir.internal.graph;

import dev.weir.api.functions.KeySelector;
import java.util.List;
import java.util.OptionalInt;
import org.apache.kafka.common.serialization.Serde;

/**
 * A key change: records are written, keyed by the new key, to the internal topic
 * {@code <application.id>-<name>-repartition} and read back by a new stage.
 */
public final class RepartitionNode extends Node {

  private final KeySelector<?, ?> keySelector;
  private final Serde<?> keySerde;
  private final Serde<?> valueSerde;
  private final Integer partitions;

  RepartitionNode(
      int id,
      String name,
      Node parent,
      KeySelector<?, ?> keySelector,
      Serde<?> keySerde,
      Serde<?> valueSerde,
      Integer partitions) {
    super(id, name, List.of(parent));
    this.keySelector = keySelector;
    this.keySerde = keySerde;
    this.valueSerde = valueSerde;
    this.partitions = partitions;
  }

  public KeySelector<?, ?> keySelector() {
    return keySelector;
  }

  public Serde<?> keySerde() {
    return keySerde;
  }

  public Serde<?> valueSerde() {
    return valueSerde;
  }

  /** The partition count asked for; empty to use the upstream stage's task count. */
  public OptionalInt partitions() {
    return partitions == null ? OptionalInt.empty() : OptionalInt.of(partitions);
  }

  /** The internal topic's name for an application. */
  public String topic(String applicationId) {
    return applicationId + "-" + name() + "-repartition";
  }

  @Override
  public String kind() {
    return "key-by";
  }
}
