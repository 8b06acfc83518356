package io.tripline.testkit;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** Synthetic test images: shapes and gradients drawn from a seed, encoded as needed. */
public final class TestImages {
  private TestImages() {}

  /** A picture of gradients, circles and bars, different for every seed. */
  public static BufferedImage scene(long seed, int width, int height) {
    Random random = new Random(seed);
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setPaint(new GradientPaint(0, 0, randomColor(random), width, height, randomColor(random)));
    g.fillRect(0, 0, width, height);
    for (int i = 0; i < 12; i++) {
      g.setColor(randomColor(random));
      int w = width / 8 + random.nextInt(width / 3);
      int h = height / 8 + random.nextInt(height / 3);
      int x = random.nextInt(width - w / 2);
      int y = random.nextInt(height - h / 2);
      if (random.nextBoolean()) {
        g.fillOval(x, y, w, h);
      } else {
        g.setStroke(new BasicStroke(2 + random.nextInt(Math.max(3, width / 40))));
        g.drawRect(x, y, w, h);
      }
    }
    g.dispose();
    return image;
  }

  public static byte[] jpeg(BufferedImage image, float quality) {
    return jpeg(image, quality, false);
  }

  /** {@code image} as a JPEG of the given quality (0..1), progressive if asked, without metadata. */
  public static byte[] jpeg(BufferedImage image, float quality, boolean progressive) {
    Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
    ImageWriter writer = writers.next();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
      writer.setOutput(stream);
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(quality);
      if (progressive) {
        param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
      }
      writer.write(null, new IIOImage(image, null, null), param);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
    return out.toByteArray();
  }

  public static byte[] png(BufferedImage image) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  public static byte[] bmp(BufferedImage image) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "bmp", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /**
   * A valid 1x1 PNG whose IHDR is patched to claim {@code width} x {@code height} (with a correct
   * CRC), the shape of a decompression bomb: tiny file, enormous declared canvas.
   */
  public static byte[] pngClaiming(int width, int height) {
    byte[] png = png(new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB));
    // Signature (8), IHDR length (4), "IHDR" (4), then width and height, then 5 more bytes, CRC.
    if (png[12] != 'I' || png[13] != 'H' || png[14] != 'D' || png[15] != 'R') {
      throw new IllegalStateException("IHDR is not the first chunk");
    }
    java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(png);
    buffer.putInt(16, width);
    buffer.putInt(20, height);
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(png, 12, 4 + 13);
    buffer.putInt(29, (int) crc.getValue());
    return png;
  }

  public static BufferedImage decode(byte[] bytes) {
    try {
      return ImageIO.read(new java.io.ByteArrayInputStream(bytes));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Color randomColor(Random random) {
    return new Color(random.nextInt(256), random.nextInt(256), random.nextInt(256));
  }
}
