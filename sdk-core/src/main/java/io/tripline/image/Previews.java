package io.tripline.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Objects;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Preview images for reviewers: an upload's bytes in, a small PNG out, re-encoded from fresh
 * pixels so that nothing of the original file but its picture reaches the review UI.
 *
 * <ul>
 *   <li>Decoding goes through the bounded {@link ImageDecoder}: the byte and pixel budgets apply,
 *       decompression bombs are refused before any pixel is decoded, and anything undecodable is
 *       an {@link Unavailable} result, never an exception.
 *   <li>The EXIF orientation is applied, so the preview is shown the way a viewer would show the
 *       upload.
 *   <li>The picture is scaled (area average) to fit within {@link Builder#maxSide(int)} pixels,
 *       default {@value #DEFAULT_MAX_SIDE}; it is never enlarged. Transparency is flattened onto
 *       white.
 *   <li>The PNG is written by ImageIO's PNG writer from a new image without metadata: it holds
 *       only {@code IHDR}, {@code IDAT} and {@code IEND}, no EXIF, ICC profile, text or time.
 *   <li>{@link Variant#PROTECTED} is greyscale and strongly blurred here, on the server, so a
 *       reviewer's browser never receives the clear pixels until the reviewer asks for
 *       {@link Variant#CLEAR}.
 * </ul>
 *
 * <p>Immutable and thread-safe.
 */
public final class Previews {
  private static final Logger log = LoggerFactory.getLogger(Previews.class);

  /** Default bound on the preview's longer side, in pixels. */
  public static final int DEFAULT_MAX_SIDE = 640;

  private static final Previews DEFAULTS = builder().build();

  private final ImageDecoder decoder;
  private final int maxSide;

  private Previews(Builder builder) {
    this.decoder = builder.decoder;
    this.maxSide = builder.maxSide;
  }

  /** Previews within {@value #DEFAULT_MAX_SIDE} px, decoded with the default budgets. */
  public static Previews defaults() {
    return DEFAULTS;
  }

  /** A builder with the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Which preview. */
  public enum Variant {
    /** The picture as the uploader sent it, scaled down. Served only after a reviewer's reveal. */
    CLEAR,
    /** Greyscale and blurred beyond recognition of detail: what a reviewer sees by default. */
    PROTECTED
  }

  /** A preview, or why there is none. */
  public sealed interface Result permits Preview, Unavailable {}

  /**
   * A rendered preview.
   *
   * @param variant which variant this is
   * @param width its width in pixels
   * @param height its height in pixels
   */
  public record Preview(Variant variant, int width, int height, byte[] png) implements Result {
    /**
     * @throws NullPointerException if {@code variant} or {@code png} is null
     * @throws IllegalArgumentException if a dimension is not positive
     */
    public Preview {
      Objects.requireNonNull(variant, "variant");
      Objects.requireNonNull(png, "png");
      if (width <= 0 || height <= 0) {
        throw new IllegalArgumentException("a preview needs pixels, was " + width + "x" + height);
      }
      png = png.clone();
    }

    /** The PNG file; a copy. */
    @Override
    public byte[] png() {
      return png.clone();
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Preview p && p.variant == variant && p.width == width && p.height == height
          && Arrays.equals(p.png, png);
    }

    @Override
    public int hashCode() {
      return Objects.hash(variant, width, height, Arrays.hashCode(png));
    }

    @Override
    public String toString() {
      return "Preview[" + variant + ", " + width + "x" + height + ", " + png.length + " bytes]";
    }
  }

  /**
   * No preview could be made.
   *
   * @param kind what sort of refusal, as the decoder classifies it
   * @param reason why, for logs and reviewers; never contains the file's content
   */
  public record Unavailable(ImageDecoder.Undecodable.Kind kind, String reason) implements Result {
    /**
     * @throws NullPointerException if an argument is null
     */
    public Unavailable {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** The bound on the preview's longer side, in pixels. */
  public int maxSide() {
    return maxSide;
  }

  /**
   * Renders the {@code variant} preview of the image in {@code bytes}.
   *
   * @return a {@link Preview}, or {@link Unavailable} for anything that does not decode within
   *     the decoder's budgets; never throws for bad input
   * @throws NullPointerException if an argument is null
   */
  public Result render(byte[] bytes, Variant variant) {
    Objects.requireNonNull(bytes, "bytes");
    Objects.requireNonNull(variant, "variant");
    ImageDecoder.Result decoded = decoder.decode(bytes);
    if (decoded instanceof ImageDecoder.Undecodable undecodable) {
      return new Unavailable(undecodable.kind(), undecodable.reason());
    }
    ImageDecoder.Decoded image = (ImageDecoder.Decoded) decoded;
    try {
      return render(image.image(), image.exifOrientation(), variant);
    } catch (IOException | RuntimeException e) {
      // Only the exception's type: a decoder's message may quote bytes of the file.
      log.debug("preview not rendered: {}", e.getClass().getName());
      return new Unavailable(ImageDecoder.Undecodable.Kind.CORRUPT,
          "the preview could not be rendered (" + e.getClass().getSimpleName() + ")");
    }
  }

  private Result render(BufferedImage source, int orientation, Variant variant) throws IOException {
    Pixels pixels = orient(scale(source, maxSide), orientation);
    if (variant == Variant.CLEAR) {
      BufferedImage out = new BufferedImage(pixels.width, pixels.height, BufferedImage.TYPE_INT_RGB);
      int[] target = ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
      System.arraycopy(pixels.rgb, 0, target, 0, target.length);
      return new Preview(variant, pixels.width, pixels.height, png(out));
    }
    int[] grey = grey(pixels.rgb);
    // A radius of a twentieth of the longer side, three times over (close to a Gaussian): faces,
    // text and detail are gone; the layout of light and dark stays, so a reviewer can judge
    // whether to reveal.
    int radius = Math.max(4, Math.max(pixels.width, pixels.height) / 20);
    int[] scratch = new int[grey.length];
    for (int pass = 0; pass < 3; pass++) {
      boxBlur(grey, scratch, pixels.width, pixels.height, radius);
    }
    BufferedImage out = new BufferedImage(pixels.width, pixels.height, BufferedImage.TYPE_BYTE_GRAY);
    byte[] target = ((DataBufferByte) out.getRaster().getDataBuffer()).getData();
    for (int i = 0; i < grey.length; i++) {
      target[i] = (byte) grey[i];
    }
    return new Preview(variant, pixels.width, pixels.height, png(out));
  }

  /** Opaque RGB pixels, row-major, {@code 0xRRGGBB}. */
  private record Pixels(int[] rgb, int width, int height) {}

  /**
   * {@code source} scaled by area average to fit within {@code maxSide}, never enlarged, flattened
   * onto white. Reads one source row at a time, so the cost is one pass over the pixels and the
   * memory that of the preview.
   */
  static Pixels scale(BufferedImage source, int maxSide) {
    int sw = source.getWidth();
    int sh = source.getHeight();
    double factor = Math.min(1.0, (double) maxSide / Math.max(sw, sh));
    int dw = Math.max(1, (int) Math.round(sw * factor));
    int dh = Math.max(1, (int) Math.round(sh * factor));
    long[] sums = new long[dw * dh * 3];
    int[] counts = new int[dw * dh];
    int[] columnOf = new int[sw];
    for (int x = 0; x < sw; x++) {
      columnOf[x] = Math.min(dw - 1, (int) ((long) x * dw / sw));
    }
    int[] row = new int[sw];
    for (int y = 0; y < sh; y++) {
      source.getRGB(0, y, sw, 1, row, 0, sw);
      int dy = Math.min(dh - 1, (int) ((long) y * dh / sh));
      int base = dy * dw;
      for (int x = 0; x < sw; x++) {
        int argb = row[x];
        int a = argb >>> 24;
        int white = 255 * (255 - a);
        int r = (((argb >> 16) & 0xff) * a + white) / 255;
        int g = (((argb >> 8) & 0xff) * a + white) / 255;
        int b = ((argb & 0xff) * a + white) / 255;
        int d = base + columnOf[x];
        sums[d * 3] += r;
        sums[d * 3 + 1] += g;
        sums[d * 3 + 2] += b;
        counts[d]++;
      }
    }
    int[] rgb = new int[dw * dh];
    for (int i = 0; i < rgb.length; i++) {
      int n = Math.max(1, counts[i]);
      int r = (int) ((sums[i * 3] + n / 2) / n);
      int g = (int) ((sums[i * 3 + 1] + n / 2) / n);
      int b = (int) ((sums[i * 3 + 2] + n / 2) / n);
      rgb[i] = (r << 16) | (g << 8) | b;
    }
    return new Pixels(rgb, dw, dh);
  }

  /** {@code pixels} as a viewer displays them for EXIF {@code orientation} 1..8. */
  static Pixels orient(Pixels pixels, int orientation) {
    if (orientation <= 1 || orientation > 8) {
      return pixels;
    }
    int w = pixels.width;
    int h = pixels.height;
    boolean swap = orientation >= 5;
    int ow = swap ? h : w;
    int oh = swap ? w : h;
    int[] out = new int[ow * oh];
    for (int y = 0; y < oh; y++) {
      for (int x = 0; x < ow; x++) {
        // The stored pixel shown at (x, y).
        int sx;
        int sy;
        switch (orientation) {
          case 2 -> { sx = w - 1 - x; sy = y; }          // mirrored
          case 3 -> { sx = w - 1 - x; sy = h - 1 - y; }  // upside down
          case 4 -> { sx = x; sy = h - 1 - y; }          // flipped
          case 5 -> { sx = y; sy = x; }                  // transposed
          case 6 -> { sx = y; sy = h - 1 - x; }          // shown turned 90 degrees clockwise
          case 7 -> { sx = w - 1 - y; sy = h - 1 - x; }  // anti-transposed
          default -> { sx = w - 1 - y; sy = x; }         // 8: turned 90 degrees counter-clockwise
        }
        out[y * ow + x] = pixels.rgb[sy * w + sx];
      }
    }
    return new Pixels(out, ow, oh);
  }

  /** Rec. 601 luma, 0..255. */
  private static int[] grey(int[] rgb) {
    int[] grey = new int[rgb.length];
    for (int i = 0; i < rgb.length; i++) {
      int p = rgb[i];
      grey[i] = (299 * ((p >> 16) & 0xff) + 587 * ((p >> 8) & 0xff) + 114 * (p & 0xff) + 500) / 1000;
    }
    return grey;
  }

  /** A box blur of {@code radius}, horizontal then vertical, edges clamped; in place. */
  private static void boxBlur(int[] values, int[] scratch, int w, int h, int radius) {
    int size = 2 * radius + 1;
    for (int y = 0; y < h; y++) {
      int row = y * w;
      int sum = 0;
      for (int k = -radius; k <= radius; k++) {
        sum += values[row + clamp(k, w)];
      }
      for (int x = 0; x < w; x++) {
        scratch[row + x] = sum / size;
        sum += values[row + clamp(x + radius + 1, w)] - values[row + clamp(x - radius, w)];
      }
    }
    for (int x = 0; x < w; x++) {
      int sum = 0;
      for (int k = -radius; k <= radius; k++) {
        sum += scratch[clamp(k, h) * w + x];
      }
      for (int y = 0; y < h; y++) {
        values[y * w + x] = sum / size;
        sum += scratch[clamp(y + radius + 1, h) * w + x] - scratch[clamp(y - radius, h) * w + x];
      }
    }
  }

  private static int clamp(int i, int n) {
    return i < 0 ? 0 : (i >= n ? n - 1 : i);
  }

  /**
   * {@code image} as PNG, written in memory (never through ImageIO's disk cache) with no
   * metadata: the writer gets none, and the image is a fresh one that carries none.
   */
  private static byte[] png(BufferedImage image) throws IOException {
    Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("png");
    if (!writers.hasNext()) {
      throw new IOException("no PNG writer in this JVM");
    }
    ImageWriter writer = writers.next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 * 1024);
    try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      writer.write(null, new IIOImage(image, null, null), null);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }

  /**
   * Configures {@link Previews}. Not thread-safe; {@link #build()} copies the configuration, so
   * a builder may be reused.
   */
  public static final class Builder {
    private ImageDecoder decoder = new ImageDecoder(ImageDecoder.DEFAULT_MAX_PIXELS);
    private int maxSide = DEFAULT_MAX_SIDE;

    Builder() {}

    /**
     * The decoder, with its byte and pixel budgets; default {@link ImageDecoder} with its
     * defaults.
     *
     * @throws NullPointerException if {@code decoder} is null
     */
    public Builder decoder(ImageDecoder decoder) {
      this.decoder = Objects.requireNonNull(decoder, "decoder");
      return this;
    }

    /**
     * The bound on the preview's longer side, in pixels; default {@value Previews#DEFAULT_MAX_SIDE}.
     *
     * @throws IllegalArgumentException if {@code pixels} is not 16..4096
     */
    public Builder maxSide(int pixels) {
      if (pixels < 16 || pixels > 4096) {
        throw new IllegalArgumentException("maxSide must be 16..4096, was " + pixels);
      }
      this.maxSide = pixels;
      return this;
    }

    /** Previews with this configuration. */
    public Previews build() {
      return new Previews(this);
    }
  }
}
