package io.tripline.sample;

import io.tripline.image.ImageDecoder;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Makes the public thumbnail of an uploaded image. The site never serves the upload itself: a
 * re-encoded JPEG drops whatever metadata (location, camera serial) or trailing payload the file
 * carried. Decoding goes through sdk-core's bounded {@link ImageDecoder}, so a decompression bomb
 * costs nothing. Thread-safe.
 */
final class Thumbnails {

  static final int MAX_WIDTH = 480;
  static final int MAX_HEIGHT = 360;
  /** Upload limit is 10 MB; no honest classified photo needs more than 40 megapixels. */
  private static final long MAX_PIXELS = 40_000_000L;

  private static final ImageDecoder DECODER = new ImageDecoder(MAX_PIXELS);

  private Thumbnails() {}

  /** The thumbnail of {@code upload} as JPEG, or empty if it is not a decodable image. */
  static Optional<byte[]> of(byte[] upload) {
    if (!(DECODER.decode(upload) instanceof ImageDecoder.Decoded decoded)) {
      return Optional.empty();
    }
    BufferedImage source = decoded.image();
    double scale = Math.min(1.0, Math.min((double) MAX_WIDTH / source.getWidth(), (double) MAX_HEIGHT / source.getHeight()));
    int width = Math.max(1, (int) Math.round(source.getWidth() * scale));
    int height = Math.max(1, (int) Math.round(source.getHeight() * scale));
    BufferedImage thumb = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = thumb.createGraphics();
    try {
      // White behind transparent PNG/GIF pixels: JPEG has no alpha.
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, width, height);
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
      g.drawImage(source, 0, 0, width, height, null);
    } finally {
      g.dispose();
    }
    return Optional.of(jpeg(thumb));
  }

  private static byte[] jpeg(BufferedImage image) {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
      writer.setOutput(stream);
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(0.85f);
      writer.write(null, new IIOImage(image, null, null), param);
    } catch (IOException e) {
      // Writing to memory does not fail for I/O reasons.
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
    return out.toByteArray();
  }
}
