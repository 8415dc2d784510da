package dev.weir.api;

import dev.weir.internal.graph.Graph;
import dev.weir.internal.graph.SourceNode;

/**
 * A dataflow graph of sources, operators and sinks, built by the user and run by a worker.
 *
 * <pre>{@code
 * Pipeline pipeline = Pipeline.create();
 * pipeline.source(KafkaSource.of("clicks", Serdes.string(), Serdes.json(Click.class)))
 *     .keyBy(Click::userId, Serdes.string())
 *     .process("count-clicks", ClickCounter::new, ClickCounter.COUNT)
 *     .sinkTo(KafkaSink.of("click-counts", Serdes.string(), Serdes.json(ClickCount.class)));
 * }</pre>
 *
 * <p>Mistakes that can be seen without a broker (a name used twice, a topic read twice, a missing
 * serde) throw {@link TopologyException} from the call that makes them. Built by one thread.
 */
public final class Pipeline {

  private final Graph graph = new Graph();

  private Pipeline() {}

  public static Pipeline create() {
    return new Pipeline();
  }

  /**
   * A stream of the values of {@code source}'s records. Keying it ({@link Stream#keyBy}) writes
   * through a repartition topic.
   */
  public <K, V> Stream<V> source(KafkaSource<K, V> source) {
    SourceNode node = addSource(source, false);
    return new Stream<>(graph, node, source.valueSerde());
  }

  /**
   * A stream keyed by the record key of {@code source}, whose topics are already partitioned by
   * that key (as Kafka's default partitioner does for keyed records): no repartition topic is
   * needed.
   */
  public <K, V> KeyedStream<K, V> keyedSource(KafkaSource<K, V> source) {
    SourceNode node = addSource(source, true);
    return new KeyedStream<>(graph, node, source.keySerde(), source.valueSerde());
  }

  /**
   * The logical graph, for the planner.
   *
   * <p>Not public API: its type lives in an internal package and may change in any release.
   */
  public Graph graph() {
    return graph;
  }

  private SourceNode addSource(KafkaSource<?, ?> source, boolean keyed) {
    return graph.addSource(
        source.name(),
        source.topics(),
        source.keySerde(),
        source.valueSerde(),
        source.watermarks(),
        keyed);
  }
}
