package io.tripline.image;

import dev.brachtendorf.jimagehash.hashAlgorithms.PerceptiveHash;

/**
 * JImageHash's perceptual hash (DCT based) at 64 bits, signal type {@code phash64}. Robust to
 * re-encoding and mild resizing; a radius of 10 of 64 bits is the usual near-duplicate bound.
 *
 * <p>Thread-safe.
 */
public final class JImageHashPerceptualHasher extends JImageHashHasher {

  /** The signal type this hasher produces. */
  public static final String SIGNAL_TYPE = "phash64";

  private static final int BITS = 64;

  /** A hasher with the default radius of 10 bits. */
  public JImageHashPerceptualHasher() {
    super(SIGNAL_TYPE, BITS, 10, new PerceptiveHash(BITS));
  }
}
