package dev.weir.internal.runtime.state;

import dev.weir.api.state.MapState;
import dev.weir.internal.state.KeyValueIterator;
import dev.weir.internal.state.StateKeys;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** A map stored entry by entry under composite keys (key length, key, user key). */
final class MapStateHandle<UK, UV> implements MapState<UK, UV> {

  private final StateCell cell;
  private final Serializer<UK> keySerializer;
  private final Deserializer<UK> keyDeserializer;
  private final Serializer<UV> valueSerializer;
  private final Deserializer<UV> valueDeserializer;

  MapStateHandle(StateCell cell, Serde<UK> keySerde, Serde<UV> valueSerde) {
    this.cell = cell;
    this.keySerializer = keySerde.serializer();
    this.keyDeserializer = keySerde.deserializer();
    this.valueSerializer = valueSerde.serializer();
    this.valueDeserializer = valueSerde.deserializer();
  }

  @Override
  public UV get(UK userKey) {
    byte[] bytes = cell.read(composite(userKey));
    return bytes == null ? null : valueDeserializer.deserialize(cell.topic, bytes);
  }

  @Override
  public void put(UK userKey, UV value) {
    if (value == null) {
      remove(userKey);
      return;
    }
    cell.write(composite(userKey), valueSerializer.serialize(cell.topic, value));
  }

  @Override
  public void remove(UK userKey) {
    cell.cache.delete(cell.index, composite(userKey));
  }

  @Override
  public boolean contains(UK userKey) {
    return cell.read(composite(userKey)) != null;
  }

  @Override
  public Iterable<Map.Entry<UK, UV>> entries() {
    List<Map.Entry<UK, UV>> entries = new ArrayList<>();
    try (KeyValueIterator iterator = cell.cache.prefixScan(cell.index, prefix())) {
      while (iterator.next()) {
        byte[] value = cell.scanned(iterator.value());
        if (value != null) {
          entries.add(
              new AbstractMap.SimpleImmutableEntry<>(
                  keyDeserializer.deserialize(cell.topic, StateKeys.subKeyOf(iterator.key())),
                  valueDeserializer.deserialize(cell.topic, value)));
        }
      }
    }
    return entries;
  }

  @Override
  public boolean isEmpty() {
    try (KeyValueIterator iterator = cell.cache.prefixScan(cell.index, prefix())) {
      while (iterator.next()) {
        if (cell.scanned(iterator.value()) != null) {
          return false;
        }
      }
      return true;
    }
  }

  @Override
  public void clear() {
    List<byte[]> keys = new ArrayList<>();
    try (KeyValueIterator iterator = cell.cache.prefixScan(cell.index, prefix())) {
      while (iterator.next()) {
        keys.add(iterator.key());
      }
    }
    for (byte[] key : keys) {
      cell.cache.delete(cell.index, key);
    }
  }

  private byte[] prefix() {
    return StateKeys.prefixOf(cell.key());
  }

  private byte[] composite(UK userKey) {
    return StateKeys.composite(cell.key(), keySerializer.serialize(cell.topic, userKey));
  }
}
