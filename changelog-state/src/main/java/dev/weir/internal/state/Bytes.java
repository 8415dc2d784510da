package dev.weir.internal.state;

import java.util.Arrays;
import java.util.Comparator;

/** Unsigned byte-array helpers shared by the stores and the write cache. */
final class Bytes {

  /**
   * Orders keys as RocksDB's default bytewise comparator does: unsigned, lexicographic, a prefix
   * before every longer key that starts with it.
   */
  static final Comparator<byte[]> UNSIGNED = Arrays::compareUnsigned;

  private Bytes() {}

  static boolean startsWith(byte[] key, byte[] prefix) {
    return key.length >= prefix.length
        && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
  }

  /**
   * Returns {@code after}, the key a scan of {@code prefix} starts after (null: at the first).
   *
   * @throws IllegalArgumentException if it does not start with the prefix
   */
  static byte[] checkStartsWith(byte[] after, byte[] prefix) {
    if (after != null && !startsWith(after, prefix)) {
      throw new IllegalArgumentException(
          "A scan of prefix "
              + Arrays.toString(prefix)
              + " cannot start after "
              + Arrays.toString(after)
              + ", which does not start with it");
    }
    return after;
  }

  /**
   * The smallest key greater than every key that starts with {@code prefix}, or null when there is
   * none (an empty prefix, or one made only of 0xFF bytes: every key at or after it starts with it).
   */
  static byte[] prefixEnd(byte[] prefix) {
    for (int i = prefix.length - 1; i >= 0; i--) {
      if (prefix[i] != (byte) 0xFF) {
        byte[] end = Arrays.copyOf(prefix, i + 1);
        end[i]++;
        return end;
      }
    }
    return null;
  }

  static void writeLong(long value, byte[] into) {
    for (int i = 7; i >= 0; i--) {
      into[i] = (byte) value;
      value >>>= 8;
    }
  }

  static long readLong(byte[] from) {
    long value = 0;
    for (int i = 0; i < 8; i++) {
      value = (value << 8) | (from[i] & 0xFF);
    }
    return value;
  }
}
