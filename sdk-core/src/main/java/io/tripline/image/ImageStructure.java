package io.tripline.image;

import io.tripline.image.ImageDecoder.Undecodable;
import io.tripline.image.ImageDecoder.Undecodable.Kind;
import org.jspecify.annotations.Nullable;

/**
 * What a bounded walk over a file's container found before any decoder sees it: the largest
 * image dimensions declared anywhere the decoder might size a buffer from, the EXIF orientation,
 * and whether the container is complete.
 *
 * <p>Why walk the container ourselves when the decoders parse it anyway:
 * <ul>
 *   <li>Completeness. Decoders disagree on a file cut short: the JPEG reader fills the rest with
 *       grey and only warns, TwelveMonkeys' lossless WebP decoder reads zeros past the end without
 *       a word. The hash of such a picture no longer matches the original, so cutting a file
 *       would evade matching. The rule here is uniform: JPEG must reach EOI, PNG IEND, GIF its
 *       trailer, WebP the end its RIFF header declares. Bytes after that end (a polyglot's
 *       payload) are ignored, as every decoder ignores them.
 *   <li>Declared sizes the reader does not report. A WebP's {@code VP8X} canvas and the sizes in
 *       its bitstreams are separate fields; the reader reports one and decodes by the other.
 *   <li>Work the decoder would do unchecked: a progressive JPEG with thousands of scans costs a
 *       full pass over the coefficients per scan.
 *   <li>The EXIF orientation, which the readers do not report without full metadata parsing.
 * </ul>
 *
 * <p>Every read is checked against the array; every loop advances; nothing is allocated in
 * proportion to a field in the file. Cost is one pass over the bytes at most.
 *
 * @param width the width of the largest (by area) image or canvas declared, 0 if none
 * @param height the height belonging to {@code width}
 * @param orientation EXIF orientation 1..8, 1 if absent or unreadable
 * @param problem why the file must not be decoded, or null if it may be
 */
record ImageStructure(long width, long height, int orientation, @Nullable Undecodable problem) {

  /**
   * The most scans a JPEG may have. libjpeg's progressive scripts use 10 or fewer and the most
   * elaborate encoders (mozjpeg's optimised scans) stay well under 100; more is an attack that
   * makes the decoder re-walk every coefficient once per scan.
   */
  static final int MAX_JPEG_SCANS = 100;

  /** {@code width * height}, saturating instead of overflowing (PNG sizes are 32-bit each). */
  static long area(long width, long height) {
    if (width <= 0 || height <= 0) {
      return 0;
    }
    return height > Long.MAX_VALUE / width ? Long.MAX_VALUE : width * height;
  }

  /** Scans {@code bytes} of the given (sniffed) format. */
  static ImageStructure scan(ImageFormat format, byte[] bytes) {
    Walk walk = new Walk();
    switch (format) {
      case JPEG -> jpeg(bytes, walk);
      case PNG -> png(bytes, walk);
      case GIF -> gif(bytes, walk);
      case WEBP -> webp(bytes, walk);
      case BMP -> bmp(bytes, walk);
      default -> { }
    }
    return new ImageStructure(walk.width, walk.height, walk.orientation, walk.problem);
  }

  /** Mutable state of one walk; the first problem found wins. */
  private static final class Walk {
    long width;
    long height;
    int orientation = ExifOrientation.NORMAL;
    @Nullable Undecodable problem;

    void declare(long w, long h) {
      if (area(w, h) > area(width, height)) {
        width = w;
        height = h;
      }
    }

    void truncated(String what) {
      fail(Kind.TRUNCATED, what);
    }

    void corrupt(String what) {
      fail(Kind.CORRUPT, what);
    }

    void fail(Kind kind, String reason) {
      if (problem == null) {
        problem = new Undecodable(kind, reason);
      }
    }
  }

  // ---------------------------------------------------------------- JPEG

  private static void jpeg(byte[] b, Walk walk) {
    int n = b.length;
    int pos = 2;
    int scans = 0;
    boolean sawOrientation = false;
    while (true) {
      // Encoders may pad with 0xFF fill bytes before a marker; anything else between segments is
      // junk the JDK decoder skips with a warning, so it is skipped here too.
      while (pos < n && b[pos] != (byte) 0xFF) {
        pos++;
      }
      while (pos < n && b[pos] == (byte) 0xFF) {
        pos++;
      }
      if (pos >= n) {
        walk.truncated("truncated JPEG: ends before its EOI marker");
        return;
      }
      int marker = b[pos++] & 0xFF;
      if (marker == 0xD9) {
        return;
      }
      if (marker == 0x00 || marker == 0x01 || marker == 0xD8 || (marker >= 0xD0 && marker <= 0xD7)) {
        continue; // markers without a length field
      }
      if (pos + 2 > n) {
        walk.truncated("truncated JPEG: ends inside a segment header");
        return;
      }
      int length = (b[pos] & 0xFF) << 8 | (b[pos + 1] & 0xFF);
      if (length < 2) {
        walk.corrupt("corrupt JPEG: segment length " + length);
        return;
      }
      if (pos + length > n) {
        walk.truncated("truncated JPEG: ends inside a segment");
        return;
      }
      int payload = pos + 2;
      int payloadLength = length - 2;
      if (marker == 0xE1 && !sawOrientation && scans == 0 && isExifApp1(b, payload, payloadLength)) {
        // Only the first EXIF segment counts, as for every viewer; later ones (an XMP-sidecar
        // writer's duplicate, say) cannot override it.
        sawOrientation = true;
        walk.orientation = ExifOrientation.fromApp1(b, payload, payloadLength);
      } else if (isStartOfFrame(marker) && payloadLength >= 5) {
        walk.declare((b[payload + 3] & 0xFF) << 8 | (b[payload + 4] & 0xFF),
            (b[payload + 1] & 0xFF) << 8 | (b[payload + 2] & 0xFF));
      }
      pos += length;
      if (marker == 0xDA) {
        if (++scans > MAX_JPEG_SCANS) {
          walk.fail(Kind.OVER_BUDGET, "JPEG with more than " + MAX_JPEG_SCANS + " scans");
          return;
        }
        pos = skipEntropyCodedData(b, pos);
      }
    }
  }

  /** SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC), which share the range. */
  private static boolean isStartOfFrame(int marker) {
    return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
  }

  private static boolean isExifApp1(byte[] b, int offset, int length) {
    return length >= 6 && b[offset] == 'E' && b[offset + 1] == 'x' && b[offset + 2] == 'i' && b[offset + 3] == 'f'
        && b[offset + 4] == 0 && b[offset + 5] == 0;
  }

  /**
   * The position of the next marker after a scan's entropy-coded data: 0xFF followed by a byte
   * other than a stuffed zero or a restart marker. Returns {@code b.length} if there is none.
   */
  private static int skipEntropyCodedData(byte[] b, int pos) {
    int n = b.length;
    while (pos < n) {
      if (b[pos] != (byte) 0xFF) {
        pos++;
        continue;
      }
      if (pos + 1 >= n) {
        return n;
      }
      int next = b[pos + 1] & 0xFF;
      if (next == 0x00 || (next >= 0xD0 && next <= 0xD7)) {
        pos += 2;
      } else if (next == 0xFF) {
        pos++;
      } else {
        return pos;
      }
    }
    return n;
  }

  // ---------------------------------------------------------------- PNG

  private static final int IHDR = chunkType("IHDR");
  private static final int IEND = chunkType("IEND");
  private static final int EXIF_PNG = chunkType("eXIf");

  private static void png(byte[] b, Walk walk) {
    int n = b.length;
    int pos = 8;
    boolean first = true;
    while (true) {
      if (pos + 8 > n) {
        walk.truncated("truncated PNG: ends before its IEND chunk");
        return;
      }
      long length = u32be(b, pos);
      int type = (int) u32be(b, pos + 4);
      if (length > Integer.MAX_VALUE) {
        walk.corrupt("corrupt PNG: chunk length " + length);
        return;
      }
      if (pos + 12 + length > n) {
        walk.truncated("truncated PNG: ends inside a chunk");
        return;
      }
      int data = pos + 8;
      if (first) {
        if (type != IHDR || length < 13) {
          walk.corrupt("corrupt PNG: IHDR is not the first chunk");
          return;
        }
        walk.declare(u32be(b, data), u32be(b, data + 4));
        first = false;
      } else if (type == EXIF_PNG && walk.orientation == ExifOrientation.NORMAL) {
        walk.orientation = ExifOrientation.fromExifChunk(b, data, (int) length);
      } else if (type == IEND) {
        return;
      }
      pos = data + (int) length + 4;
    }
  }

  private static int chunkType(String fourCc) {
    return fourCc.charAt(0) << 24 | fourCc.charAt(1) << 16 | fourCc.charAt(2) << 8 | fourCc.charAt(3);
  }

  // ---------------------------------------------------------------- GIF

  private static void gif(byte[] b, Walk walk) {
    int n = b.length;
    if (n < 13) {
      walk.truncated("truncated GIF: ends inside its header");
      return;
    }
    walk.declare(u16le(b, 6), u16le(b, 8));
    int pos = 13 + colorTableSize(b[10]);
    while (true) {
      if (pos >= n) {
        walk.truncated("truncated GIF: ends before its trailer");
        return;
      }
      int block = b[pos++] & 0xFF;
      switch (block) {
        case 0x3B -> {
          return;
        }
        case 0x21 -> {
          pos = skipSubBlocks(b, pos + 1); // past the extension's label
        }
        case 0x2C -> {
          if (pos + 9 > n) {
            walk.truncated("truncated GIF: ends inside an image descriptor");
            return;
          }
          walk.declare(u16le(b, pos + 4), u16le(b, pos + 6));
          pos += 9 + colorTableSize(b[pos + 8]);
          pos = skipSubBlocks(b, pos + 1); // past the LZW minimum code size
        }
        default -> {
          walk.corrupt("corrupt GIF: unknown block 0x" + Integer.toHexString(block));
          return;
        }
      }
      if (pos < 0) {
        walk.truncated("truncated GIF: ends inside a data block");
        return;
      }
    }
  }

  /** Bytes of the colour table a GIF flags byte announces (0 if none). */
  private static int colorTableSize(byte flags) {
    return (flags & 0x80) != 0 ? 3 << ((flags & 0x07) + 1) : 0;
  }

  /** The position after a chain of data sub-blocks and its terminator, or -1 if it is cut. */
  private static int skipSubBlocks(byte[] b, int pos) {
    while (pos < b.length) {
      int size = b[pos] & 0xFF;
      pos += 1 + size;
      if (size == 0) {
        return pos;
      }
    }
    return -1;
  }

  // ---------------------------------------------------------------- WebP

  private static final int VP8X = chunkType("VP8X");
  private static final int VP8 = chunkType("VP8 ");
  private static final int VP8L = chunkType("VP8L");
  private static final int ANMF = chunkType("ANMF");
  private static final int EXIF_WEBP = chunkType("EXIF");

  private static void webp(byte[] b, Walk walk) {
    long riffEnd = 8 + u32le(b, 4);
    if (riffEnd > b.length) {
      walk.truncated("truncated WebP: " + b.length + " of the " + riffEnd + " bytes its header declares");
      return;
    }
    webpChunks(b, 12, (int) riffEnd, walk, true);
  }

  /** Walks the chunks in {@code [pos, end)}; ANMF frames hold chunks of their own. */
  private static void webpChunks(byte[] b, int pos, int end, Walk walk, boolean topLevel) {
    while (pos < end && walk.problem == null) {
      if (pos + 8 > end) {
        walk.corrupt("corrupt WebP: a chunk header runs past the end");
        return;
      }
      int type = (int) u32be(b, pos);
      long size = u32le(b, pos + 4);
      int data = pos + 8;
      if (data + size > end) {
        walk.corrupt("corrupt WebP: a chunk runs past the end");
        return;
      }
      int length = (int) size;
      if (type == VP8X && topLevel && length >= 10) {
        walk.declare(1 + u24le(b, data + 4), 1 + u24le(b, data + 7));
      } else if (type == VP8 && length >= 10) {
        // Frame tag (3 bytes), start code 9D 01 2A, then 14-bit width and height.
        if ((b[data + 3] & 0xFF) == 0x9D && (b[data + 4] & 0xFF) == 0x01 && (b[data + 5] & 0xFF) == 0x2A) {
          walk.declare(u16le(b, data + 6) & 0x3FFF, u16le(b, data + 8) & 0x3FFF);
        }
      } else if (type == VP8L && length >= 5) {
        // Signature 0x2F, then width - 1 and height - 1 in 14 bits each, least significant first.
        if ((b[data] & 0xFF) == 0x2F) {
          long bits = u32le(b, data + 1);
          walk.declare((bits & 0x3FFF) + 1, ((bits >>> 14) & 0x3FFF) + 1);
        }
      } else if (type == ANMF && topLevel && length >= 16) {
        walk.declare(1 + u24le(b, data + 6), 1 + u24le(b, data + 9));
        webpChunks(b, data + 16, data + length, walk, false);
      } else if (type == EXIF_WEBP && topLevel && walk.orientation == ExifOrientation.NORMAL) {
        walk.orientation = ExifOrientation.fromExifChunk(b, data, length);
      }
      // Chunks are padded to an even size; a missing pad byte at the very end is tolerated.
      pos = data + length + (length & 1);
    }
  }

  // ---------------------------------------------------------------- BMP

  private static void bmp(byte[] b, Walk walk) {
    int dibSize = (int) u32le(b, 14);
    if (dibSize == 12) {
      if (b.length < 26) {
        walk.truncated("truncated BMP: ends inside its header");
        return;
      }
      walk.declare(u16le(b, 18), u16le(b, 20));
      return;
    }
    if (b.length < 34) {
      walk.truncated("truncated BMP: ends inside its header");
      return;
    }
    // Signed; a negative height means top-down rows.
    walk.declare(Math.abs((long) (int) u32le(b, 18)), Math.abs((long) (int) u32le(b, 22)));
    // The compression field exists from the 40-byte BITMAPINFOHEADER on (OS/2's 16-byte one ends
    // before it).
    long compression = dibSize >= 40 ? u32le(b, 30) : 0;
    if (compression == 4 || compression == 5) {
      // BI_JPEG / BI_PNG: the JDK reader allocates the embedded image's declared size unchecked,
      // decodes it with a reader of its own outside our budgets, through ImageIO's disk cache.
      walk.fail(Kind.UNSUPPORTED, "BMP with an embedded JPEG or PNG is not supported");
    }
  }

  // ---------------------------------------------------------------- bytes

  private static int u16le(byte[] b, int i) {
    return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8;
  }

  private static long u24le(byte[] b, int i) {
    return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8 | (b[i + 2] & 0xFF) << 16;
  }

  private static long u32le(byte[] b, int i) {
    return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8 | (b[i + 2] & 0xFF) << 16 | (long) (b[i + 3] & 0xFF) << 24;
  }

  private static long u32be(byte[] b, int i) {
    return (long) (b[i] & 0xFF) << 24 | (b[i + 1] & 0xFF) << 16 | (b[i + 2] & 0xFF) << 8 | (b[i + 3] & 0xFF);
  }
}
