package io.tripline.image;

import dev.brachtendorf.jimagehash.hashAlgorithms.DifferenceHash;

/**
 * JImageHash's difference hash (dHash: the signs of the brightness steps between neighbouring
 * cells of a small grey thumbnail), signal type {@code dhash72}.
 *
 * <p>Why 72 bits: asked for 64 bits at simple precision, JImageHash lays out a grid of 72
 * differences (the nearest smaller setting gives 63, which is not a whole number of hex digits).
 * The signal type names the length actually produced, so a feed of classic 64-bit dHashes is
 * never compared with these.
 *
 * <p>dHash is cheap but the noisiest of the JImageHash signals: on smooth gradients the steps are
 * near zero and flip under re-encoding. The default radius, 11 of 72 bits (15%, the share pHash's
 * 10 of 64 allows), keeps its false matches rare; use it alongside PDQ, not instead.
 *
 * <p>Thread-safe.
 */
public final class JImageHashDifferenceHasher extends JImageHashHasher {

  /** The signal type this hasher produces. */
  public static final String SIGNAL_TYPE = "dhash72";

  /** Hash length in bits. */
  public static final int BITS = 72;

  private static final int REQUESTED_RESOLUTION = 64;

  /** A hasher with the default radius of 11 bits. */
  public JImageHashDifferenceHasher() {
    super(SIGNAL_TYPE, BITS, 11, new DifferenceHash(REQUESTED_RESOLUTION, DifferenceHash.Precision.Simple));
  }
}
