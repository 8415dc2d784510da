package dev.weir.api;

import dev.weir.api.functions.AggregateFunction;
import dev.weir.api.functions.FilterFunction;
import dev.weir.api.functions.FlatMapFunction;
import dev.weir.api.functions.KeyedProcessFunction;
import dev.weir.api.functions.MapFunction;
import dev.weir.api.functions.PeekFunction;
import dev.weir.api.functions.ReduceFunction;
import dev.weir.api.state.StateDescriptor;
import dev.weir.api.windows.Window;
import dev.weir.api.windows.WindowAssigner;
import dev.weir.internal.functions.RollingAggregate;
import dev.weir.internal.functions.RollingReduce;
import dev.weir.internal.graph.Graph;
import dev.weir.internal.graph.Node;
import dev.weir.internal.graph.TransformNode;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serde;

/**
 * A stream partitioned by a key of type {@code K}: every record of one key is processed by the
 * same task, in order, and keyed state is scoped to it. The operators here keep the key.
 *
 * @param <K> key type
 * @param <T> value type
 */
public final class KeyedStream<K, T> {

  private final Graph graph;
  private final Node node;
  private final Serde<K> keySerde;
  private final Serde<T> valueSerde;

  KeyedStream(Graph graph, Node node, Serde<K> keySerde, Serde<T> valueSerde) {
    this.graph = graph;
    this.node = node;
    this.keySerde = keySerde;
    this.valueSerde = valueSerde;
  }

  /** Applies {@code function} to each value; the key stays. */
  public <R> KeyedStream<K, R> mapValues(MapFunction<? super T, ? extends R> function) {
    Objects.requireNonNull(function, "function");
    return next(graph.addTransform(node, null, TransformNode.Kind.MAP, function), null);
  }

  /** Keeps the values {@code predicate} accepts. */
  public KeyedStream<K, T> filter(FilterFunction<? super T> predicate) {
    Objects.requireNonNull(predicate, "predicate");
    return next(graph.addTransform(node, null, TransformNode.Kind.FILTER, predicate), valueSerde);
  }

  /** Turns each value into zero or more, each with the same key. */
  public <R> KeyedStream<K, R> flatMapValues(FlatMapFunction<? super T, R> function) {
    Objects.requireNonNull(function, "function");
    return next(graph.addTransform(node, null, TransformNode.Kind.FLAT_MAP, function), null);
  }

  /** Sees each value without changing it. */
  public KeyedStream<K, T> peek(PeekFunction<? super T> action) {
    Objects.requireNonNull(action, "action");
    return next(graph.addTransform(node, null, TransformNode.Kind.PEEK, action), valueSerde);
  }

  /** Names the operator that made this stream; call it right after the operator. */
  public KeyedStream<K, T> named(String name) {
    graph.rename(node, Objects.requireNonNull(name, "name"));
    return this;
  }

  /**
   * Runs a {@link KeyedProcessFunction} over each record, with keyed state. One function instance
   * is made per task by {@code function}.
   *
   * @param name unique operator name
   * @param states every state the function obtains in {@code open}
   */
  public <O> KeyedStream<K, O> process(
      String name,
      Supplier<? extends KeyedProcessFunction<K, T, O>> function,
      StateDescriptor<?>... states) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(function, "function");
    return next(graph.addProcess(node, name, function, List.of(states), "process"), null);
  }

  /**
   * A rolling reduce: for each record, folds it into its key's value and emits the new value. The
   * value is kept in the state named {@code name}.
   */
  public KeyedStream<K, T> reduce(String name, ReduceFunction<T> reducer, Serde<T> serde) {
    var state = StateDescriptor.reducing(name, reducer, serde);
    return next(
        graph.addProcess(node, name, () -> new RollingReduce<K, T>(state), List.of(state), "reduce"),
        serde);
  }

  /**
   * A rolling aggregate: for each record, adds it to its key's accumulator and emits the result.
   * The accumulator is kept in the state named {@code name}.
   */
  public <A, R> KeyedStream<K, R> aggregate(
      String name, AggregateFunction<T, A, R> aggregator, Serde<A> accumulatorSerde) {
    var state = StateDescriptor.aggregating(name, aggregator, accumulatorSerde);
    return next(
        graph.addProcess(
            node, name, () -> new RollingAggregate<K, T, R>(state), List.of(state), "aggregate"),
        null);
  }

  /**
   * Groups each key's records into windows made by {@code assigner}, such as {@code
   * TumblingEventTimeWindows.of(Duration.ofMinutes(1))}; the returned stream says when windows
   * fire and what they compute.
   */
  public <W extends Window> WindowedStream<K, T, W> window(
      WindowAssigner<? super T, W> assigner) {
    Objects.requireNonNull(assigner, "assigner");
    return new WindowedStream<>(graph, node, keySerde, assigner);
  }

  /**
   * The values the operator that made this stream emitted to {@code tag}
   * ({@code context.output(tag, value)}), as a stream that is not keyed.
   *
   * @throws TopologyException when that operator is not a process or window operator
   */
  public <X> Stream<X> sideOutput(OutputTag<X> tag) {
    Objects.requireNonNull(tag, "tag");
    return new Stream<>(graph, graph.addSideOutput(node, tag), tag.serde());
  }

  /**
   * The same records as a stream that is not keyed, to change the key ({@link Stream#keyBy}) or
   * the value type with {@link Stream#map}.
   */
  public Stream<T> asStream() {
    return new Stream<>(graph, node, valueSerde);
  }

  /** Writes the stream to Kafka, keyed by the stream's key unless the sink has a key function. */
  public void sinkTo(KafkaSink<K, T> sink) {
    Objects.requireNonNull(sink, "sink");
    if (sink.keySerde() == null) {
      graph.addSink(node, sink.name(), sink.topic(), null, sink.valueSerde(), null, false);
      return;
    }
    graph.addSink(
        node,
        sink.name(),
        sink.topic(),
        sink.keySerde(),
        sink.valueSerde(),
        sink.keyFunction(),
        sink.keyFunction() == null);
  }

  /** The serde of the key. */
  public Serde<K> keySerde() {
    return keySerde;
  }

  private <R> KeyedStream<K, R> next(Node next, Serde<R> serde) {
    return new KeyedStream<>(graph, next, keySerde, serde);
  }
}
