package dev.weir.internal.windows;

import dev.weir.api.functions.AggregateFunction;
import dev.weir.api.functions.ReduceFunction;
import dev.weir.api.state.AggregatingState;
import dev.weir.api.state.AggregatingStateDescriptor;
import dev.weir.api.state.ReducingState;
import dev.weir.api.state.ReducingStateDescriptor;
import dev.weir.api.state.State;
import dev.weir.api.state.StateDescriptor;
import dev.weir.api.state.ValueState;
import dev.weir.api.state.ValueStateDescriptor;
import dev.weir.api.time.TimeDomain;
import dev.weir.api.time.TimerService;
import dev.weir.api.windows.Trigger;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;

/**
 * The trigger's view of one window: its timers go to the runtime's timer service and are recorded
 * in the window's entry (timers carry only a time, so the entry says which window a timer is
 * for); its state lives in the entry. One reusable instance per operator, bound to a window before
 * each trigger call.
 */
final class WindowTriggerContext<A> implements Trigger.OnMergeContext {

  /** Says whether any live window of the current key still needs a runtime timer. */
  interface TimerUsers {
    boolean needs(TimeDomain domain, long time);
  }

  private final String topic;
  private final TimerUsers users;
  private TimerService timers;
  private WindowEntry<A> entry;
  private List<WindowEntry<A>> merged = List.of();

  /**
   * @param topic passed to the serdes of trigger state (the window state's name)
   */
  WindowTriggerContext(String topic, TimerUsers users) {
    this.topic = topic;
    this.users = users;
  }

  /** Binds the context to a call's timer service. */
  void begin(TimerService timers) {
    this.timers = timers;
  }

  /** Binds the context to the window whose entry is {@code entry}. */
  WindowTriggerContext<A> bind(WindowEntry<A> entry) {
    this.entry = entry;
    this.merged = List.of();
    return this;
  }

  /** Binds the context to a merge result and the entries of the windows merged into it. */
  WindowTriggerContext<A> bindMerge(WindowEntry<A> entry, List<WindowEntry<A>> merged) {
    this.entry = entry;
    this.merged = merged;
    return this;
  }

  @Override
  public long currentWatermark() {
    return timers.currentWatermark();
  }

  @Override
  public long currentProcessingTime() {
    return timers.currentProcessingTime();
  }

  @Override
  public void registerEventTimeTimer(long time) {
    if (entry.addTimer(TimeDomain.EVENT_TIME, time)) {
      timers.registerEventTimeTimer(time);
    }
  }

  @Override
  public void registerProcessingTimeTimer(long time) {
    if (entry.addTimer(TimeDomain.PROCESSING_TIME, time)) {
      timers.registerProcessingTimeTimer(time);
    }
  }

  @Override
  public void deleteEventTimeTimer(long time) {
    // The runtime keeps one timer per key and time: delete it only when no other window needs it.
    if (entry.removeTimer(TimeDomain.EVENT_TIME, time)
        && !users.needs(TimeDomain.EVENT_TIME, time)) {
      timers.deleteEventTimeTimer(time);
    }
  }

  @Override
  public void deleteProcessingTimeTimer(long time) {
    if (entry.removeTimer(TimeDomain.PROCESSING_TIME, time)
        && !users.needs(TimeDomain.PROCESSING_TIME, time)) {
      timers.deleteProcessingTimeTimer(time);
    }
  }

  @Override
  @SuppressWarnings("unchecked")
  public <S extends State> S state(StateDescriptor<S> descriptor) {
    if (descriptor instanceof ValueStateDescriptor<?> value) {
      return (S) new Value<>(entry, value.name(), value.serde());
    }
    if (descriptor instanceof ReducingStateDescriptor<?> reducing) {
      return (S) reducing(entry, reducing);
    }
    if (descriptor instanceof AggregatingStateDescriptor<?, ?, ?> aggregating) {
      return (S) aggregating(entry, aggregating);
    }
    throw new IllegalArgumentException(
        "Trigger state must be a value, reducing or aggregating state, found "
            + descriptor
            + ": keep what needs a list or map in the window's contents instead.");
  }

  @Override
  public void mergeState(StateDescriptor<?> descriptor) {
    if (descriptor instanceof ReducingStateDescriptor<?> reducing) {
      mergeReducing(reducing);
    } else if (descriptor instanceof AggregatingStateDescriptor<?, ?, ?> aggregating) {
      mergeAggregating(aggregating);
    } else {
      throw new IllegalArgumentException(
          "Trigger state "
              + descriptor
              + " cannot be merged: only reducing and aggregating states can. Use one of those"
              + " for state that must survive merging windows.");
    }
  }

  private <T> ReducingView<T> reducing(
      WindowEntry<?> target, ReducingStateDescriptor<T> descriptor) {
    return new ReducingView<>(
        new Value<>(target, descriptor.name(), descriptor.serde()), descriptor.reducer());
  }

  private <T, X, R> AggregatingView<T, X, R> aggregating(
      WindowEntry<?> target, AggregatingStateDescriptor<T, X, R> descriptor) {
    return new AggregatingView<>(
        new Value<>(target, descriptor.name(), descriptor.accumulatorSerde()),
        descriptor.aggregator());
  }

  private <T> void mergeReducing(ReducingStateDescriptor<T> descriptor) {
    Value<T> into = new Value<>(entry, descriptor.name(), descriptor.serde());
    T folded = into.value();
    for (WindowEntry<A> other : merged) {
      T value = new Value<T>(other, descriptor.name(), descriptor.serde()).value();
      if (value != null) {
        folded = folded == null ? value : reduce(descriptor.reducer(), folded, value);
      }
    }
    into.update(folded);
  }

  private <X> void mergeAggregating(AggregatingStateDescriptor<?, X, ?> descriptor) {
    Value<X> into = new Value<>(entry, descriptor.name(), descriptor.accumulatorSerde());
    X folded = into.value();
    for (WindowEntry<A> other : merged) {
      X value = new Value<X>(other, descriptor.name(), descriptor.accumulatorSerde()).value();
      if (value != null) {
        folded = folded == null ? value : descriptor.aggregator().merge(folded, value);
      }
    }
    into.update(folded);
  }

  private static <T> T reduce(ReduceFunction<T> reducer, T a, T b) {
    try {
      return reducer.reduce(a, b);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new WindowFunctionException("The reduce function of a trigger state failed", e);
    }
  }

  /** A trigger state kept as bytes in a window entry. */
  private final class Value<T> implements ValueState<T> {

    private final WindowEntry<?> target;
    private final String name;
    private final Serde<T> serde;

    Value(WindowEntry<?> target, String name, Serde<T> serde) {
      this.target = target;
      this.name = name;
      this.serde = serde;
    }

    @Override
    public T value() {
      byte[] bytes = target.triggerState(name);
      return bytes == null ? null : serde.deserializer().deserialize(topic, bytes);
    }

    @Override
    public void update(T value) {
      byte[] bytes = value == null ? null : serde.serializer().serialize(topic, value);
      target.setTriggerState(name, bytes);
    }

    @Override
    public void clear() {
      target.setTriggerState(name, null);
    }
  }

  private static final class ReducingView<T> implements ReducingState<T> {

    private final ValueState<T> value;
    private final ReduceFunction<T> reducer;

    ReducingView(ValueState<T> value, ReduceFunction<T> reducer) {
      this.value = value;
      this.reducer = reducer;
    }

    @Override
    public T get() {
      return value.value();
    }

    @Override
    public void add(T added) {
      T current = value.value();
      value.update(current == null ? added : reduce(reducer, current, added));
    }

    @Override
    public void clear() {
      value.clear();
    }
  }

  private static final class AggregatingView<T, X, R> implements AggregatingState<T, R> {

    private final ValueState<X> accumulator;
    private final AggregateFunction<T, X, R> aggregator;

    AggregatingView(ValueState<X> accumulator, AggregateFunction<T, X, R> aggregator) {
      this.accumulator = accumulator;
      this.aggregator = aggregator;
    }

    @Override
    public R get() {
      X current = accumulator.value();
      if (current == null) {
        return null;
      }
      try {
        return aggregator.result(current);
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new WindowFunctionException("The aggregate function of a trigger state failed", e);
      }
    }

    @Override
    public void add(T value) {
      X current = accumulator.value();
      try {
        accumulator.update(
            aggregator.add(value, current == null ? aggregator.createAccumulator() : current));
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new WindowFunctionException("The aggregate function of a trigger state failed", e);
      }
    }

    @Override
    public void clear() {
      accumulator.clear();
    }
  }
}
