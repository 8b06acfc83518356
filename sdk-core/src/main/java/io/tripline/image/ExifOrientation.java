package io.tripline.image;

/**
 * Reads the EXIF orientation tag (0x0112 in IFD0) from a TIFF-structured EXIF block, with every
 * read checked against the block's bounds. Uploads carry hostile metadata as often as hostile
 * pixels, so this parser never follows an offset out of the block, never loops on a cycle (it
 * reads IFD0 only) and never allocates: anything malformed is simply orientation 1.
 *
 * <p>Stateless and thread-safe.
 */
final class ExifOrientation {

  /** The orientation of an image without a (readable) tag: stored pixels are displayed as is. */
  static final int NORMAL = 1;

  private static final int TAG_ORIENTATION = 0x0112;
  private static final int TYPE_SHORT = 3;
  private static final int ENTRY_SIZE = 12;

  private ExifOrientation() {}

  /**
   * The orientation in a JPEG APP1 segment's payload (after the length field), which must start
   * with {@code "Exif\0\0"} followed by a TIFF header.
   *
   * @return 1..8; {@link #NORMAL} if the payload is not EXIF, or has no valid orientation
   */
  static int fromApp1(byte[] bytes, int offset, int length) {
    if (!hasExifPrefix(bytes, offset, length)) {
      return NORMAL;
    }
    return fromTiff(bytes, offset + 6, length - 6);
  }

  /**
   * The orientation in an EXIF block as WebP's {@code EXIF} chunk or PNG's {@code eXIf} chunk
   * holds it: a TIFF header, though some writers put JPEG's {@code "Exif\0\0"} in front, which is
   * skipped.
   *
   * @return 1..8; {@link #NORMAL} if there is no valid orientation
   */
  static int fromExifChunk(byte[] bytes, int offset, int length) {
    if (hasExifPrefix(bytes, offset, length)) {
      return fromTiff(bytes, offset + 6, length - 6);
    }
    return fromTiff(bytes, offset, length);
  }

  /**
   * The orientation in a TIFF structure occupying {@code bytes[offset, offset + length)}: byte
   * order mark ({@code II} or {@code MM}), 42, the offset of IFD0 (relative to the TIFF header),
   * then IFD0's entries. The tag must be a SHORT with count 1 and a value 1..8.
   *
   * @return 1..8; {@link #NORMAL} for anything else
   */
  static int fromTiff(byte[] bytes, int offset, int length) {
    if (offset < 0 || length < 8 || offset > bytes.length - length) {
      return NORMAL;
    }
    boolean little;
    if (bytes[offset] == 'I' && bytes[offset + 1] == 'I') {
      little = true;
    } else if (bytes[offset] == 'M' && bytes[offset + 1] == 'M') {
      little = false;
    } else {
      return NORMAL;
    }
    if (u16(bytes, offset + 2, little) != 42) {
      return NORMAL;
    }
    long ifd = u32(bytes, offset + 4, little);
    // The entry count is two bytes; the IFD must at least hold it.
    if (ifd < 8 || ifd > length - 2) {
      return NORMAL;
    }
    int ifdStart = offset + (int) ifd;
    int count = u16(bytes, ifdStart, little);
    // Only the entries that lie wholly inside the block are read: a count that claims more is
    // cut down rather than trusted.
    int available = (length - (int) ifd - 2) / ENTRY_SIZE;
    int entries = Math.min(count, available);
    for (int i = 0; i < entries; i++) {
      int entry = ifdStart + 2 + i * ENTRY_SIZE;
      if (u16(bytes, entry, little) != TAG_ORIENTATION) {
        continue;
      }
      if (u16(bytes, entry + 2, little) != TYPE_SHORT || u32(bytes, entry + 4, little) != 1) {
        return NORMAL;
      }
      // A single SHORT sits in the first two bytes of the value field, in the file's byte order.
      int value = u16(bytes, entry + 8, little);
      return value >= 1 && value <= 8 ? value : NORMAL;
    }
    return NORMAL;
  }

  private static boolean hasExifPrefix(byte[] bytes, int offset, int length) {
    return offset >= 0 && length >= 6 && offset <= bytes.length - length
        && bytes[offset] == 'E' && bytes[offset + 1] == 'x' && bytes[offset + 2] == 'i'
        && bytes[offset + 3] == 'f' && bytes[offset + 4] == 0 && bytes[offset + 5] == 0;
  }

  private static int u16(byte[] b, int i, boolean little) {
    return little
        ? (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8
        : (b[i] & 0xFF) << 8 | (b[i + 1] & 0xFF);
  }

  private static long u32(byte[] b, int i, boolean little) {
    return little
        ? (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8 | (b[i + 2] & 0xFF) << 16 | (long) (b[i + 3] & 0xFF) << 24
        : (long) (b[i] & 0xFF) << 24 | (b[i + 1] & 0xFF) << 16 | (b[i + 2] & 0xFF) << 8 | (b[i + 3] & 0xFF);
  }
}
