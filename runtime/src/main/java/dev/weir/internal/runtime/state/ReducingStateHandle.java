package dev.weir.internal.runtime.state;

import dev.weir.api.state.ReducingState;
import dev.weir.api.state.ReducingStateDescriptor;
import dev.weir.api.functions.ReduceFunction;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

final class ReducingStateHandle<T> implements ReducingState<T> {

  private final StateCell cell;
  private final ReduceFunction<T> reducer;
  private final Serializer<T> serializer;
  private final Deserializer<T> deserializer;

  ReducingStateHandle(StateCell cell, ReducingStateDescriptor<T> descriptor) {
    this.cell = cell;
    this.reducer = descriptor.reducer();
    this.serializer = descriptor.serde().serializer();
    this.deserializer = descriptor.serde().deserializer();
  }

  @Override
  public T get() {
    byte[] bytes = cell.get();
    return bytes == null ? null : deserializer.deserialize(cell.topic, bytes);
  }

  @Override
  public void add(T value) {
    T current = get();
    T next;
    try {
      next = current == null ? value : reducer.reduce(current, value);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new UserCodeException("reduce function of state '" + cell.topic + "' failed", e);
    }
    cell.put(serializer.serialize(cell.topic, next));
  }

  @Override
  public void clear() {
    cell.delete();
  }
}
