package io.tripline.spi;

import java.awt.image.BufferedImage;

/**
 * Computes one perceptual hash type from a decoded image. Register an implementation in
 * {@code META-INF/services/io.tripline.spi.ImageHasher} or pass it to
 * {@link io.tripline.Tripline.Builder#imageHasher(ImageHasher)}.
 *
 * <p>Implementations must be thread-safe: one instance hashes every upload, concurrently.
 */
public interface ImageHasher {

  /**
   * The signal type this hasher produces, naming the algorithm and bit length (e.g.
   * {@code phash64}), so hashes made with different settings are never compared.
   */
  String signalType();

  /** The hash length in bits, a multiple of 4. */
  int bits();

  /** The Hamming radius within which a feed hash counts as a match, unless configured. */
  int defaultRadius();

  /**
   * Hashes a decoded image.
   *
   * @throws RuntimeException if the image cannot be hashed; the engine records the file as
   *     unhashable
   */
  ImageHash hash(BufferedImage image);
}
