package dev.weir.internal.windows;

import dev.weir.api.time.TimeDomain;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * {@link WindowEntry} as stored bytes, version 1:
 *
 * <pre>
 * byte    version (1)
 * long    namespace start, long namespace end, long size
 * int n,  n longs: event-time timers, ascending
 * int n,  n longs: processing-time timers, ascending
 * int n,  n times: short name length, UTF-8 name, int value length, value   (trigger state)
 * int len (-1: none), len bytes: the contents, by the contents serde
 * </pre>
 *
 * Thread-safe if the contents serde is.
 */
final class WindowEntrySerde<A>
    implements Serde<WindowEntry<A>>, Serializer<WindowEntry<A>>, Deserializer<WindowEntry<A>> {

  private static final byte VERSION = 1;

  private final Serde<A> contentsSerde;

  /**
   * @param contentsSerde the serde of the contents; null for entries that never have contents
   */
  WindowEntrySerde(Serde<A> contentsSerde) {
    this.contentsSerde = contentsSerde;
  }

  @Override
  public byte[] serialize(String topic, WindowEntry<A> entry) {
    if (entry == null) {
      return null;
    }
    byte[] contents =
        entry.contents == null ? null : contentsSerde.serializer().serialize(topic, entry.contents);
    long[] eventTimers = entry.timers(TimeDomain.EVENT_TIME);
    long[] processingTimers = entry.timers(TimeDomain.PROCESSING_TIME);
    Map<String, byte[]> states = entry.triggerStates();
    int length = 1 + 3 * 8 + 4 + 8 * eventTimers.length + 4 + 8 * processingTimers.length + 4 + 4;
    byte[][] names = new byte[states.size()][];
    int i = 0;
    for (Map.Entry<String, byte[]> state : states.entrySet()) {
      names[i] = state.getKey().getBytes(StandardCharsets.UTF_8);
      length += 2 + names[i].length + 4 + state.getValue().length;
      i++;
    }
    length += contents == null ? 0 : contents.length;
    ByteBuffer buffer = ByteBuffer.allocate(length);
    buffer.put(VERSION);
    buffer.putLong(entry.namespaceStart).putLong(entry.namespaceEnd).putLong(entry.size);
    putTimers(buffer, eventTimers);
    putTimers(buffer, processingTimers);
    buffer.putInt(states.size());
    i = 0;
    for (byte[] value : states.values()) {
      buffer.putShort((short) names[i].length).put(names[i]);
      buffer.putInt(value.length).put(value);
      i++;
    }
    if (contents == null) {
      buffer.putInt(-1);
    } else {
      buffer.putInt(contents.length).put(contents);
    }
    return buffer.array();
  }

  @Override
  public WindowEntry<A> deserialize(String topic, byte[] bytes) {
    if (bytes == null) {
      return null;
    }
    if (bytes.length == 0 || bytes[0] != VERSION) {
      throw new SerializationException(
          "Expected a window entry of version "
              + VERSION
              + " in '"
              + topic
              + "', found "
              + (bytes.length == 0 ? "no bytes" : "version " + bytes[0]));
    }
    try {
      ByteBuffer buffer = ByteBuffer.wrap(bytes, 1, bytes.length - 1);
      WindowEntry<A> entry = new WindowEntry<>();
      entry.namespaceStart = buffer.getLong();
      entry.namespaceEnd = buffer.getLong();
      entry.size = buffer.getLong();
      readTimers(buffer, entry, TimeDomain.EVENT_TIME);
      readTimers(buffer, entry, TimeDomain.PROCESSING_TIME);
      int states = buffer.getInt();
      for (int i = 0; i < states; i++) {
        byte[] name = new byte[buffer.getShort()];
        buffer.get(name);
        byte[] value = new byte[buffer.getInt()];
        buffer.get(value);
        entry.setTriggerState(new String(name, StandardCharsets.UTF_8), value);
      }
      int contentsLength = buffer.getInt();
      if (contentsLength >= 0) {
        byte[] contents = new byte[contentsLength];
        buffer.get(contents);
        entry.contents = contentsSerde.deserializer().deserialize(topic, contents);
      }
      return entry;
    } catch (BufferUnderflowException | NegativeArraySizeException e) {
      throw new SerializationException(
          "A window entry in '" + topic + "' is truncated or corrupt (" + bytes.length + " bytes)",
          e);
    }
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {}

  @Override
  public void close() {}

  @Override
  public Serializer<WindowEntry<A>> serializer() {
    return this;
  }

  @Override
  public Deserializer<WindowEntry<A>> deserializer() {
    return this;
  }

  private static void putTimers(ByteBuffer buffer, long[] timers) {
    buffer.putInt(timers.length);
    for (long timer : timers) {
      buffer.putLong(timer);
    }
  }

  private static void readTimers(ByteBuffer buffer, WindowEntry<?> entry, TimeDomain domain) {
    int count = buffer.getInt();
    for (int i = 0; i < count; i++) {
      entry.addTimer(domain, buffer.getLong());
    }
  }
}
