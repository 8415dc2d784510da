package dev.weir.internal.runtime.state;

import dev.weir.api.StateException;
import dev.weir.internal.runtime.operators.RecordContext;
import dev.weir.internal.state.WriteCache;

/** The bytes of one state for the current key: what every handle is built on. */
final class StateCell {

  final WriteCache cache;
  final int index;
  final RecordContext context;
  final String topic;

  StateCell(WriteCache cache, int index, RecordContext context, String topic) {
    this.cache = cache;
    this.index = index;
    this.context = context;
    this.topic = topic;
  }

  byte[] key() {
    byte[] key = context.keyBytes();
    if (key == null) {
      throw new StateException("Keyed state '" + topic + "' used outside a keyed record");
    }
    return key;
  }

  byte[] get() {
    return cache.get(index, key());
  }

  void put(byte[] value) {
    cache.put(index, key(), value);
  }

  void delete() {
    cache.delete(index, key());
  }
}
