package io.tripline.image;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Image formats as recognised from a file's first bytes. The declared content type and the file
 * name are never consulted: an uploader controls both.
 */
enum ImageFormat {
  JPEG("jpeg", "JPEG", true),
  PNG("png", "PNG", true),
  GIF("gif", "GIF", true),
  BMP("bmp", "BMP", true),
  WEBP("webp", "WebP", true),
  /**
   * Recognised so that it must hash, but not decoded: the JDK's TIFF decompressors size their
   * buffers from tile and strip fields that nothing checks against the file, so a few hundred
   * bytes can demand gigabytes; TIFF uploads are rare enough that refusing is the safer trade.
   */
  TIFF("tiff", "TIFF", false),
  /** HEIC and AVIF: no pure-Java decoder exists. */
  HEIF("heif", "HEIC/AVIF", false);

  /** Major brands of ISO media files that hold a HEIF or AVIF image rather than a video. */
  private static final Set<String> HEIF_BRANDS = Set.of(
      "heic", "heix", "heim", "heis", "hevc", "hevx", "hevm", "hevs", "mif1", "msf1", "mif2", "avif", "avis");

  /** The lower-case name reported in {@link ImageDecoder.Decoded#format()}. */
  final String formatName;
  /** The name in refusal reasons. */
  final String displayName;
  /** Whether {@link ImageDecoder} decodes this format. */
  final boolean decodable;

  ImageFormat(String formatName, String displayName, boolean decodable) {
    this.formatName = formatName;
    this.displayName = displayName;
    this.decodable = decodable;
  }

  /** The format {@code bytes} start like, or null if none Tripline knows. */
  static @Nullable ImageFormat sniff(byte[] bytes) {
    if (startsWith(bytes, 0, 0xFF, 0xD8, 0xFF)) {
      return JPEG;
    }
    // Short magic on purpose: a file that starts like a PNG or GIF but is damaged after that must
    // still count as an image (and so as unhashable), not slip through as "not an image".
    if (startsWith(bytes, 0, 0x89, 'P', 'N', 'G')) {
      return PNG;
    }
    if (startsWith(bytes, 0, 'G', 'I', 'F', '8')) {
      return GIF;
    }
    if (looksLikeBmp(bytes)) {
      return BMP;
    }
    if (startsWith(bytes, 0, 'R', 'I', 'F', 'F') && startsWith(bytes, 8, 'W', 'E', 'B', 'P')) {
      return WEBP;
    }
    if (startsWith(bytes, 0, 'I', 'I', 0x2A, 0x00) || startsWith(bytes, 0, 'M', 'M', 0x00, 0x2A)) {
      return TIFF;
    }
    if (looksLikeHeif(bytes)) {
      return HEIF;
    }
    return null;
  }

  /**
   * "BM" alone is too weak (any text starting "BMW ..." has it): also require the reserved header
   * bytes to be zero and a DIB header size that some BMP version uses.
   */
  private static boolean looksLikeBmp(byte[] bytes) {
    if (bytes.length < 18 || !startsWith(bytes, 0, 'B', 'M')) {
      return false;
    }
    for (int i = 6; i < 10; i++) {
      if (bytes[i] != 0) {
        return false;
      }
    }
    int dibSize = (bytes[14] & 0xFF) | (bytes[15] & 0xFF) << 8 | (bytes[16] & 0xFF) << 16 | (bytes[17] & 0xFF) << 24;
    return dibSize == 12 || dibSize == 16 || dibSize == 40 || dibSize == 52 || dibSize == 56 || dibSize == 64
        || dibSize == 108 || dibSize == 124;
  }

  /**
   * An ISO media file ({@code ftyp} box) whose major brand is a HEIF/AVIF image brand. MP4, MOV
   * and 3GP videos have an {@code ftyp} box too and are not images.
   */
  private static boolean looksLikeHeif(byte[] bytes) {
    if (bytes.length < 12 || !startsWith(bytes, 4, 'f', 't', 'y', 'p')) {
      return false;
    }
    String brand = new String(bytes, 8, 4, StandardCharsets.ISO_8859_1);
    return HEIF_BRANDS.contains(brand);
  }

  private static boolean startsWith(byte[] bytes, int offset, int... magic) {
    if (bytes.length < offset + magic.length) {
      return false;
    }
    for (int i = 0; i < magic.length; i++) {
      if ((bytes[offset + i] & 0xFF) != magic[i]) {
        return false;
      }
    }
    return true;
  }
}
