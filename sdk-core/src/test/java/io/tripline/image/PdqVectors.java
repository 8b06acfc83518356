package io.tripline.image;

import io.tripline.spi.Dihedral;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * The shared PDQ test vectors, copied to {@code src/test/resources/pdq/} (see README.txt there
 * for their provenance and licence), and the decoding the expected values were computed with.
 */
final class PdqVectors {

  private PdqVectors() {}

  static byte[] bytes(String path) {
    try (InputStream in = PdqVectors.class.getResourceAsStream("/pdq/" + path)) {
      if (in == null) {
        throw new IllegalStateException("test vector missing from the class path: pdq/" + path);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The rows of a CSV file with a header line, as column name to value ("" when empty). */
  static List<Map<String, String>> csv(String path) {
    String[] lines = new String(bytes(path), StandardCharsets.UTF_8).split("\r?\n");
    List<String> header = fields(lines[0]);
    List<Map<String, String>> rows = new ArrayList<>();
    for (int i = 1; i < lines.length; i++) {
      if (lines[i].isBlank()) {
        continue;
      }
      List<String> values = fields(lines[i]);
      Map<String, String> row = new LinkedHashMap<>();
      for (int c = 0; c < header.size(); c++) {
        row.put(header.get(c), c < values.size() ? values.get(c) : "");
      }
      rows.add(row);
    }
    return rows;
  }

  /** Splits one CSV line; fields may be double-quoted and hold commas. */
  private static List<String> fields(String line) {
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        fields.add(field.toString());
        field.setLength(0);
      } else {
        field.append(c);
      }
    }
    fields.add(field.toString());
    return fields;
  }

  /**
   * Decodes with the JDK's own ImageIO reader for the format, as computed-expected.csv was made,
   * even when a plugin (TwelveMonkeys) registers a reader ahead of it.
   */
  static BufferedImage decodeWithJdkReader(String path) {
    return decode(path, true);
  }

  /** Decodes with whichever reader ImageIO offers first, as {@code ImageIO.read} does. */
  static BufferedImage decodeWithFirstReader(String path) {
    return decode(path, false);
  }

  /** The class of the reader {@code ImageIO} offers first for the file. */
  static String firstReaderClass(String path) {
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes(path)))) {
      return ImageIO.getImageReaders(in).next().getClass().getName();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static BufferedImage decode(String path, boolean jdkOnly) {
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes(path)))) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      while (readers.hasNext()) {
        ImageReader reader = readers.next();
        if (jdkOnly && !reader.getClass().getName().startsWith("com.sun.imageio.plugins.")) {
          continue;
        }
        try {
          reader.setInput(in);
          return reader.read(0);
        } finally {
          reader.dispose();
        }
      }
      throw new IllegalStateException("no " + (jdkOnly ? "JDK " : "") + "reader for " + path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The EXIF orientation tag (1..8) of a JPEG, 1 if it has none. */
  static int exifOrientation(byte[] jpeg) {
    int i = 2;
    while (i + 4 <= jpeg.length && (jpeg[i] & 0xFF) == 0xFF) {
      int marker = jpeg[i + 1] & 0xFF;
      int length = ((jpeg[i + 2] & 0xFF) << 8) | (jpeg[i + 3] & 0xFF);
      if (marker == 0xE1 && new String(jpeg, i + 4, 4, StandardCharsets.ISO_8859_1).equals("Exif")) {
        int tiff = i + 10;
        boolean little = jpeg[tiff] == 'I';
        int ifd = tiff + u32(jpeg, tiff + 4, little);
        int entries = u16(jpeg, ifd, little);
        for (int e = 0; e < entries; e++) {
          int entry = ifd + 2 + 12 * e;
          if (u16(jpeg, entry, little) == 0x0112) {
            return u16(jpeg, entry + 8, little);
          }
        }
        return 1;
      }
      if (marker == 0xDA) {
        break;
      }
      i += 2 + length;
    }
    return 1;
  }

  private static int u16(byte[] b, int i, boolean little) {
    int a = b[i] & 0xFF;
    int c = b[i + 1] & 0xFF;
    return little ? a | c << 8 : a << 8 | c;
  }

  private static int u32(byte[] b, int i, boolean little) {
    return little ? u16(b, i, true) | u16(b, i + 2, true) << 16 : u16(b, i, false) << 16 | u16(b, i + 2, false);
  }

  /**
   * The image as its EXIF orientation says to display it (pixels moved losslessly, into an RGB
   * image); only the two rotations the vectors use.
   */
  static BufferedImage displayed(BufferedImage stored, int orientation) {
    int w = stored.getWidth();
    int h = stored.getHeight();
    BufferedImage out = new BufferedImage(h, w, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int rgb = stored.getRGB(x, y);
        switch (orientation) {
          case 6 -> out.setRGB(h - 1 - y, x, rgb); // stored turned 90 degrees clockwise
          case 8 -> out.setRGB(y, w - 1 - x, rgb); // stored turned 90 degrees counter-clockwise
          default -> throw new IllegalArgumentException("orientation " + orientation);
        }
      }
    }
    return out;
  }

  /**
   * Band 0 of an image, turned as {@code variant} names (rotations counter-clockwise, as
   * {@link Dihedral} defines them), into an 8-bit grey image.
   */
  static BufferedImage turnGrey(BufferedImage image, Dihedral variant) {
    int w = image.getWidth();
    int h = image.getHeight();
    boolean transposed = switch (variant) {
      case ROTATE_90, ROTATE_270, FLIP_PLUS_1, FLIP_MINUS_1 -> true;
      default -> false;
    };
    BufferedImage out = new BufferedImage(transposed ? h : w, transposed ? w : h, BufferedImage.TYPE_BYTE_GRAY);
    Raster in = image.getRaster();
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int v = in.getSample(x, y, 0);
        switch (variant) {
          case ORIGINAL -> out.getRaster().setSample(x, y, 0, v);
          case ROTATE_90 -> out.getRaster().setSample(y, w - 1 - x, 0, v);
          case ROTATE_180 -> out.getRaster().setSample(w - 1 - x, h - 1 - y, 0, v);
          case ROTATE_270 -> out.getRaster().setSample(h - 1 - y, x, 0, v);
          case FLIP_X -> out.getRaster().setSample(x, h - 1 - y, 0, v);
          case FLIP_Y -> out.getRaster().setSample(w - 1 - x, y, 0, v);
          case FLIP_PLUS_1 -> out.getRaster().setSample(y, x, 0, v);
          case FLIP_MINUS_1 -> out.getRaster().setSample(h - 1 - y, w - 1 - x, 0, v);
        }
      }
    }
    return out;
  }
}
