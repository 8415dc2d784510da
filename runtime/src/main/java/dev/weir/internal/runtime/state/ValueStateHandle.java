package dev.weir.internal.runtime.state;

import dev.weir.api.state.ValueState;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

final class ValueStateHandle<T> implements ValueState<T> {

  private final StateCell cell;
  private final Serializer<T> serializer;
  private final Deserializer<T> deserializer;

  ValueStateHandle(StateCell cell, Serde<T> serde) {
    this.cell = cell;
    this.serializer = serde.serializer();
    this.deserializer = serde.deserializer();
  }

  @Override
  public T value() {
    byte[] bytes = cell.get();
    return bytes == null ? null : deserializer.deserialize(cell.topic, bytes);
  }

  @Override
  public void update(T value) {
    if (value == null) {
      cell.delete();
    } else {
      cell.put(serializer.serialize(cell.topic, value));
    }
  }

  @Override
  public void clear() {
    cell.delete();
  }
}
