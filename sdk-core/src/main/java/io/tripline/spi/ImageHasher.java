package io.tripline.spi;

import java.awt.image.BufferedImage;
import java.util.EnumMap;
import java.util.Map;

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

  /**
   * Hashes a decoded image and, where the algorithm can derive them without re-hashing pixels,
   * the hashes of its {@link Dihedral} variants (as if the image were rotated or flipped). The
   * map always holds {@link Dihedral#ORIGINAL}, equal to {@link #hash(BufferedImage)}; the
   * default implementation holds nothing else.
   *
   * @throws RuntimeException if the image cannot be hashed
   */
  default Map<Dihedral, ImageHash> hashWithVariants(BufferedImage image) {
    Map<Dihedral, ImageHash> hashes = new EnumMap<>(Dihedral.class);
    hashes.put(Dihedral.ORIGINAL, hash(image));
    return hashes;
  }

  /**
   * The lowest quality at which this hasher's hashes are matched unless a rule asks for less;
   * a hash under it is still computed and recorded. PDQ uses 50; hashers without a quality
   * measure report 100 and use 0.
   */
  default int minQuality() {
    return 0;
  }
}
