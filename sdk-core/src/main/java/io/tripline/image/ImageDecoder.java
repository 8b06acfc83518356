package io.tripline.image;

import com.twelvemonkeys.imageio.stream.ByteArrayImageInputStream;
import java.awt.image.BufferedImage;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes uploaded images with bounded cost, or says why it will not.
 *
 * <p>The contract, in the order the checks run:
 * <ol>
 *   <li>A file over the byte budget (default {@value #DEFAULT_MAX_BYTES} bytes, 32 MiB) is refused
 *       unread.
 *   <li>The format is found from the bytes, never from the declared type or file name: JPEG,
 *       PNG, GIF, BMP and WebP (lossy, lossless, animated) decode; HEIC/AVIF and TIFF are
 *       recognised and refused as unsupported; anything else is unrecognised.
 *   <li>The container is walked without decoding: it must be complete (JPEG to EOI, PNG to IEND,
 *       GIF to its trailer, WebP to its declared RIFF size), since a decoder that fills in a
 *       missing part would give a picture whose hash no longer matches; every image size it
 *       declares must be within the pixel budget (default 50 megapixels); a JPEG may have at most
 *       100 scans.
 *   <li>The reader reports the dimensions, checked against the budget again, before any pixel
 *       is decoded.
 *   <li>The first image (the first frame of an animated GIF or WebP) is decoded. CMYK and YCCK
 *       JPEGs decode with the right colours (TwelveMonkeys); every other JPEG gives the same
 *       pixels as the JDK's own decoder.
 * </ol>
 *
 * <p>Pixels are returned as stored: EXIF orientation is reported in {@link Decoded#exifOrientation()},
 * never applied, because shared hash feeds hash the stored pixel order.
 *
 * <p>Never throws for bad input, never hangs on it, and never writes a temporary file (the input
 * is read from memory, never through ImageIO's disk cache).
 *
 * <p>Thread-safe: each call uses its own reader.
 */
public final class ImageDecoder {
  private static final Logger log = LoggerFactory.getLogger(ImageDecoder.class);

  /** Default pixel budget: 50 megapixels. */
  public static final long DEFAULT_MAX_PIXELS = 50_000_000L;

  /** Default byte budget: 32 MiB, more than any camera JPEG or screenshot PNG needs. */
  public static final long DEFAULT_MAX_BYTES = 32L * 1024 * 1024;

  private static final int MAX_MESSAGE = 160;

  private final long maxPixels;
  private final long maxBytes;

  /**
   * A decoder with the given pixel budget and the default byte budget.
   *
   * @param maxPixels the most pixels (width times height) an image may have; inclusive
   * @throws IllegalArgumentException if {@code maxPixels} is not positive
   */
  public ImageDecoder(long maxPixels) {
    this(maxPixels, DEFAULT_MAX_BYTES);
  }

  /**
   * A decoder with the given budgets.
   *
   * @param maxPixels the most pixels (width times height) an image may have; inclusive
   * @param maxBytes the most encoded bytes a file may have; inclusive
   * @throws IllegalArgumentException if either budget is not positive
   */
  public ImageDecoder(long maxPixels, long maxBytes) {
    if (maxPixels <= 0) {
      throw new IllegalArgumentException("maxPixels must be positive, was " + maxPixels);
    }
    if (maxBytes <= 0) {
      throw new IllegalArgumentException("maxBytes must be positive, was " + maxBytes);
    }
    this.maxPixels = maxPixels;
    this.maxBytes = maxBytes;
  }

  /** The pixel budget. */
  public long maxPixels() {
    return maxPixels;
  }

  /** The byte budget. */
  public long maxBytes() {
    return maxBytes;
  }

  /** The outcome of decoding: an image, or why there is none. */
  public sealed interface Result permits Decoded, Undecodable {}

  /**
   * A decoded image.
   *
   * @param image the pixels as stored in the file (not rotated)
   * @param format the format the bytes were read as: {@code jpeg}, {@code png}, {@code gif},
   *     {@code bmp} or {@code webp}
   * @param exifOrientation the EXIF orientation tag, 1..8 (1 when the file has none, or an unreadable
   *     one); {@link io.tripline.spi.Dihedral#forExifOrientation(int)} maps it to the variant a
   *     viewer displays
   */
  public record Decoded(BufferedImage image, String format, int exifOrientation) implements Result {
    /**
     * @throws NullPointerException if {@code image} or {@code format} is null
     * @throws IllegalArgumentException if {@code exifOrientation} is not 1..8
     */
    public Decoded {
      Objects.requireNonNull(image, "image");
      Objects.requireNonNull(format, "format");
      if (exifOrientation < 1 || exifOrientation > 8) {
        throw new IllegalArgumentException("exifOrientation must be 1..8, was " + exifOrientation);
      }
    }

    /** A decoded image without an orientation tag (orientation 1). */
    public Decoded(BufferedImage image, String format) {
      this(image, format, ExifOrientation.NORMAL);
    }
  }

  /**
   * The bytes were not decoded; the engine treats the file as unhashable.
   *
   * @param kind what sort of refusal, for rules and metrics
   * @param reason why, for logs and reviewers; never contains the file's content
   */
  public record Undecodable(Kind kind, String reason) implements Result {
    /**
     * @throws NullPointerException if an argument is null
     */
    public Undecodable {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(reason, "reason");
    }

    /** What sort of refusal. */
    public enum Kind {
      /** Empty, or not an image format Tripline recognises. */
      UNRECOGNISED,
      /** A recognised image format that Tripline does not decode (HEIC/AVIF, TIFF, ...). */
      UNSUPPORTED,
      /** Over the byte or pixel budget, or otherwise too costly to decode. */
      OVER_BUDGET,
      /** Cut short: the image data ends before the format says it does. */
      TRUNCATED,
      /** Malformed in some other way. */
      CORRUPT
    }
  }

  /**
   * Decodes the first image (first frame) in {@code bytes}.
   *
   * @return {@link Decoded}, or {@link Undecodable} for any input that cannot be decoded within
   *     the budgets; never throws for bad input
   * @throws NullPointerException if {@code bytes} is null
   */
  public Result decode(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    if (bytes.length == 0) {
      return refuse(Undecodable.Kind.UNRECOGNISED, "empty file");
    }
    if (bytes.length > maxBytes) {
      return refuse(Undecodable.Kind.OVER_BUDGET,
          "file of " + bytes.length + " bytes exceeds the budget of " + maxBytes + " bytes");
    }
    ImageFormat format = ImageFormat.sniff(bytes);
    if (format == null) {
      return refuse(Undecodable.Kind.UNRECOGNISED, "not a recognised image format");
    }
    if (!format.decodable) {
      return refuse(Undecodable.Kind.UNSUPPORTED, format.displayName + " images are not supported");
    }
    ImageStructure structure = ImageStructure.scan(format, bytes);
    Undecodable problem = structure.problem();
    if (problem != null) {
      return refuse(problem);
    }
    if (ImageStructure.area(structure.width(), structure.height()) > maxPixels) {
      return overPixelBudget(format, structure.width(), structure.height());
    }
    return read(format, bytes, structure.orientation());
  }

  private Result read(ImageFormat format, byte[] bytes, int orientation) {
    ImageReader reader;
    try {
      reader = ImageReaders.create(format);
    } catch (IOException | RuntimeException e) {
      return refuse(Undecodable.Kind.UNSUPPORTED, "no usable " + format.displayName + " reader (" + describe(e) + ")");
    }
    if (reader == null) {
      return refuse(Undecodable.Kind.UNSUPPORTED, "no " + format.displayName + " reader in this JVM");
    }
    // Read straight from the array: ImageIO.createImageInputStream would copy it, or spool it to
    // a temporary file when ImageIO's disk cache is on (its default).
    try (ImageInputStream in = new ByteArrayImageInputStream(bytes)) {
      reader.setInput(in, true, true);
      long width = reader.getWidth(0);
      long height = reader.getHeight(0);
      if (width <= 0 || height <= 0) {
        return refuse(Undecodable.Kind.CORRUPT, "image of " + width + "x" + height + " has no pixels");
      }
      if (ImageStructure.area(width, height) > maxPixels) {
        return overPixelBudget(format, width, height);
      }
      List<String> truncation = new ArrayList<>(1);
      reader.addIIOReadWarningListener((source, warning) -> {
        if (isTruncationWarning(warning)) {
          truncation.add(warning);
        }
      });
      BufferedImage image = reader.read(0, reader.getDefaultReadParam());
      if (!truncation.isEmpty()) {
        // The JPEG reader fills missing data with grey and only warns; the hash of that picture
        // no longer matches the original, so corrupting the data would evade matching.
        return refuse(Undecodable.Kind.TRUNCATED, "truncated " + format.displayName + " (" + bounded(truncation.get(0)) + ")");
      }
      return new Decoded(image, format.formatName, orientation);
    } catch (EOFException e) {
      return refuse(Undecodable.Kind.TRUNCATED, "truncated " + format.displayName + ": its image data ends early");
    } catch (IOException | RuntimeException e) {
      // Decoders report corrupt data as IIOException, or as the IndexOutOfBounds, IllegalArgument
      // or NegativeArraySize of an unchecked field; all mean the same to the caller.
      return refuse(Undecodable.Kind.CORRUPT, "corrupt " + format.displayName + " (" + describe(e) + ")");
    } finally {
      reader.dispose();
    }
  }

  private Undecodable overPixelBudget(ImageFormat format, long width, long height) {
    return refuse(Undecodable.Kind.OVER_BUDGET, format.displayName + " image of " + width + "x" + height
        + " exceeds the budget of " + maxPixels + " pixels");
  }

  private static Undecodable refuse(Undecodable.Kind kind, String reason) {
    return refuse(new Undecodable(kind, reason));
  }

  private static Undecodable refuse(Undecodable undecodable) {
    log.debug("image not decoded, {}: {}", undecodable.kind(), undecodable.reason());
    return undecodable;
  }

  private static String describe(Exception e) {
    String message = e.getMessage();
    String type = e.getClass().getSimpleName();
    return message == null || message.isBlank() ? type : type + ": " + bounded(message);
  }

  private static String bounded(String message) {
    return message.length() <= MAX_MESSAGE ? message : message.substring(0, MAX_MESSAGE) + "...";
  }

  /**
   * Whether a reader warning says pixel data is missing: the JDK's JPEG reader reports
   * "Truncated File - Missing EOI marker" and libjpeg's "Premature end of JPEG file" /
   * "Corrupt JPEG data: premature end of data segment". Other warnings (an invalid ICC profile,
   * extraneous bytes before a marker, TwelveMonkeys' "no embedded ICC profile" for CMYK) leave the
   * pixels whole and do not refuse the image.
   */
  private static boolean isTruncationWarning(@Nullable String warning) {
    if (warning == null) {
      return false;
    }
    String w = warning.toLowerCase(Locale.ROOT);
    return w.contains("truncated") || w.contains("premature end");
  }

  /**
   * Whether {@code bytes} start like an image format Tripline knows (JPEG, PNG, GIF, WebP, BMP,
   * TIFF, HEIF/AVIF), whatever type was declared. Used to decide which files must hash: a
   * recognised format that does not decode is unhashable, not "not an image".
   *
   * @throws NullPointerException if {@code bytes} is null
   */
  public static boolean looksLikeImage(byte[] bytes) {
    return ImageFormat.sniff(bytes) != null;
  }
}
