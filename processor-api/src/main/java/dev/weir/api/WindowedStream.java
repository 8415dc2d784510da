package dev.weir.api;

import dev.weir.api.functions.AggregateFunction;
import dev.weir.api.functions.ReduceFunction;
import dev.weir.api.windows.MergingWindowAssigner;
import dev.weir.api.windows.ProcessWindowFunction;
import dev.weir.api.windows.Trigger;
import dev.weir.api.windows.Window;
import dev.weir.api.windows.WindowAssigner;
import dev.weir.api.windows.WindowResultFunction;
import dev.weir.internal.graph.Graph;
import dev.weir.internal.graph.Node;
import dev.weir.internal.windows.WindowOperatorSupplier;
import dev.weir.internal.windows.WindowSpec;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;
import org.apache.kafka.common.serialization.Serde;

/**
 * A {@link KeyedStream} cut into windows by a {@link WindowAssigner}: configure when windows fire
 * ({@link #trigger}) and how late records are handled ({@link #allowedLateness}, {@link
 * #sideOutputLateData}), then say what a window computes ({@link #reduce}, {@link #aggregate},
 * {@link #process}). Immutable: each configuring method returns a copy.
 *
 * <p>Each terminal operation adds one window operator, named by the caller. It keeps its windows
 * in the keyed state {@code <name>.windows} (and, for {@code process}, the elements in {@code
 * <name>.elements}); both are written to changelog topics like any keyed state, so windows survive
 * crashes and rebalances. Results keep the key.
 *
 * @param <K> key type
 * @param <T> element type
 * @param <W> window type
 */
public final class WindowedStream<K, T, W extends Window> {

  // The state names add ".elements" (9 characters) to the operator name; state names may have
  // 200 characters.
  private static final int MAX_NAME_LENGTH = 191;
  private static final Pattern LEGAL_NAME = Pattern.compile("[a-zA-Z0-9._-]+");

  private final Graph graph;
  private final Node node;
  private final Serde<K> keySerde;
  private final WindowAssigner<? super T, W> assigner;
  private final Trigger<? super T, ? super W> trigger;
  private final Duration allowedLateness;
  private final OutputTag<T> lateDataTag;

  WindowedStream(Graph graph, Node node, Serde<K> keySerde, WindowAssigner<? super T, W> assigner) {
    this(
        graph,
        node,
        keySerde,
        assigner,
        checkTrigger(assigner, assigner.defaultTrigger(), "its default trigger "),
        Duration.ZERO,
        null);
  }

  private WindowedStream(
      Graph graph,
      Node node,
      Serde<K> keySerde,
      WindowAssigner<? super T, W> assigner,
      Trigger<? super T, ? super W> trigger,
      Duration allowedLateness,
      OutputTag<T> lateDataTag) {
    this.graph = graph;
    this.node = node;
    this.keySerde = keySerde;
    this.assigner = assigner;
    this.trigger = trigger;
    this.allowedLateness = allowedLateness;
    this.lateDataTag = lateDataTag;
  }

  /**
   * Uses {@code trigger} instead of the assigner's default to decide when windows fire.
   *
   * @throws IllegalArgumentException if the assigner merges windows (sessions) and the trigger
   *     cannot merge
   */
  public WindowedStream<K, T, W> trigger(Trigger<? super T, ? super W> trigger) {
    Objects.requireNonNull(trigger, "trigger");
    return new WindowedStream<>(
        graph,
        node,
        keySerde,
        assigner,
        checkTrigger(assigner, trigger, "trigger "),
        allowedLateness,
        lateDataTag);
  }

  /**
   * Keeps each window for {@code lateness} after the watermark passed its end, so that late
   * records still update it; each one fires it again (with the default trigger), emitting the
   * updated result. Zero by default.
   *
   * @throws IllegalArgumentException if {@code lateness} is negative or not a whole number of
   *     milliseconds, or if the windows are not event-time windows (no record is late for them)
   */
  public WindowedStream<K, T, W> allowedLateness(Duration lateness) {
    Objects.requireNonNull(lateness, "lateness");
    if (lateness.isNegative() || lateness.getNano() % 1_000_000 != 0) {
      throw new IllegalArgumentException(
          "The allowed lateness must be zero or a positive whole number of milliseconds, found "
              + lateness);
    }
    if (!lateness.isZero() && !assigner.isEventTime()) {
      throw new IllegalArgumentException(
          "An allowed lateness was set for "
              + assigner
              + ", which are not event-time windows: only event-time windows have late records."
              + " Remove allowedLateness(...) or use event-time windows.");
    }
    return new WindowedStream<>(
        graph, node, keySerde, assigner, trigger, lateness, lateDataTag);
  }

  /**
   * Sends records that are late for every window they belong to (beyond the allowed lateness) to
   * the side output {@code tag}; read it from the resulting stream with {@link
   * KeyedStream#sideOutput}. Without it such records are dropped and counted in the meter {@code
   * weir.late.records.dropped}.
   *
   * @throws IllegalArgumentException if the windows are not event-time windows
   */
  public WindowedStream<K, T, W> sideOutputLateData(OutputTag<T> tag) {
    Objects.requireNonNull(tag, "tag");
    if (!assigner.isEventTime()) {
      throw new IllegalArgumentException(
          "A late-data side output was set for "
              + assigner
              + ", which are not event-time windows: only event-time windows have late records."
              + " Remove sideOutputLateData(...) or use event-time windows.");
    }
    return new WindowedStream<>(graph, node, keySerde, assigner, trigger, allowedLateness, tag);
  }

  /**
   * Folds each window's elements with {@code reducer} as they arrive and emits the folded value
   * when the window fires. The window state holds one value per window.
   *
   * @param name unique operator name; names the states {@code <name>.windows}
   * @param serde serializes the folded value in the window state
   * @throws TopologyException if the name is taken or not allowed
   */
  public KeyedStream<K, T> reduce(String name, ReduceFunction<T> reducer, Serde<T> serde) {
    return reduce(name, reducer, serde, (key, window, result) -> result, serde);
  }

  /**
   * Like {@link #reduce(String, ReduceFunction, Serde)}, emitting what {@code resultFunction}
   * makes of the folded value, the key and the window (its start and end, for example).
   */
  public <O> KeyedStream<K, O> reduce(
      String name,
      ReduceFunction<T> reducer,
      Serde<T> serde,
      WindowResultFunction<? super K, ? super W, ? super T, ? extends O> resultFunction) {
    return reduce(name, reducer, serde, resultFunction, null);
  }

  /**
   * Adds each element to its windows' accumulators as it arrives and emits {@code
   * aggregator.result(accumulator)} when a window fires. The window state holds one accumulator
   * per window.
   *
   * @param name unique operator name; names the state {@code <name>.windows}
   * @param accumulatorSerde serializes accumulators in the window state
   * @throws IllegalArgumentException if the windows merge (sessions) and {@code aggregator} does
   *     not implement {@link AggregateFunction#merge}
   * @throws TopologyException if the name is taken or not allowed
   */
  public <A, R> KeyedStream<K, R> aggregate(
      String name, AggregateFunction<T, A, R> aggregator, Serde<A> accumulatorSerde) {
    return aggregate(name, aggregator, accumulatorSerde, (key, window, result) -> result);
  }

  /**
   * Like {@link #aggregate(String, AggregateFunction, Serde)}, emitting what {@code
   * resultFunction} makes of the aggregate's result, the key and the window: for example a
   * record with the window's start, end and a count, without keeping the elements.
   */
  public <A, R, O> KeyedStream<K, O> aggregate(
      String name,
      AggregateFunction<T, A, R> aggregator,
      Serde<A> accumulatorSerde,
      WindowResultFunction<? super K, ? super W, ? super R, ? extends O> resultFunction) {
    Objects.requireNonNull(aggregator, "aggregator");
    Objects.requireNonNull(accumulatorSerde, "accumulatorSerde");
    Objects.requireNonNull(resultFunction, "resultFunction");
    if (assigner instanceof MergingWindowAssigner<?, ?> && !implementsMerge(aggregator)) {
      throw new IllegalArgumentException(
          "Aggregate function "
              + aggregator.getClass().getName()
              + " does not implement merge(a, b), and "
              + assigner
              + " merge windows, so their accumulators must be merged: implement"
              + " AggregateFunction.merge.");
    }
    WindowSpec<T, W> spec = spec(name);
    return add(
        spec,
        WindowOperatorSupplier.<K, T, W, A, R, O>aggregate(
            spec, aggregator, accumulatorSerde, resultFunction),
        null);
  }

  /**
   * Keeps every element of each window and calls {@code function} with all of them, and the
   * window, when the window fires. Prefer {@link #aggregate} when the result can be computed
   * incrementally: this keeps each element in state (once per window it belongs to) until the
   * window is deleted.
   *
   * @param name unique operator name; names the states {@code <name>.windows} and {@code
   *     <name>.elements}
   * @param elementSerde serializes the elements in the window state
   * @throws TopologyException if the name is taken or not allowed
   */
  public <O> KeyedStream<K, O> process(
      String name, ProcessWindowFunction<T, O, K, W> function, Serde<T> elementSerde) {
    Objects.requireNonNull(function, "function");
    Objects.requireNonNull(elementSerde, "elementSerde");
    WindowSpec<T, W> spec = spec(name);
    return add(spec, WindowOperatorSupplier.process(spec, function, elementSerde), null);
  }

  private <O> KeyedStream<K, O> reduce(
      String name,
      ReduceFunction<T> reducer,
      Serde<T> serde,
      WindowResultFunction<? super K, ? super W, ? super T, ? extends O> resultFunction,
      Serde<O> resultSerde) {
    Objects.requireNonNull(reducer, "reducer");
    Objects.requireNonNull(serde, "serde");
    Objects.requireNonNull(resultFunction, "resultFunction");
    WindowSpec<T, W> spec = spec(name);
    return add(
        spec, WindowOperatorSupplier.reduce(spec, reducer, serde, resultFunction), resultSerde);
  }

  private <O> KeyedStream<K, O> add(
      WindowSpec<T, W> spec, WindowOperatorSupplier<K, T, O> operator, Serde<O> resultSerde) {
    Node window = graph.addProcess(node, spec.name(), operator, operator.states(), "window");
    return new KeyedStream<>(graph, window, keySerde, resultSerde);
  }

  private WindowSpec<T, W> spec(String name) {
    Objects.requireNonNull(name, "name");
    if (!LEGAL_NAME.matcher(name).matches() || name.length() > MAX_NAME_LENGTH) {
      throw new TopologyException(
          "Window operator name '"
              + name
              + "' is not allowed: it names the operator's states ('"
              + name
              + ".windows'), which become topic names, so it may use only letters, digits, '.',"
              + " '_' and '-' (1 to "
              + MAX_NAME_LENGTH
              + " characters).");
    }
    return new WindowSpec<>(name, assigner, trigger, allowedLateness, lateDataTag);
  }

  private static <T, W extends Window> Trigger<? super T, ? super W> checkTrigger(
      WindowAssigner<? super T, W> assigner, Trigger<? super T, ? super W> trigger, String what) {
    if (assigner instanceof MergingWindowAssigner<?, ?> && !trigger.canMerge()) {
      throw new IllegalArgumentException(
          "The "
              + what
              + trigger
              + " cannot merge windows (its canMerge() is false), but "
              + assigner
              + " merge windows. Use a trigger that can merge.");
    }
    return trigger;
  }

  private static boolean implementsMerge(AggregateFunction<?, ?, ?> aggregator) {
    try {
      Method merge = aggregator.getClass().getMethod("merge", Object.class, Object.class);
      return merge.getDeclaringClass() != AggregateFunction.class;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }
}
