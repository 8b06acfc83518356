package io.tripline.spi;

import java.util.HexFormat;
import java.util.Objects;

/**
 * A perceptual hash of one image: {@code bits} bits packed big-endian into {@code words}
 * (the first hex digit of {@link #toHex()} is the top four bits of {@code words[0]}).
 *
 * @param signalType the hasher's signal type, e.g. {@code phash64}
 * @param words the hash bits, {@code ceil(bits / 64)} longs, unused low bits of the last zero
 * @param bits the hash length in bits, a multiple of 4
 * @param quality 0..100, how much structure the image had; 100 where a hasher has no measure
 */
public record ImageHash(String signalType, long[] words, int bits, int quality) {
  public ImageHash {
    Objects.requireNonNull(signalType, "signalType");
    Objects.requireNonNull(words, "words");
    if (bits <= 0 || bits % 4 != 0 || words.length != (bits + 63) / 64) {
      throw new IllegalArgumentException("bits must be a positive multiple of 4 matching the words, was " + bits);
    }
    if (quality < 0 || quality > 100) {
      throw new IllegalArgumentException("quality must be 0..100, was " + quality);
    }
    words = words.clone();
  }

  @Override
  public long[] words() {
    return words.clone();
  }

  /** The hash as lower-case hex, {@code bits / 4} digits, as feeds carry it. */
  public String toHex() {
    return toHex(words, bits);
  }

  /** Hex of {@code bits} bits packed as {@link ImageHash} packs them. */
  public static String toHex(long[] words, int bits) {
    StringBuilder sb = new StringBuilder(bits / 4);
    HexFormat hex = HexFormat.of();
    for (long word : words) {
      sb.append(hex.toHexDigits(word));
    }
    sb.setLength(bits / 4);
    return sb.toString();
  }

  /**
   * Parses {@code bits / 4} hex digits into packed words.
   *
   * @throws IllegalArgumentException if {@code hex} has the wrong length or a character that is
   *     not an ASCII hex digit
   */
  public static long[] parseHex(String hex, int bits) {
    if (hex.length() != bits / 4) {
      throw new IllegalArgumentException("expected " + bits / 4 + " hex digits, got " + hex.length());
    }
    long[] words = new long[(bits + 63) / 64];
    for (int i = 0; i < hex.length(); i++) {
      char c = hex.charAt(i);
      // Character.digit also accepts full-width and other non-ASCII digits; a feed hash is ASCII.
      int digit = c < 0x80 ? Character.digit(c, 16) : -1;
      if (digit < 0) {
        throw new IllegalArgumentException("not a hex digit at " + i + ": '" + hex.charAt(i) + "'");
      }
      words[i / 16] |= ((long) digit) << (60 - 4 * (i % 16));
    }
    return words;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ImageHash h && signalType.equals(h.signalType) && bits == h.bits
        && quality == h.quality && java.util.Arrays.equals(words, h.words);
  }

  @Override
  public int hashCode() {
    return Objects.hash(signalType, bits, quality, java.util.Arrays.hashCode(words));
  }

  @Override
  public String toString() {
    return "ImageHash[" + signalType + ", bits=" + bits + ", quality=" + quality + "]";
  }
}
