package dev.weir.internal.windows;

import dev.weir.api.OutputTag;
import dev.weir.api.functions.Collector;
import dev.weir.api.functions.KeyedProcessFunction;
import dev.weir.api.windows.ProcessWindowFunction;
import dev.weir.api.windows.Window;

/**
 * What a window keeps of its elements and how it turns that into results: the part in which
 * reduce, aggregate and process windows differ. One instance per task, made with the operator.
 *
 * @param <K> key type
 * @param <T> element type
 * @param <W> window type
 * @param <A> what a {@link WindowEntry} holds (unused by process windows)
 * @param <O> output type
 */
abstract class WindowContents<K, T, W extends Window, A, O> {

  /** Obtains state handles. Called once, from the operator's open. */
  void open(KeyedProcessFunction.OpenContext context) {}

  abstract void add(WindowEntry<A> entry, T element) throws Exception;

  abstract boolean isEmpty(WindowEntry<A> entry);

  /** Moves the contents of {@code source} into {@code target}, for merging windows. */
  abstract void merge(WindowEntry<A> target, WindowEntry<A> source) throws Exception;

  /** Emits the results of a firing of {@code window}, whose entry is not empty. */
  abstract void emit(
      K key, W window, WindowEntry<A> entry, Firing<K, W> firing, Collector<O> out)
      throws Exception;

  /** Discards the contents (purge, or the window is deleted). */
  abstract void clear(WindowEntry<A> entry);

  /**
   * The context of one firing, also the {@link ProcessWindowFunction.Context}. One reusable
   * instance per operator, bound to the call's context before each firing.
   */
  static final class Firing<K, W extends Window> implements ProcessWindowFunction.Context<W> {

    private W window;
    private KeyedProcessFunction.Context<K> context;

    Firing<K, W> bind(W window, KeyedProcessFunction.Context<K> context) {
      this.window = window;
      this.context = context;
      return this;
    }

    @Override
    public W window() {
      return window;
    }

    @Override
    public long currentWatermark() {
      return context.timerService().currentWatermark();
    }

    @Override
    public long currentProcessingTime() {
      return context.timerService().currentProcessingTime();
    }

    @Override
    public <X> void output(OutputTag<X> tag, X value) {
      context.output(tag, value);
    }
  }
}
