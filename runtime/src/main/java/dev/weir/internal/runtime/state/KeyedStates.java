package dev.weir.internal.runtime.state;

import dev.weir.api.state.AggregatingStateDescriptor;
import dev.weir.api.state.ListStateDescriptor;
import dev.weir.api.state.MapStateDescriptor;
import dev.weir.api.state.ReducingStateDescriptor;
import dev.weir.api.state.State;
import dev.weir.api.state.StateDescriptor;
import dev.weir.api.state.ValueStateDescriptor;
import dev.weir.internal.runtime.operators.RecordContext;
import dev.weir.internal.state.WriteCache;

/** Makes the handle of a declared state for one task. */
public final class KeyedStates {

  private KeyedStates() {}

  /**
   * @param index the state's index in the task's store
   * @param topic the state's changelog topic, handed to serdes
   * @param ttl the state's time to live; null when its entries do not expire
   */
  public static State create(
      StateDescriptor<?> descriptor,
      WriteCache cache,
      int index,
      RecordContext context,
      String topic,
      Ttl ttl) {
    StateCell cell = new StateCell(cache, index, context, topic, ttl);
    if (descriptor instanceof ValueStateDescriptor<?> value) {
      return new ValueStateHandle<>(cell, value.serde());
    }
    if (descriptor instanceof ListStateDescriptor<?> list) {
      return new ListStateHandle<>(cell, list.elementSerde());
    }
    if (descriptor instanceof MapStateDescriptor<?, ?> map) {
      return new MapStateHandle<>(cell, map.userKeySerde(), map.valueSerde());
    }
    if (descriptor instanceof ReducingStateDescriptor<?> reducing) {
      return new ReducingStateHandle<>(cell, reducing);
    }
    return new AggregatingStateHandle<>(cell, (AggregatingStateDescriptor<?, ?, ?>) descriptor);
  }
}
