package dev.weir.internal.functions;

import dev.weir.api.functions.Collector;
import dev.weir.api.functions.KeyedProcessFunction;
import dev.weir.api.state.AggregatingState;
import dev.weir.api.state.AggregatingStateDescriptor;

/** Adds each record to its key's aggregating state and emits the result. */
public final class RollingAggregate<K, T, R> extends KeyedProcessFunction<K, T, R> {

  private final AggregatingStateDescriptor<T, ?, R> descriptor;
  private AggregatingState<T, R> state;

  public RollingAggregate(AggregatingStateDescriptor<T, ?, R> descriptor) {
    this.descriptor = descriptor;
  }

  @Override
  public void open(OpenContext context) {
    state = context.state(descriptor);
  }

  @Override
  public void processElement(T value, Context<K> context, Collector<R> out) {
    state.add(value);
    out.collect(state.get());
  }
}
