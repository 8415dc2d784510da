package dev.weir.api;

import dev.weir.api.functions.FilterFunction;
import dev.weir.api.functions.FlatMapFunction;
import dev.weir.api.functions.KeySelector;
import dev.weir.api.functions.MapFunction;
import dev.weir.api.functions.PeekFunction;
import dev.weir.internal.graph.Graph;
import dev.weir.internal.graph.Node;
import dev.weir.internal.graph.RepartitionNode;
import dev.weir.internal.graph.TransformNode;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;

/**
 * A stream of values of type {@code T} that is not keyed. Operators on it are chained in the
 * same task as the operator before them; {@link #keyBy} starts a new stage.
 *
 * @param <T> value type
 */
public class Stream<T> {

  final Graph graph;
  final Node node;
  final Serde<T> valueSerde;

  Stream(Graph graph, Node node, Serde<T> valueSerde) {
    this.graph = graph;
    this.node = node;
    this.valueSerde = valueSerde;
  }

  /** Applies {@code function} to each value. */
  public <R> Stream<R> map(MapFunction<? super T, ? extends R> function) {
    Objects.requireNonNull(function, "function");
    return new Stream<>(graph, transform(TransformNode.Kind.MAP, function), null);
  }

  /** Keeps the values {@code predicate} accepts. */
  public Stream<T> filter(FilterFunction<? super T> predicate) {
    Objects.requireNonNull(predicate, "predicate");
    return new Stream<>(graph, transform(TransformNode.Kind.FILTER, predicate), valueSerde);
  }

  /** Turns each value into zero or more. */
  public <R> Stream<R> flatMap(FlatMapFunction<? super T, R> function) {
    Objects.requireNonNull(function, "function");
    return new Stream<>(graph, transform(TransformNode.Kind.FLAT_MAP, function), null);
  }

  /** Sees each value without changing it. */
  public Stream<T> peek(PeekFunction<? super T> action) {
    Objects.requireNonNull(action, "action");
    return new Stream<>(graph, transform(TransformNode.Kind.PEEK, action), valueSerde);
  }

  /**
   * Names the operator that made this stream. Call it right after the operator, before adding
   * anything after it.
   */
  public Stream<T> named(String name) {
    graph.rename(node, Objects.requireNonNull(name, "name"));
    return this;
  }

  /**
   * Declares the serde of this stream's values, for operators that write them to a topic
   * ({@link #keyBy}) after a {@code map} lost track of it.
   */
  public Stream<T> withValueSerde(Serde<T> serde) {
    return new Stream<>(graph, node, Objects.requireNonNull(serde, "serde"));
  }

  /** Keys the stream by {@code keySelector}, through a repartition topic. */
  public <K> KeyedStream<K, T> keyBy(KeySelector<? super T, K> keySelector, Serde<K> keySerde) {
    Objects.requireNonNull(keySelector, "keySelector");
    return keyBy(Repartition.<T, K>by(keySelector::key, keySerde));
  }

  /** Keys the stream as {@code repartition} says, through a repartition topic. */
  public <K> KeyedStream<K, T> keyBy(Repartition<T, K> repartition) {
    Objects.requireNonNull(repartition, "repartition");
    Serde<T> serde = repartition.valueSerde() != null ? repartition.valueSerde() : valueSerde;
    if (serde == null) {
      Node changed = typeChangedAt(node);
      throw new TopologyException(
          "keyBy after "
              + node
              + " needs a serde for the values it writes to its repartition topic, and this"
              + " stream has none ("
              + changed
              + " changes the value type). Pass one with"
              + " keyBy(Repartition.by(selector, keySerde).valueSerde(serde)) or"
              + " withValueSerde(serde) before keyBy.");
    }
    RepartitionNode repartitionNode =
        graph.addRepartition(
            node,
            repartition.name(),
            repartition.keySelector(),
            repartition.keySerde(),
            serde,
            repartition.partitions());
    return new KeyedStream<>(graph, repartitionNode, repartition.keySerde(), serde);
  }

  /**
   * Writes the stream to Kafka. The record key comes from the sink's key function, or is null.
   */
  public void sinkTo(KafkaSink<?, T> sink) {
    Objects.requireNonNull(sink, "sink");
    graph.addSink(
        node,
        sink.name(),
        sink.topic(),
        sink.keyFunction() != null ? sink.keySerde() : null,
        sink.valueSerde(),
        sink.keyFunction(),
        false);
  }

  /** The operator that made the value type what it is: filters and peeks keep the type. */
  private static Node typeChangedAt(Node node) {
    Node current = node;
    while (current instanceof TransformNode transform
        && (transform.transform() == TransformNode.Kind.FILTER
            || transform.transform() == TransformNode.Kind.PEEK)) {
      current = current.parents().get(0);
    }
    return current;
  }

  Node transform(TransformNode.Kind kind, Object function) {
    return graph.addTransform(node, null, kind, function);
  }
}
