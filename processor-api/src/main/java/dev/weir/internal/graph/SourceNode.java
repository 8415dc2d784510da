package dev.weir.internal.graph;

import dev.weir.api.functions.TimestampAssigner;
import dev.weir.api.time.WatermarkStrategy;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;

/** Reads Kafka topics. */
public final class SourceNode extends Node {

  private final List<String> topics;
  private final Serde<?> keySerde;
  private final Serde<?> valueSerde;
  private final WatermarkStrategy<?> watermarks;
  private final boolean keyed;

  SourceNode(
      int id,
      String name,
      List<String> topics,
      Serde<?> keySerde,
      Serde<?> valueSerde,
      WatermarkStrategy<?> watermarks,
      boolean keyed) {
    super(id, name, List.of());
    this.topics = List.copyOf(topics);
    this.keySerde = keySerde;
    this.valueSerde = valueSerde;
    this.watermarks = watermarks;
    this.keyed = keyed;
  }

  public List<String> topics() {
    return topics;
  }

  public Serde<?> keySerde() {
    return keySerde;
  }

  public Serde<?> valueSerde() {
    return valueSerde;
  }

  /** Null when the record's own timestamp is the event time. */
  public TimestampAssigner<?> timestampAssigner() {
    return watermarks.timestampAssigner();
  }

  /** How the source derives event time and watermarks per partition. */
  public WatermarkStrategy<?> watermarks() {
    return watermarks;
  }

  /** True when the topics are already partitioned by the record key, so the stream is keyed by it. */
  public boolean keyed() {
    return keyed;
  }

  @Override
  public String kind() {
    return "source";
  }
}
