package io.tripline.image;

import io.tripline.spi.Dihedral;
import io.tripline.spi.ImageHash;
import io.tripline.spi.ImageHasher;
import java.awt.image.BufferedImage;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * PDQ, the 256-bit perceptual hash that industry hash-sharing programmes exchange, bit-exact with
 * the reference implementation on the same pixels. Signal type {@code pdq}; matched within 31
 * bits; hashes of quality under 50 are recorded but not matched by default.
 *
 * <p>The hash of an image is the reference's (pdq.md) on these pixels:
 * <ul>
 *   <li>Colour images: the 8-bit sRGB values {@link BufferedImage#getRGB} gives, so palette and
 *       1-bit images count as the RGB they show, and 16-bit or non-sRGB rasters are converted by
 *       Java 2D. Alpha is ignored, not composited. Luma is
 *       {@code 0.299f * R + 0.587f * G + 0.114f * B} in float.
 *   <li>Grey images (a component colour model in a grey colour space): the raster's samples,
 *       never {@code getRGB}, which would apply a linear-to-sRGB curve and move the hash by about
 *       14 bits. 8-bit samples are the luma. 16-bit (and any deeper) samples are clipped to 255,
 *       not rescaled, because that is what Pillow and so python-threatexchange and HMA do: a
 *       16-bit grey PNG hashes as it does there (e.g. quality 36 for their {@code I16.png}).
 *       Samples under 8 bits are scaled to 0..255. Float and double grey rasters go through
 *       {@code getRGB}. (Pillow-based tools turn grey into RGB first; the luma of (v, v, v) is v
 *       to within one float ulp, and differs for 35 of the 256 levels, which moved no bit of any
 *       test vector.)
 *   <li>The full resolution, as stored: no pre-shrinking and no EXIF orientation (what shared
 *       feeds hold). To match an upload as displayed, also query
 *       {@code hashWithVariants(image).get(Dihedral.forExifOrientation(tag))}.
 *   <li>Images under 5 pixels wide or high hash to all zeros with quality 0.
 * </ul>
 * The luma of the common decoded layouts (interleaved 8-bit RGB, packed int RGB, 8- and 16-bit
 * grey) is read from the raster's data array, which gives the same values as the calls above.
 *
 * <p>Thread-safe and stateless. Working memory (about 1 MB for a 4032x3024 photo) comes from a
 * small pool shared by all instances, so a hash allocates only a few hundred bytes.
 */
public final class PdqHasher implements ImageHasher {

  /** The signal type this hasher produces. */
  public static final String SIGNAL_TYPE = "pdq";

  /** Hash length in bits. */
  public static final int BITS = 256;

  /** The industry's default match radius. */
  public static final int DEFAULT_RADIUS = 31;

  /** Quality under which the reference tools drop a hash. */
  public static final int MIN_QUALITY = 50;

  /** Images narrower or lower than this hash to zeros, as in the reference. */
  private static final int MIN_SIDE = 5;

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
    return DEFAULT_RADIUS;
  }

  @Override
  public int minQuality() {
    return MIN_QUALITY;
  }

  /**
   * The PDQ hash and quality of the image's pixels as stored.
   *
   * @throws NullPointerException if {@code image} is null
   */
  @Override
  public ImageHash hash(BufferedImage image) {
    int width = image.getWidth();
    int height = image.getHeight();
    if (width < MIN_SIDE || height < MIN_SIDE) {
      return zero();
    }
    PdqScratch scratch = PdqScratch.acquire(width, height);
    try {
      int quality = transform(image, width, height, scratch);
      return new ImageHash(SIGNAL_TYPE, PdqDct.threshold(scratch.dct, scratch.sorted), BITS, quality);
    } finally {
      PdqScratch.release(scratch);
    }
  }

  /**
   * The hash and all eight dihedral variants, derived from one DCT (pdq.md's table; the quality
   * of each is the image's). {@link Dihedral#ROTATE_90} is the hash the image would have if
   * turned 90 degrees counter-clockwise, to within a few bits on photos. Always holds all eight
   * entries; {@link Dihedral#ORIGINAL} equals {@link #hash(BufferedImage)}.
   *
   * @throws NullPointerException if {@code image} is null
   */
  @Override
  public Map<Dihedral, ImageHash> hashWithVariants(BufferedImage image) {
    Map<Dihedral, ImageHash> hashes = new EnumMap<>(Dihedral.class);
    int width = image.getWidth();
    int height = image.getHeight();
    if (width < MIN_SIDE || height < MIN_SIDE) {
      ImageHash zero = zero();
      for (Dihedral variant : Dihedral.values()) {
        hashes.put(variant, zero);
      }
      return hashes;
    }
    PdqScratch scratch = PdqScratch.acquire(width, height);
    try {
      int quality = transform(image, width, height, scratch);
      for (Dihedral variant : Dihedral.values()) {
        PdqDct.variant(scratch.dct, variant, scratch.variant);
        long[] words = PdqDct.threshold(scratch.variant, scratch.sorted);
        hashes.put(variant, new ImageHash(SIGNAL_TYPE, words, BITS, quality));
      }
      return hashes;
    } finally {
      PdqScratch.release(scratch);
    }
  }

  /**
   * The 16x16 DCT (row-major) the hash thresholds, for tests: equal floats, not only equal bits,
   * show that every sum was taken in the reference's order. Null for images under 5 pixels.
   */
  static float @Nullable [] dct(BufferedImage image) {
    int width = image.getWidth();
    int height = image.getHeight();
    if (width < MIN_SIDE || height < MIN_SIDE) {
      return null;
    }
    PdqScratch scratch = PdqScratch.acquire(width, height);
    try {
      transform(image, width, height, scratch);
      return scratch.dct.clone();
    } finally {
      PdqScratch.release(scratch);
    }
  }

  /** Luma, blur, decimation and DCT into {@code scratch.dct}; returns the quality. */
  private static int transform(BufferedImage image, int width, int height, PdqScratch scratch) {
    PdqLuma luma = new PdqLuma(image, scratch.rowInts);
    PdqBlur.blurAndDecimate(luma, width, height, scratch);
    PdqDct.transform(scratch.grid, scratch.dctRows, scratch.dct);
    return PdqDct.quality(scratch.grid);
  }

  private static ImageHash zero() {
    return new ImageHash(SIGNAL_TYPE, new long[BITS / 64], BITS, 0);
  }

  /**
   * The Hamming distance between two PDQ hashes, 0..256.
   *
   * @throws NullPointerException if either is null
   * @throws IllegalArgumentException if either is not a 256-bit {@code pdq} hash
   */
  public static int distance(ImageHash a, ImageHash b) {
    requirePdq(a, "a");
    requirePdq(b, "b");
    long[] x = a.words();
    long[] y = b.words();
    int distance = 0;
    for (int i = 0; i < x.length; i++) {
      distance += Long.bitCount(x[i] ^ y[i]);
    }
    return distance;
  }

  private static void requirePdq(ImageHash hash, String name) {
    Objects.requireNonNull(hash, name);
    if (!SIGNAL_TYPE.equals(hash.signalType()) || hash.bits() != BITS) {
      throw new IllegalArgumentException(
          name + " is not a PDQ hash: signal type " + hash.signalType() + ", " + hash.bits() + " bits");
    }
  }

  /**
   * Parses the 64-hex-digit form feeds carry (upper or lower case), of unknown quality, recorded
   * as 100 (a feed shares hashes that passed the quality bar).
   *
   * @throws NullPointerException if {@code hex} is null
   * @throws IllegalArgumentException if {@code hex} is not exactly 64 ASCII hex digits
   */
  public static ImageHash parse(String hex) {
    return parse(hex, 100);
  }

  /**
   * Parses the 64-hex-digit form (upper or lower case) of a hash of the given quality.
   *
   * @throws NullPointerException if {@code hex} is null
   * @throws IllegalArgumentException if {@code hex} is not exactly 64 ASCII hex digits, or
   *     {@code quality} is not 0..100
   */
  public static ImageHash parse(String hex, int quality) {
    Objects.requireNonNull(hex, "hex");
    long[] words;
    try {
      words = ImageHash.parseHex(hex, BITS);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a PDQ hash: " + e.getMessage(), e);
    }
    return new ImageHash(SIGNAL_TYPE, words, BITS, quality);
  }
}
