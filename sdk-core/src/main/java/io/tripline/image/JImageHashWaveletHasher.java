package io.tripline.image;

import dev.brachtendorf.jimagehash.hashAlgorithms.HashingAlgorithm;
import dev.brachtendorf.jimagehash.hashAlgorithms.WaveletHash;
import io.tripline.spi.ImageHash;
import io.tripline.spi.ImageHasher;
import java.awt.image.BufferedImage;
import java.util.Objects;

/**
 * JImageHash's wavelet hash (wHash: the low-frequency Haar wavelet coefficients of a grey
 * thumbnail against their mean), 64 bits over an 8x8 grid, three Haar passes; signal type
 * {@code whash64}. Robust to re-encoding and resizing; 10 of 64 bits is the default radius, as for
 * pHash.
 *
 * <p>Thread-safe: JImageHash algorithms keep no per-call state.
 */
public final class JImageHashWaveletHasher implements ImageHasher {

  /** The signal type this hasher produces. */
  public static final String SIGNAL_TYPE = "whash64";

  /** Hash length in bits. */
  public static final int BITS = 64;

  /** Haar passes; part of what the signal type stands for, so never change it under one name. */
  private static final int CYCLES = 3;
  private final HashingAlgorithm algorithm = new WaveletHash(BITS, CYCLES);

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

  /**
   * @throws NullPointerException if {@code image} is null
   * @throws IllegalStateException if JImageHash produced a hash of another length
   */
  @Override
  public ImageHash hash(BufferedImage image) {
    Objects.requireNonNull(image, "image");
    return new ImageHash(SIGNAL_TYPE, JImageHashBits.pack(algorithm.hash(image), BITS), BITS, 100);
  }
}
