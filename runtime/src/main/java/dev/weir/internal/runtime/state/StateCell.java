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
  private final Ttl ttl;

  /**
   * @param ttl the state's time to live; null when its entries do not expire
   */
  StateCell(WriteCache cache, int index, RecordContext context, String topic, Ttl ttl) {
    this.cache = cache;
    this.index = index;
    this.context = context;
    this.topic = topic;
    this.ttl = ttl;
  }

  byte[] key() {
    byte[] key = context.keyBytes();
    if (key == null) {
      throw new StateException("Keyed state '" + topic + "' used outside a keyed record");
    }
    return key;
  }

  byte[] get() {
    return read(key());
  }

  void put(byte[] value) {
    write(key(), value);
  }

  void delete() {
    cache.delete(index, key());
  }

  /** The value under a store key, or null (also when it expired, which deletes it). */
  byte[] read(byte[] storeKey) {
    byte[] stored = cache.get(index, storeKey);
    if (ttl == null || stored == null) {
      return stored;
    }
    byte[] value = ttl.unwrap(stored);
    if (value == null) {
      cache.delete(index, storeKey);
    }
    return value;
  }

  void write(byte[] storeKey, byte[] value) {
    cache.put(index, storeKey, ttl == null ? value : ttl.wrap(storeKey, value));
  }

  /** A value found by a scan, or null when it expired. */
  byte[] scanned(byte[] stored) {
    return ttl == null ? stored : ttl.unwrap(stored);
  }
}
