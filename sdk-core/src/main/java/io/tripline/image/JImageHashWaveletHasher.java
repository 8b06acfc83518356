package io.tripline.image;

import dev.brachtendorf.jimagehash.hashAlgorithms.WaveletHash;

/**
 * JImageHash's wavelet hash (wHash: the low-frequency Haar wavelet coefficients of a grey
 * thumbnail against their mean), 64 bits over an 8x8 grid, three Haar passes; signal type
 * {@code whash64}. Robust to re-encoding and resizing; 10 of 64 bits is the default radius, as for
 * pHash.
 *
 * <p>Thread-safe.
 */
public final class JImageHashWaveletHasher extends JImageHashHasher {

  /** The signal type this hasher produces. */
  public static final String SIGNAL_TYPE = "whash64";

  /** Hash length in bits. */
  public static final int BITS = 64;

  /** Haar passes; part of what the signal type stands for, so never change it under one name. */
  private static final int CYCLES = 3;

  /** A hasher with the default radius of 10 bits. */
  public JImageHashWaveletHasher() {
    super(SIGNAL_TYPE, BITS, 10, new WaveletHash(BITS, CYCLES));
  }
}
