package io.tripline.image;

import dev.brachtendorf.jimagehash.hash.Hash;
import dev.brachtendorf.jimagehash.hashAlgorithms.HashingAlgorithm;
import io.tripline.spi.ImageHash;
import io.tripline.spi.ImageHasher;
import java.awt.image.BufferedImage;
import java.math.BigInteger;
import java.util.Objects;

/**
 * What the JImageHash hashers share: one algorithm instance, a signal type naming its actual bit
 * length, and the packing of JImageHash's value into {@link ImageHash}'s layout (the bits
 * big-endian across 64-bit words, unused low bits of the last word zero), so the hex form reads
 * as the hash value and Hamming distances are plain popcounts. JImageHash measures no quality:
 * every hash has quality 100.
 *
 * <p>Thread-safe: JImageHash algorithms keep no per-call state.
 */
abstract class JImageHashHasher implements ImageHasher {
  private final String signalType;
  private final int bits;
  private final int defaultRadius;
  private final HashingAlgorithm algorithm;

  JImageHashHasher(String signalType, int bits, int defaultRadius, HashingAlgorithm algorithm) {
    this.signalType = signalType;
    this.bits = bits;
    this.defaultRadius = defaultRadius;
    this.algorithm = algorithm;
  }

  @Override
  public final String signalType() {
    return signalType;
  }

  @Override
  public final int bits() {
    return bits;
  }

  @Override
  public final int defaultRadius() {
    return defaultRadius;
  }

  /**
   * @throws NullPointerException if {@code image} is null
   * @throws IllegalStateException if JImageHash produced a hash of another length (one that must
   *     never be compared with the feed's)
   */
  @Override
  public final ImageHash hash(BufferedImage image) {
    Objects.requireNonNull(image, "image");
    return new ImageHash(signalType, pack(algorithm.hash(image), bits), bits, 100);
  }

  /** The words of {@code hash}, after checking it has exactly {@code bits} bits. */
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
