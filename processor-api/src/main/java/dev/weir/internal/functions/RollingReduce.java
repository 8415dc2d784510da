package dev.weir.internal.functions;

import dev.weir.api.functions.Collector;
import dev.weir.api.functions.KeyedProcessFunction;
import dev.weir.api.state.ReducingState;
import dev.weir.api.state.ReducingStateDescriptor;

/** Folds each record into its key's reducing state and emits the new value. */
public final class RollingReduce<K, T> extends KeyedProcessFunction<K, T, T> {

  private final ReducingStateDescriptor<T> descriptor;
  private ReducingState<T> state;

  public RollingReduce(ReducingStateDescriptor<T> descriptor) {
    this.descriptor = descriptor;
  }

  @Override
  public void open(OpenContext context) {
    state = context.state(descriptor);
  }

  @Override
  public void processElement(T value, Context<K> context, Collector<T> out) {
    state.add(value);
    out.collect(state.get());
  }
}
