package dev.weir.api.state;

import java.util.Map;

/** A map per key, stored entry by entry, so reading or writing one entry does not load the others. */
public interface MapState<UK, UV> extends State {

  /** The value of {@code userKey} for the current key, or null. */
  UV get(UK userKey);

  void put(UK userKey, UV value);

  void remove(UK userKey);

  boolean contains(UK userKey);

  /** Every entry of the current key, ordered by the serialized user key. */
  Iterable<Map.Entry<UK, UV>> entries();

  boolean isEmpty();
}
