package dev.weir.internal.state;

import java.util.Arrays;

/**
 * Composite keys for keyed state that holds several entries per key (map and list state, window
 * contents): {@code [4-byte big-endian length of key][key][subKey]}.
 *
 * <p>The length comes first so that a prefix scan of one key's entries ({@link #prefixOf}) never
 * matches another key that merely starts with the same bytes: "ab" and "abc" have different
 * prefixes. Entries of one key are ordered by their sub-key as unsigned bytes.
 */
public final class StateKeys {

  private static final int LENGTH_BYTES = 4;

  private StateKeys() {}

  /** The composite key of {@code subKey} under {@code key}. */
  public static byte[] composite(byte[] key, byte[] subKey) {
    byte[] composite = new byte[LENGTH_BYTES + key.length + subKey.length];
    writeLength(key.length, composite);
    System.arraycopy(key, 0, composite, LENGTH_BYTES, key.length);
    System.arraycopy(subKey, 0, composite, LENGTH_BYTES + key.length, subKey.length);
    return composite;
  }

  /** The prefix shared by every composite key of {@code key}, and by no other key's. */
  public static byte[] prefixOf(byte[] key) {
    byte[] prefix = new byte[LENGTH_BYTES + key.length];
    writeLength(key.length, prefix);
    System.arraycopy(key, 0, prefix, LENGTH_BYTES, key.length);
    return prefix;
  }

  /**
   * The key part of a composite key.
   *
   * @throws IllegalArgumentException if {@code composite} was not made by {@link #composite}
   */
  public static byte[] keyOf(byte[] composite) {
    int keyLength = keyLength(composite);
    return Arrays.copyOfRange(composite, LENGTH_BYTES, LENGTH_BYTES + keyLength);
  }

  /**
   * The sub-key part of a composite key (possibly empty).
   *
   * @throws IllegalArgumentException if {@code composite} was not made by {@link #composite}
   */
  public static byte[] subKeyOf(byte[] composite) {
    int keyLength = keyLength(composite);
    return Arrays.copyOfRange(composite, LENGTH_BYTES + keyLength, composite.length);
  }

  private static int keyLength(byte[] composite) {
    if (composite.length < LENGTH_BYTES) {
      throw new IllegalArgumentException(
          "Not a composite state key: "
              + composite.length
              + " bytes, expected at least "
              + LENGTH_BYTES
              + " for the key length");
    }
    int keyLength =
        (composite[0] & 0xFF) << 24
            | (composite[1] & 0xFF) << 16
            | (composite[2] & 0xFF) << 8
            | (composite[3] & 0xFF);
    if (keyLength < 0 || keyLength > composite.length - LENGTH_BYTES) {
      throw new IllegalArgumentException(
          "Not a composite state key: its length prefix says "
              + keyLength
              + " key bytes but only "
              + (composite.length - LENGTH_BYTES)
              + " follow");
    }
    return keyLength;
  }

  private static void writeLength(int length, byte[] into) {
    into[0] = (byte) (length >>> 24);
    into[1] = (byte) (length >>> 16);
    into[2] = (byte) (length >>> 8);
    into[3] = (byte) length;
  }
}
