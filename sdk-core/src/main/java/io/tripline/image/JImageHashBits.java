package io.tripline.image;

import dev.brachtendorf.jimagehash.hash.Hash;
import java.math.BigInteger;

/**
 * Packs a JImageHash {@link Hash} into {@link io.tripline.spi.ImageHash}'s layout: the hash's bits
 * big-endian across 64-bit words, unused low bits of the last word zero, so the hex form reads as
 * the hash value and Hamming distances are plain popcounts.
 */
final class JImageHashBits {
  private JImageHashBits() {}

  /**
   * The words of {@code hash}, after checking it has exactly {@code bits} bits.
   *
   * @throws IllegalStateException if JImageHash produced another bit length than expected (a
   *     hash of a different length must never be compared with the feed's)
   */
  static long[] pack(Hash hash, int bits) {
    if (hash.getBitResolution() != bits) {
      throw new IllegalStateException("JImageHash produced " + hash.getBitResolution() + " bits, expected " + bits);
    }
    BigInteger value = hash.getHashValue();
    if (value.signum() < 0 || value.bitLength() > bits) {
      throw new IllegalStateException("JImageHash value does not fit in " + bits + " bits");
    }
    int words = (bits + 63) / 64;
    BigInteger aligned = value.shiftLeft(words * 64 - bits);
    long[] packed = new long[words];
    for (int i = 0; i < words; i++) {
      // longValue keeps exactly the low 64 bits.
      packed[i] = aligned.shiftRight(64 * (words - 1 - i)).longValue();
    }
    return packed;
  }
}
