package dev.weir.internal.runtime.state;

import dev.weir.api.state.ListState;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** A list stored as one value: each element as a 4-byte length and its bytes. */
final class ListStateHandle<T> implements ListState<T> {

  private final StateCell cell;
  private final Serializer<T> serializer;
  private final Deserializer<T> deserializer;

  ListStateHandle(StateCell cell, Serde<T> serde) {
    this.cell = cell;
    this.serializer = serde.serializer();
    this.deserializer = serde.deserializer();
  }

  @Override
  public List<T> get() {
    byte[] bytes = cell.get();
    List<T> result = new ArrayList<>();
    if (bytes == null) {
      return result;
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    while (buffer.hasRemaining()) {
      byte[] element = new byte[buffer.getInt()];
      buffer.get(element);
      result.add(deserializer.deserialize(cell.topic, element));
    }
    return result;
  }

  @Override
  public void add(T value) {
    addAll(List.of(value));
  }

  @Override
  public void addAll(List<T> values) {
    if (values.isEmpty()) {
      return;
    }
    byte[] existing = cell.get();
    cell.put(append(existing == null ? new byte[0] : existing, values));
  }

  @Override
  public void update(List<T> values) {
    if (values.isEmpty()) {
      cell.delete();
    } else {
      cell.put(append(new byte[0], values));
    }
  }

  @Override
  public void clear() {
    cell.delete();
  }

  private byte[] append(byte[] existing, List<T> values) {
    List<byte[]> encoded = new ArrayList<>(values.size());
    int size = existing.length;
    for (T value : values) {
      if (value == null) {
        throw new NullPointerException("list state elements must not be null");
      }
      byte[] bytes = serializer.serialize(cell.topic, value);
      encoded.add(bytes);
      size += 4 + bytes.length;
    }
    ByteBuffer buffer = ByteBuffer.allocate(size).put(existing);
    for (byte[] bytes : encoded) {
      buffer.putInt(bytes.length).put(bytes);
    }
    return buffer.array();
  }
}
