package io.tripline.sample;

import io.tripline.testkit.TestImages;
import io.tripline.image.FileDigests;
import io.tripline.image.JImageHashPerceptualHasher;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Generates the demo inputs in {@code demo/} and the demo feed that matches them. Everything is
 * synthetic: the images are gradients and shapes drawn with Java2D, the phrases are made-up
 * nonsense, the phone number is in the 555-01xx range reserved for fiction.
 *
 * <p>Deterministic (no randomness, no fonts, no dates), so re-running it reproduces the committed
 * files on the same JDK. Run it from the {@code sample-app} folder after {@code test-compile}:
 *
 * <pre>{@code
 * java -Djava.awt.headless=true -cp target/test-classes:target/classes:<dependency class path> \
 *     io.tripline.sample.DemoAssets [moduleDir]
 * }</pre>
 *
 * {@link DemoFeedTest} then checks that the committed feed still describes the committed image.
 */
final class DemoAssets {

  /** Made-up code phrase the demo feed rates high severity: the default pack blocks it. */
  static final String BLOCKED_PHRASE = "velvet pineapple ferry";
  /** Made-up code phrase the demo feed rates medium severity: the default pack flags it. */
  static final String FLAGGED_PHRASE = "amber teapot sunday";
  /** A fictional phone number (555-01xx), a medium-severity term indicator. */
  static final String FLAGGED_PHONE = "555-0142";

  static final int WIDTH = 800;
  static final int HEIGHT = 600;

  static final String FEED_RESOURCE = "src/main/resources/io/tripline/sample/demo-feed.ndjson";

  private DemoAssets() {}

  public static void main(String[] args) throws IOException {
    Path module = Path.of(args.length > 0 ? args[0] : ".");
    Path demo = Files.createDirectories(module.resolve("demo"));
    byte[] clean = TestImages.jpeg(cleanImage(), 0.9f);
    byte[] blocked = TestImages.jpeg(blockedImage(), 0.9f);
    Files.write(demo.resolve("clean.jpg"), clean);
    Files.write(demo.resolve("blocked.jpg"), blocked);
    Files.writeString(demo.resolve("blocked.txt"), blockedText(), StandardCharsets.UTF_8);
    Files.writeString(demo.resolve("flagged.txt"), flaggedText(), StandardCharsets.UTF_8);
    Path feed = module.resolve(FEED_RESOURCE);
    Files.createDirectories(feed.getParent());
    Files.writeString(feed, feed(blocked), StandardCharsets.UTF_8);
    System.out.println("wrote demo assets under " + module.toAbsolutePath().normalize());
  }

  /** A harmless landscape: sky gradient, sun, two hills, a fence. Matches nothing. */
  static BufferedImage cleanImage() {
    BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = canvas(image);
    g.setPaint(new GradientPaint(0, 0, new Color(0x1E5AA8), 0, 380, new Color(0xBFE3FF)));
    g.fill(new Rectangle2D.Double(0, 0, WIDTH, HEIGHT));
    g.setColor(new Color(0xFFD23F));
    g.fill(new Ellipse2D.Double(590, 70, 120, 120));
    g.setColor(new Color(0x4C9A2A));
    g.fill(new Ellipse2D.Double(-200, 360, 700, 480));
    g.setColor(new Color(0x2F7D32));
    g.fill(new Ellipse2D.Double(300, 400, 760, 420));
    g.setColor(new Color(0x8D6E63));
    g.setStroke(new BasicStroke(8));
    for (int x = 40; x < WIDTH; x += 60) {
      g.drawLine(x, 470, x, 560);
    }
    g.drawLine(0, 495, WIDTH, 495);
    g.drawLine(0, 535, WIDTH, 535);
    g.dispose();
    return image;
  }

  /**
   * The stand-in for "known abuse imagery": abstract rings and tilted squares on a diagonal
   * gradient. Nothing in it depicts anything; the demo feed simply lists its hashes.
   */
  static BufferedImage blockedImage() {
    BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = canvas(image);
    g.setPaint(new GradientPaint(0, 0, new Color(0x6A0572), WIDTH, HEIGHT, new Color(0xFF9A3C)));
    g.fill(new Rectangle2D.Double(0, 0, WIDTH, HEIGHT));
    g.setStroke(new BasicStroke(18));
    for (int r = 40; r <= 260; r += 55) {
      g.setColor(new Color(255, 255, 255, 90 + r / 4));
      g.draw(new Ellipse2D.Double(250 - r, 300 - r, 2.0 * r, 2.0 * r));
    }
    AffineTransform base = g.getTransform();
    for (int i = 0; i < 4; i++) {
      g.setTransform(base);
      g.rotate(Math.toRadians(15 * (i + 1)), 600, 120 + 130 * i);
      g.setColor(i % 2 == 0 ? new Color(0x0B132B) : new Color(0xF7F7F2));
      g.fill(new Rectangle2D.Double(545, 65 + 130 * i, 110, 110));
    }
    g.dispose();
    return image;
  }

  static String blockedText() {
    return "Garden chairs, barely used.\n"
        + "Ask for the " + BLOCKED_PHRASE + " deal.\n"
        + "(Demo text: the phrase above is made up; the demo feed lists it as a high-severity indicator.)\n";
  }

  static String flaggedText() {
    return "Vintage bicycle for sale, ask about the " + FLAGGED_PHRASE + " offer.\n"
        + "Call " + FLAGGED_PHONE + ".\n"
        + "(Demo text: the phrase and the fictional number are medium-severity indicators in the demo feed.)\n";
  }

  /** The demo feed: the blocked image's hashes and the three terms, one NDJSON change a line. */
  static String feed(byte[] blockedJpeg) throws IOException {
    FileDigests digests = FileDigests.of(blockedJpeg);
    String phash = phash64(blockedJpeg);
    return "# Synthetic demo feed, generated by io.tripline.sample.DemoAssets (test sources); do not edit by hand.\n"
        + "# The hashes are those of demo/blocked.jpg, a generated abstract image; the terms are made up.\n"
        + upsert("demo-img-md5", "md5", digests.md5(), "csam", "high")
        + upsert("demo-img-sha256", "sha256", digests.sha256(), "csam", "high")
        + upsert("demo-img-phash64", JImageHashPerceptualHasher.SIGNAL_TYPE, phash, "csam", "high")
        + upsert("demo-term-blocked", "term", BLOCKED_PHRASE, "trafficking", "high")
        + upsert("demo-term-flagged", "term", FLAGGED_PHRASE, "trafficking", "medium")
        + upsert("demo-term-phone", "term", FLAGGED_PHONE, "trafficking", "medium");
  }

  /** The perceptual hash sdk-core computes for an upload of these bytes, as feeds carry it. */
  static String phash64(byte[] imageBytes) throws IOException {
    BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(imageBytes));
    return new JImageHashPerceptualHasher().hash(decoded).toHex();
  }

  private static Graphics2D canvas(BufferedImage image) {
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
    return g;
  }

  private static String upsert(String id, String type, String value, String label, String severity) {
    // Values are hex digests or plain lower-case words: nothing here needs JSON escaping.
    return "{\"op\":\"upsert\",\"id\":\"" + id + "\",\"signal\":{\"type\":\"" + type + "\",\"value\":\"" + value
        + "\"},\"labels\":[\"" + label + "\"],\"severity\":\"" + severity + "\"}\n";
  }
}
