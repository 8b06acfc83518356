package io.tripline.text;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Bitcoin's Base58 alphabet (no {@code 0}, {@code O}, {@code I}, {@code l}) and Base58Check: a
 * payload followed by the first four bytes of its double SHA-256. Stateless and thread-safe.
 */
final class Base58 {

  static final String ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
  private static final byte[] DIGITS = new byte[128];

  static {
    Arrays.fill(DIGITS, (byte) -1);
    for (int i = 0; i < ALPHABET.length(); i++) {
      DIGITS[ALPHABET.charAt(i)] = (byte) i;
    }
  }

  private Base58() {}

  /** Whether {@code c} is in the alphabet. */
  static boolean isDigit(char c) {
    return c < 128 && DIGITS[c] >= 0;
  }

  /**
   * The bytes that {@code chars[from, to)} encodes, or null if a char is outside the alphabet.
   * Quadratic in the length: callers keep it short (addresses are at most 35 chars).
   */
  static byte @Nullable [] decode(char[] chars, int from, int to) {
    int zeros = 0;
    while (from + zeros < to && chars[from + zeros] == '1') {
      zeros++;
    }
    // log(58) / log(256) < 0.733
    byte[] number = new byte[(to - from) * 733 / 1000 + 1];
    int used = 0; // bytes of number in use, counted from its end
    for (int i = from + zeros; i < to; i++) {
      char c = chars[i];
      if (!isDigit(c)) {
        return null;
      }
      int carry = DIGITS[c];
      int j = 0;
      for (int k = number.length - 1; k >= 0 && (carry != 0 || j < used); k--, j++) {
        carry += 58 * (number[k] & 0xFF);
        number[k] = (byte) carry;
        carry >>>= 8;
      }
      used = j;
    }
    byte[] out = new byte[zeros + used];
    System.arraycopy(number, number.length - used, out, zeros, used);
    return out;
  }

  /**
   * The payload of a Base58Check string (without its four checksum bytes), or null if it is not
   * Base58 or its checksum does not match.
   */
  static byte @Nullable [] decodeChecked(char[] chars, int from, int to) {
    byte[] raw = decode(chars, from, to);
    if (raw == null || raw.length < 5) {
      return null;
    }
    byte[] payload = Arrays.copyOf(raw, raw.length - 4);
    byte[] check = checksum(payload);
    for (int i = 0; i < 4; i++) {
      if (check[i] != raw[payload.length + i]) {
        return null;
      }
    }
    return payload;
  }

  /** Encodes {@code bytes}; the inverse of {@link #decode}. */
  static String encode(byte[] bytes) {
    int zeros = 0;
    while (zeros < bytes.length && bytes[zeros] == 0) {
      zeros++;
    }
    // log(256) / log(58) < 1.366
    char[] digits = new char[(bytes.length - zeros) * 1366 / 1000 + 1];
    int used = 0;
    for (int i = zeros; i < bytes.length; i++) {
      int carry = bytes[i] & 0xFF;
      int j = 0;
      for (int k = digits.length - 1; k >= 0 && (carry != 0 || j < used); k--, j++) {
        carry += 256 * digits[k];
        digits[k] = (char) (carry % 58);
        carry /= 58;
      }
      used = j;
    }
    StringBuilder out = new StringBuilder(zeros + used);
    for (int i = 0; i < zeros; i++) {
      out.append('1');
    }
    for (int k = digits.length - used; k < digits.length; k++) {
      out.append(ALPHABET.charAt(digits[k]));
    }
    return out.toString();
  }

  /** Base58Check of {@code payload}. */
  static String encodeChecked(byte[] payload) {
    byte[] raw = Arrays.copyOf(payload, payload.length + 4);
    System.arraycopy(checksum(payload), 0, raw, payload.length, 4);
    return encode(raw);
  }

  private static byte[] checksum(byte[] payload) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return sha.digest(sha.digest(payload));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
