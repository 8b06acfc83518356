package io.tripline.spi;

/**
 * The eight rotations and flips of an image (the dihedral group of the square). A perceptual hash
 * that can derive the hashes of these variants without re-hashing pixels (PDQ does, from its DCT)
 * lets one query find a rotated or mirrored copy of a known image, and lets an upload whose EXIF
 * orientation says "display rotated" be matched as it would be displayed.
 */
public enum Dihedral {
  /** The pixels as stored. */
  ORIGINAL,
  /** Rotated 90 degrees counter-clockwise. */
  ROTATE_90,
  ROTATE_180,
  /** Rotated 270 degrees counter-clockwise (90 clockwise). */
  ROTATE_270,
  /** Flipped upside down (about the horizontal axis). */
  FLIP_X,
  /** Mirrored left to right (about the vertical axis). */
  FLIP_Y,
  /** Transposed (flipped about the main diagonal). */
  FLIP_PLUS_1,
  /** Anti-transposed (flipped about the other diagonal). */
  FLIP_MINUS_1;

  /**
   * The variant that shows an image the way its EXIF orientation tag (1..8) says to display it:
   * 3 is {@link #ROTATE_180}, 6 is {@link #ROTATE_270}, 8 is {@link #ROTATE_90}, 2, 4, 5 and 7 the
   * flips and transposes. Any other value, 1 included, is {@link #ORIGINAL}.
   */
  public static Dihedral forExifOrientation(int orientation) {
    return switch (orientation) {
      case 2 -> FLIP_Y;
      case 3 -> ROTATE_180;
      case 4 -> FLIP_X;
      case 5 -> FLIP_PLUS_1;
      case 6 -> ROTATE_270;
      case 7 -> FLIP_MINUS_1;
      case 8 -> ROTATE_90;
      default -> ORIGINAL;
    };
  }
}
