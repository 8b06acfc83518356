package io.tripline.image;

import dev.brachtendorf.jimagehash.hash.Hash;
import dev.brachtendorf.jimagehash.hashAlgorithms.HashingAlgorithm;
import dev.brachtendorf.jimagehash.hashAlgorithms.PerceptiveHash;
import io.tripline.spi.ImageHash;
import io.tripline.spi.ImageHasher;
import java.awt.image.BufferedImage;
import java.math.BigInteger;

/**
 * JImageHash's perceptual hash (DCT based) at 64 bits, signal type {@code phash64}. Robust to
 * re-encoding and mild resizing; a radius of 10 of 64 bits is the usual near-duplicate bound.
 *
 * <p>Thread-safe: JImageHash algorithms keep no per-call state.
 */
public final class JImageHashPerceptualHasher implements ImageHasher {

  /** The signal type this hasher produces. */
  public static final String SIGNAL_TYPE = "phash64";

  private static final int BITS = 64;
  private final HashingAlgorithm algorithm = new PerceptiveHash(BITS);

  @Override
  public String signalType() {
    return SIGNAL_TYPE;
  }

  @Override
  public int bits() {
    return BITS;
  }

  @Override
  public int defaultRadius() {
    return 10;
  }

  @Override
  public ImageHash hash(BufferedImage image) {
    Hash hash = algorithm.hash(image);
    if (hash.getBitResolution() != BITS) {
      throw new IllegalStateException("JImageHash produced " + hash.getBitResolution() + " bits, expected " + BITS);
    }
    // The low 64 bits; BigInteger.longValue keeps exactly those.
    BigInteger value = hash.getHashValue();
    return new ImageHash(SIGNAL_TYPE, new long[] {value.longValue()}, BITS, 100);
  }
}
