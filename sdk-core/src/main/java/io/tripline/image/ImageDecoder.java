package io.tripline.image;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.jspecify.annotations.Nullable;

/**
 * Decodes uploaded images with bounded cost. The format is found from the bytes (never from the
 * declared type or file name), the dimensions are read before any pixels, and an image over the
 * pixel budget is refused without decoding it. A truncated image is undecodable, even where the
 * reader would fill the missing part in. Decoding never writes temporary files.
 *
 * <p>Thread-safe: each call uses its own reader.
 */
public final class ImageDecoder {

  /** Default pixel budget: 50 megapixels. */
  public static final long DEFAULT_MAX_PIXELS = 50_000_000L;

  /** Major brands of ISO media files that hold a HEIF or AVIF image rather than a video. */
  private static final Set<String> HEIF_BRANDS = Set.of(
      "heic", "heix", "heim", "heis", "hevc", "hevx", "hevm", "hevs", "mif1", "msf1", "mif2", "avif", "avis");

  private final long maxPixels;

  /**
   * @throws IllegalArgumentException if {@code maxPixels} is not positive
   */
  public ImageDecoder(long maxPixels) {
    if (maxPixels <= 0) {
      throw new IllegalArgumentException("maxPixels must be positive, was " + maxPixels);
    }
    this.maxPixels = maxPixels;
  }

  /** The outcome of decoding: an image, or why there is none. */
  public sealed interface Result permits Decoded, Undecodable {}

  /** A decoded image and the format its bytes were read as (e.g. {@code jpeg}). */
  public record Decoded(BufferedImage image, String format) implements Result {}

  /** The bytes could not be decoded as an image, within the budget; {@code reason} says why. */
  public record Undecodable(String reason) implements Result {}

  /** Decodes the first image (first frame) in {@code bytes}. Never throws for bad input. */
  public Result decode(byte[] bytes) {
    if (bytes.length == 0) {
      return new Undecodable("empty file");
    }
    try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
      ImageReader reader = readerFor(in);
      if (reader == null) {
        return new Undecodable("not a recognised image format");
      }
      try {
        reader.setInput(in, true, true);
        long width = reader.getWidth(0);
        long height = reader.getHeight(0);
        if (width <= 0 || height <= 0) {
          return new Undecodable("image has no pixels");
        }
        if (width * height > maxPixels) {
          return new Undecodable("image of " + width + "x" + height + " exceeds the budget of " + maxPixels + " pixels");
        }
        List<String> truncation = new ArrayList<>(1);
        reader.addIIOReadWarningListener((source, warning) -> {
          if (isTruncationWarning(warning)) {
            truncation.add(warning);
          }
        });
        BufferedImage image = reader.read(0, reader.getDefaultReadParam());
        if (!truncation.isEmpty()) {
          // The JPEG reader fills the missing part with grey and only warns; the hash of that
          // picture no longer matches the original, so cutting a file short would evade matching.
          return new Undecodable("truncated image (" + truncation.get(0) + ")");
        }
        return new Decoded(image, reader.getFormatName().toLowerCase(Locale.ROOT));
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      // Truncated and corrupt files surface as IIOException, EOFException or a decoder's
      // IndexOutOfBounds/IllegalArgument; all mean the same to the caller.
      return new Undecodable("corrupt or truncated image (" + e.getClass().getSimpleName() + ")");
    }
  }

  /**
   * Whether a reader warning says pixel data is missing: the JDK's JPEG reader reports
   * "Truncated File - Missing EOI marker" and libjpeg's "Premature end of JPEG file" /
   * "Corrupt JPEG data: premature end of data segment". Other warnings (an invalid ICC profile,
   * extraneous bytes before a marker) leave the pixels whole and do not refuse the image.
   */
  private static boolean isTruncationWarning(@Nullable String warning) {
    if (warning == null) {
      return false;
    }
    String w = warning.toLowerCase(Locale.ROOT);
    return w.contains("truncated") || w.contains("premature end");
  }

  private static @Nullable ImageReader readerFor(ImageInputStream in) {
    Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
    return readers.hasNext() ? readers.next() : null;
  }

  /**
   * Whether {@code bytes} start like an image format Tripline knows (JPEG, PNG, GIF, WebP, BMP,
   * TIFF, HEIF/AVIF), whatever type was declared. Used to decide which files must hash.
   */
  public static boolean looksLikeImage(byte[] bytes) {
    return startsWith(bytes, 0, 0xFF, 0xD8, 0xFF)
        || startsWith(bytes, 0, 0x89, 'P', 'N', 'G')
        || startsWith(bytes, 0, 'G', 'I', 'F', '8')
        || looksLikeBmp(bytes)
        || startsWith(bytes, 0, 'I', 'I', 0x2A, 0x00)
        || startsWith(bytes, 0, 'M', 'M', 0x00, 0x2A)
        || (startsWith(bytes, 0, 'R', 'I', 'F', 'F') && startsWith(bytes, 8, 'W', 'E', 'B', 'P'))
        || looksLikeHeif(bytes);
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
