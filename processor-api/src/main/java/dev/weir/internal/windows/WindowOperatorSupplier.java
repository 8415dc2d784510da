package dev.weir.internal.windows;

import dev.weir.api.functions.AggregateFunction;
import dev.weir.api.functions.KeyedProcessFunction;
import dev.weir.api.functions.ReduceFunction;
import dev.weir.api.state.MapStateDescriptor;
import dev.weir.api.state.StateDescriptor;
import dev.weir.api.windows.MergingWindowAssigner;
import dev.weir.api.windows.ProcessWindowFunction;
import dev.weir.api.windows.Window;
import dev.weir.api.windows.WindowResultFunction;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serde;

/**
 * Makes the window operator of one graph node, once per task, and declares its states. Built by
 * {@link dev.weir.api.WindowedStream}; immutable and shared by the tasks of a worker.
 *
 * @param <K> key type
 * @param <T> element type
 * @param <O> output type
 */
public final class WindowOperatorSupplier<K, T, O>
    implements Supplier<KeyedProcessFunction<K, T, O>> {

  private final Supplier<KeyedProcessFunction<K, T, O>> maker;
  private final List<StateDescriptor<?>> states;

  private WindowOperatorSupplier(
      Supplier<KeyedProcessFunction<K, T, O>> maker, List<StateDescriptor<?>> states) {
    this.maker = maker;
    this.states = List.copyOf(states);
  }

  /** Windows whose elements are folded by {@code reducer}. States: {@code <name>.windows}. */
  public static <K, T, W extends Window, O> WindowOperatorSupplier<K, T, O> reduce(
      WindowSpec<T, W> spec,
      ReduceFunction<T> reducer,
      Serde<T> serde,
      WindowResultFunction<? super K, ? super W, ? super T, ? extends O> result) {
    return accumulating(spec, serde, () -> new ReduceContents<>(reducer, result));
  }

  /** Windows that aggregate with {@code aggregator}. States: {@code <name>.windows}. */
  public static <K, T, W extends Window, A, R, O> WindowOperatorSupplier<K, T, O> aggregate(
      WindowSpec<T, W> spec,
      AggregateFunction<T, A, R> aggregator,
      Serde<A> accumulatorSerde,
      WindowResultFunction<? super K, ? super W, ? super R, ? extends O> result) {
    return accumulating(
        spec, accumulatorSerde, () -> new AggregateContents<K, T, W, A, R, O>(aggregator, result));
  }

  /**
   * Windows that keep their elements for {@code function}. States: {@code <name>.windows} and
   * {@code <name>.elements}.
   */
  public static <K, T, W extends Window, O> WindowOperatorSupplier<K, T, O> process(
      WindowSpec<T, W> spec, ProcessWindowFunction<T, O, K, W> function, Serde<T> elementSerde) {
    MapStateDescriptor<W, WindowEntry<Void>> windows = windowsDescriptor(spec, null);
    MapStateDescriptor<ElementKey, T> elements =
        StateDescriptor.map(spec.elementsStateName(), ElementKey.SERDE, elementSerde);
    // Elements are written once, when they arrive, and live as long as their window. A session
    // has no bounded length, so its elements' changelog cannot drop records by age.
    if (!(spec.assigner() instanceof MergingWindowAssigner<?, ?>)) {
      elements = withRetention(spec, elements);
    }
    MapStateDescriptor<ElementKey, T> elementsDescriptor = elements;
    return new WindowOperatorSupplier<>(
        () ->
            new WindowOperator<K, T, W, Void, O>(
                spec, windows, new ProcessContents<>(elementsDescriptor, function)),
        List.of(windows, elementsDescriptor));
  }

  /** Makes a new operator. Called once per task, by the runtime. */
  @Override
  public KeyedProcessFunction<K, T, O> get() {
    return maker.get();
  }

  /** The states the operator uses, to be declared on its graph node. */
  public List<StateDescriptor<?>> states() {
    return states;
  }

  private static <K, T, W extends Window, A, O> WindowOperatorSupplier<K, T, O> accumulating(
      WindowSpec<T, W> spec,
      Serde<A> contentsSerde,
      Supplier<WindowContents<K, T, W, A, O>> contents) {
    MapStateDescriptor<W, WindowEntry<A>> windows = windowsDescriptor(spec, contentsSerde);
    return new WindowOperatorSupplier<>(
        () -> new WindowOperator<>(spec, windows, contents.get()), List.of(windows));
  }

  private static <T, W extends Window, A> MapStateDescriptor<W, WindowEntry<A>> windowsDescriptor(
      WindowSpec<T, W> spec, Serde<A> contentsSerde) {
    return withRetention(
        spec,
        StateDescriptor.map(
            spec.windowsStateName(),
            WindowSerde.<W>instance(),
            new WindowEntrySerde<>(contentsSerde)));
  }

  private static <X, Y> MapStateDescriptor<X, Y> withRetention(
      WindowSpec<?, ?> spec, MapStateDescriptor<X, Y> descriptor) {
    Function<Duration, MapStateDescriptor<X, Y>> retained =
        descriptor::withChangelogRetention;
    return spec.windowRetention().map(retained).orElse(descriptor);
  }
}
