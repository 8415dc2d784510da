package dev.weir.serde;

import java.nio.ByteBuffer;

/**
 * Helpers shared by the serdes of this package: printable excerpts of payloads for error messages
 * and copying of {@link ByteBuffer}s. Only used on error paths, except {@link #copy(ByteBuffer)}.
 * Stateless and thread-safe.
 */
final class Payloads {

  /** The longest excerpt, in characters, that error messages show of a payload. */
  static final int MAX_EXCERPT_CHARS = 64;

  /** How many bytes error messages show in hexadecimal. */
  static final int MAX_HEX_BYTES = 16;

  /** The longest library message, in characters, that error messages quote. */
  static final int MAX_MESSAGE_CHARS = 400;

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private Payloads() {}

  /**
   * A printable excerpt of at most about {@value #MAX_EXCERPT_CHARS} characters of {@code
   * data[offset, offset + length)}: printable ASCII as is, tab, CR and LF as {@code \t \r \n},
   * every other byte as {@code \xNN}. Ends with {@code ...} when the payload is longer.
   */
  static String excerpt(byte[] data, int offset, int length) {
    StringBuilder out = new StringBuilder(MAX_EXCERPT_CHARS + 8);
    int end = offset + length;
    int i = offset;
    for (; i < end && out.length() < MAX_EXCERPT_CHARS; i++) {
      int b = data[i] & 0xFF;
      if (b >= 0x20 && b < 0x7F) {
        out.append((char) b);
      } else if (b == '\n') {
        out.append("\\n");
      } else if (b == '\r') {
        out.append("\\r");
      } else if (b == '\t') {
        out.append("\\t");
      } else {
        out.append("\\x").append(HEX[b >>> 4]).append(HEX[b & 0xF]);
      }
    }
    if (i < end) {
      out.append("...");
    }
    return out.toString();
  }

  /**
   * The first {@value #MAX_HEX_BYTES} bytes of {@code data[offset, offset + length)} in
   * hexadecimal, separated by spaces, e.g. {@code C3 01 5A}; ends with {@code ...} when the
   * payload is longer.
   */
  static String hex(byte[] data, int offset, int length) {
    int shown = Math.min(length, MAX_HEX_BYTES);
    StringBuilder out = new StringBuilder(shown * 3 + 4);
    for (int i = 0; i < shown; i++) {
      if (i > 0) {
        out.append(' ');
      }
      int b = data[offset + i] & 0xFF;
      out.append(HEX[b >>> 4]).append(HEX[b & 0xF]);
    }
    if (length > shown) {
      out.append(" ...");
    }
    return out.toString();
  }

  /** The remaining bytes of {@code buffer} in a new array; the buffer's position is unchanged. */
  static byte[] copy(ByteBuffer buffer) {
    byte[] out = new byte[buffer.remaining()];
    buffer.get(buffer.position(), out);
    return out;
  }

  /** {@code "bytes"} or {@code "byte"}, for messages. */
  static String bytes(int count) {
    return count == 1 ? "1 byte" : count + " bytes";
  }

  /**
   * The messages of a throwable and its causes, joined by {@code ": "}, skipping a message that
   * only repeats its cause; a throwable without a message is named by its simple class name.
   */
  static String messages(Throwable error) {
    StringBuilder out = new StringBuilder();
    Throwable t = error;
    for (int depth = 0; t != null && depth < 5; depth++, t = t.getCause()) {
      String message = t.getMessage();
      Throwable cause = t.getCause();
      if (message != null && cause != null && message.equals(cause.toString())) {
        continue; // e.g. new RuntimeException(cause): its message is the cause's toString()
      }
      if (out.length() > 0) {
        out.append(": ");
      }
      out.append(message == null || message.isBlank() ? t.getClass().getSimpleName() : message);
    }
    return printable(out);
  }

  /**
   * A library's message made safe to log: control characters (which a parser may copy from the
   * payload into its message) escaped as {@code \xNN}, and cut to {@value #MAX_MESSAGE_CHARS}
   * characters.
   */
  static String printable(CharSequence message) {
    int length = Math.min(message.length(), MAX_MESSAGE_CHARS);
    StringBuilder out = new StringBuilder(length + 16);
    for (int i = 0; i < length; i++) {
      char c = message.charAt(i);
      if (c < 0x20 || (c >= 0x7F && c < 0xA0)) {
        out.append("\\x").append(HEX[(c >>> 4) & 0xF]).append(HEX[c & 0xF]);
      } else {
        out.append(c);
      }
    }
    if (message.length() > length) {
      out.append("...");
    }
    return out.toString();
  }
}
