package dev.weir.internal.windows;

/** Longs in byte arrays, and time arithmetic that does not overflow. */
final class Longs {

  private Longs() {}

  /** Writes {@code value} big-endian with the sign bit flipped: sorts as unsigned bytes. */
  static void putSortable(byte[] bytes, int offset, long value) {
    put(bytes, offset, value ^ Long.MIN_VALUE);
  }

  static long getSortable(byte[] bytes, int offset) {
    return get(bytes, offset) ^ Long.MIN_VALUE;
  }

  static void put(byte[] bytes, int offset, long value) {
    for (int i = 7; i >= 0; i--) {
      bytes[offset + i] = (byte) value;
      value >>>= 8;
    }
  }

  static long get(byte[] bytes, int offset) {
    long value = 0;
    for (int i = 0; i < 8; i++) {
      value = (value << 8) | (bytes[offset + i] & 0xFF);
    }
    return value;
  }

  /** {@code a + b}, or {@code Long.MAX_VALUE} if that overflows ({@code b} is not negative). */
  static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return sum < a ? Long.MAX_VALUE : sum;
  }
}
