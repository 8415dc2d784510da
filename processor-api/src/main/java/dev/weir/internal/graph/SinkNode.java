package dev.weir.internal.graph;

import dev.weir.api.functions.KeySelector;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;

/** Writes records to a Kafka topic. */
public final class SinkNode extends Node {

  private final String topic;
  private final Serde<?> keySerde;
  private final Serde<?> valueSerde;
  private final KeySelector<?, ?> keyFunction;
  private final boolean streamKey;

  SinkNode(
      int id,
      String name,
      Node parent,
      String topic,
      Serde<?> keySerde,
      Serde<?> valueSerde,
      KeySelector<?, ?> keyFunction,
      boolean streamKey) {
    super(id, name, List.of(parent));
    this.topic = topic;
    this.keySerde = keySerde;
    this.valueSerde = valueSerde;
    this.keyFunction = keyFunction;
    this.streamKey = streamKey;
  }

  public String topic() {
    return topic;
  }

  /** Null when records are written without a key. */
  public Serde<?> keySerde() {
    return keySerde;
  }

  public Serde<?> valueSerde() {
    return valueSerde;
  }

  /** Computes the record key from the value; null when the stream's key or no key is used. */
  public KeySelector<?, ?> keyFunction() {
    return keyFunction;
  }

  /** True when the record key is the stream's key (a keyed stream without a key function). */
  public boolean streamKey() {
    return streamKey;
  }

  @Override
  public String kind() {
    return "sink";
  }
}
