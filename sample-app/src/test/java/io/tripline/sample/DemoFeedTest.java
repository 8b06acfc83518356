package io.tripline.sample;

import io.tripline.testkit.TestImages;
import static org.assertj.core.api.Assertions.assertThat;

import io.tripline.Indicator;
import io.tripline.Submission;
import io.tripline.Tripline;
import io.tripline.Verdict;
import io.tripline.feed.NdjsonFeed;
import io.tripline.image.FileDigests;
import io.tripline.image.JImageHashPerceptualHasher;
import io.tripline.spi.ImageHash;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * Keeps the demo feed and the demo files in step: the feed must list exactly the hashes sdk-core
 * computes for {@code demo/blocked.jpg}, and the demo inputs must get the verdicts the home page
 * promises, with the engine alone (no HTTP).
 */
class DemoFeedTest {

  private static final Path DEMO = Path.of("demo");
  private static final Tripline TRIPLINE = SampleApp.demoTripline();

  @Test
  void feedListsTheHashesOfTheBlockedDemoImage() throws IOException {
    byte[] blocked = Files.readAllBytes(DEMO.resolve("blocked.jpg"));
    FileDigests digests = FileDigests.of(blocked);
    ImageHash phash = new JImageHashPerceptualHasher().hash(ImageIO.read(new ByteArrayInputStream(blocked)));

    Map<String, Indicator> byId = feed().stream().collect(Collectors.toMap(Indicator::id, Function.identity()));
    assertThat(byId.get("demo-img-md5").value()).isEqualTo(digests.md5());
    assertThat(byId.get("demo-img-sha256").value()).isEqualTo(digests.sha256());
    assertThat(byId.get("demo-img-phash64").signalType()).isEqualTo(JImageHashPerceptualHasher.SIGNAL_TYPE);
    assertThat(byId.get("demo-img-phash64").value()).isEqualTo(phash.toHex());
    assertThat(List.of(byId.get("demo-img-md5"), byId.get("demo-img-sha256"), byId.get("demo-img-phash64")))
        .allSatisfy(indicator -> assertThat(indicator.labels()).containsExactly("csam"));
  }

  @Test
  void jarCarriesTheSameDemoFilesAsTheDemoFolder() throws IOException {
    for (DemoFile file : DemoFile.values()) {
      try (InputStream in = file.open()) {
        assertThat(in).as(file.fileName()).isNotNull();
        assertThat(in.readAllBytes()).as(file.fileName()).isEqualTo(Files.readAllBytes(DEMO.resolve(file.fileName())));
      }
    }
  }

  @Test
  void demoTextsAreWhatTheGeneratorWrites() throws IOException {
    assertThat(Files.readString(DEMO.resolve("blocked.txt"), StandardCharsets.UTF_8)).isEqualTo(DemoAssets.blockedText());
    assertThat(Files.readString(DEMO.resolve("flagged.txt"), StandardCharsets.UTF_8)).isEqualTo(DemoAssets.flaggedText());
  }

  @Test
  void cleanImageMatchesNothing() throws IOException {
    Verdict verdict = inspectImage(Files.readAllBytes(DEMO.resolve("clean.jpg")));
    assertThat(verdict).isInstanceOf(Verdict.Allow.class);
    assertThat(verdict.matches()).isEmpty();
  }

  @Test
  void blockedImageIsBlockedByEveryHash() throws IOException {
    Verdict verdict = inspectImage(Files.readAllBytes(DEMO.resolve("blocked.jpg")));
    assertThat(verdict).isInstanceOf(Verdict.Block.class);
    assertThat(verdict.matches()).extracting(m -> m.signalType()).containsExactlyInAnyOrder("md5", "sha256", "phash64");
    assertThat(((Verdict.Block) verdict).status()).isEqualTo(422);
  }

  @Test
  void reencodedBlockedImageIsStillBlockedByThePerceptualHash() throws IOException {
    byte[] copy = reencoded(Files.readAllBytes(DEMO.resolve("blocked.jpg")));
    Verdict verdict = inspectImage(copy);
    assertThat(verdict).isInstanceOf(Verdict.Block.class);
    assertThat(verdict.matches()).extracting(m -> m.signalType()).containsExactly("phash64");
  }

  @Test
  void demoTextsGetTheirVerdicts() throws IOException {
    assertThat(inspectText(Files.readString(DEMO.resolve("blocked.txt")))).isInstanceOf(Verdict.Block.class);
    assertThat(inspectText(Files.readString(DEMO.resolve("flagged.txt")))).isInstanceOf(Verdict.Flag.class);
    assertThat(inspectText("Call 555-0142 after six")).isInstanceOf(Verdict.Flag.class);
    assertThat(inspectText("Garden chairs, barely used, call 555-0199")).isInstanceOf(Verdict.Allow.class);
  }

  /** {@code image} decoded, scaled to 90% and saved again as a JPEG of quality 0.6. */
  static byte[] reencoded(byte[] image) throws IOException {
    BufferedImage source = ImageIO.read(new ByteArrayInputStream(image));
    int width = source.getWidth() * 9 / 10;
    int height = source.getHeight() * 9 / 10;
    BufferedImage scaled = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = scaled.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(source, 0, 0, width, height, null);
    g.dispose();
    return TestImages.jpeg(scaled, 0.6f);
  }

  static List<Indicator> feed() throws IOException {
    try (InputStream in = DemoFeedTest.class.getClassLoader().getResourceAsStream(SampleApp.DEMO_FEED)) {
      assertThat(in).as(SampleApp.DEMO_FEED).isNotNull();
      return NdjsonFeed.read(in, "demo", SampleApp.DEMO_FEED);
    }
  }

  private static Verdict inspectImage(byte[] bytes) {
    return TRIPLINE.inspect(Submission.builder().text("title", "A picture").file("image", "a.jpg", "image/jpeg", bytes).build());
  }

  private static Verdict inspectText(String text) {
    return TRIPLINE.inspect(Submission.builder().text("title", "An ad").text("text", text).build());
  }
}
