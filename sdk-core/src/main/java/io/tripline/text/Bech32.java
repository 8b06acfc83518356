package io.tripline.text;

import java.util.Arrays;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Bech32 (BIP-173) and Bech32m (BIP-350) strings, and the segregated-witness addresses written
 * in them: version 0 in Bech32 with a 20- or 32-byte program, versions 1 to 16 in Bech32m with a
 * 2- to 40-byte program. Stateless and thread-safe.
 */
final class Bech32 {

  static final String CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
  /** The constant a valid checksum leaves in the polymod. */
  static final int BECH32 = 1;
  static final int BECH32M = 0x2bc830a3;
  private static final int[] GENERATOR = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3};
  private static final byte[] VALUES = new byte[128];

  static {
    Arrays.fill(VALUES, (byte) -1);
    for (int i = 0; i < CHARSET.length(); i++) {
      VALUES[CHARSET.charAt(i)] = (byte) i;
      VALUES[Character.toUpperCase(CHARSET.charAt(i))] = (byte) i;
    }
  }

  /**
   * A decoded string.
   *
   * @param hrp the human-readable part, lower case
   * @param data the 5-bit values between the separator and the checksum
   * @param encoding {@link #BECH32} or {@link #BECH32M}
   */
  record Decoded(String hrp, byte[] data, int encoding) {}

  /**
   * A segwit address.
   *
   * @param version the witness version, 0 to 16
   * @param program the witness program, 2 to 40 bytes
   */
  record Segwit(int version, byte[] program) {}

  private Bech32() {}

  /** Decodes a Bech32 or Bech32m string, or null if it is neither (BIP-173 and BIP-350 rules). */
  static @Nullable Decoded decode(CharSequence s) {
    int length = s.length();
    if (length > 90) {
      return null;
    }
    boolean lower = false;
    boolean upper = false;
    int separator = -1;
    for (int i = 0; i < length; i++) {
      char c = s.charAt(i);
      if (c < 33 || c > 126) {
        return null;
      }
      lower |= c >= 'a' && c <= 'z';
      upper |= c >= 'A' && c <= 'Z';
      if (c == '1') {
        separator = i;
      }
    }
    if (lower && upper || separator < 1 || separator + 7 > length) {
      return null;
    }
    String hrp = s.subSequence(0, separator).toString().toLowerCase(Locale.ROOT);
    byte[] values = new byte[length - separator - 1];
    for (int i = 0; i < values.length; i++) {
      char c = s.charAt(separator + 1 + i);
      byte v = c < 128 ? VALUES[c] : -1;
      if (v < 0) {
        return null;
      }
      values[i] = v;
    }
    int residue = polymod(hrp, values);
    if (residue != BECH32 && residue != BECH32M) {
      return null;
    }
    return new Decoded(hrp, Arrays.copyOf(values, values.length - 6), residue);
  }

  /**
   * Decodes a segwit address whose human-readable part is {@code expectedHrp}, or null if it is
   * not one (wrong part, checksum, encoding for its version, program length or padding).
   */
  static @Nullable Segwit decodeSegwit(String expectedHrp, CharSequence address) {
    Decoded decoded = decode(address);
    if (decoded == null || !decoded.hrp().equals(expectedHrp) || decoded.data().length < 1) {
      return null;
    }
    int version = decoded.data()[0];
    if (version > 16 || (version == 0) != (decoded.encoding() == BECH32)) {
      return null;
    }
    byte[] program = fiveToEight(decoded.data(), 1);
    if (program == null || program.length < 2 || program.length > 40) {
      return null;
    }
    if (version == 0 && program.length != 20 && program.length != 32) {
      return null;
    }
    return new Segwit(version, program);
  }

  private static int polymod(String hrp, byte[] values) {
    int chk = 1;
    for (int i = 0; i < hrp.length(); i++) {
      chk = step(chk, hrp.charAt(i) >> 5);
    }
    chk = step(chk, 0);
    for (int i = 0; i < hrp.length(); i++) {
      chk = step(chk, hrp.charAt(i) & 31);
    }
    for (byte v : values) {
      chk = step(chk, v);
    }
    return chk;
  }

  private static int step(int chk, int value) {
    int top = chk >>> 25;
    chk = (chk & 0x1ffffff) << 5 ^ value;
    for (int i = 0; i < 5; i++) {
      if (((top >>> i) & 1) != 0) {
        chk ^= GENERATOR[i];
      }
    }
    return chk;
  }

  /** Regroups 5-bit values into bytes; null if padding is over 4 bits or not zero. */
  private static byte @Nullable [] fiveToEight(byte[] data, int from) {
    byte[] out = new byte[(data.length - from) * 5 / 8];
    int acc = 0;
    int bits = 0;
    int n = 0;
    for (int i = from; i < data.length; i++) {
      acc = acc << 5 | data[i];
      bits += 5;
      if (bits >= 8) {
        bits -= 8;
        out[n++] = (byte) (acc >>> bits);
        acc &= (1 << bits) - 1;
      }
    }
    if (bits >= 5 || acc != 0) {
      return null;
    }
    return out;
  }
}
