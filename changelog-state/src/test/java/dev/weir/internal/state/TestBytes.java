package dev.weir.internal.state;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.HexFormat;

/** Byte-array literals and renderings for tests. */
final class TestBytes {

  private TestBytes() {}

  /** An array of the given unsigned byte values, e.g. {@code bytes(0x80, 0xFF)}. */
  static byte[] bytes(int... values) {
    byte[] bytes = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      bytes[i] = (byte) values[i];
    }
    return bytes;
  }

  static byte[] utf8(String text) {
    return text.getBytes(UTF_8);
  }

  static String text(byte[] bytes) {
    return bytes == null ? null : new String(bytes, UTF_8);
  }

  static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}
