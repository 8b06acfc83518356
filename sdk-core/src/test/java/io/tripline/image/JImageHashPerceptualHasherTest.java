package io.tripline.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.tripline.testkit.TestImages;
import io.tripline.spi.ImageHash;
import io.tripline.spi.ImageHasher;
import java.awt.GraphicsEnvironment;
import java.awt.image.BufferedImage;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class JImageHashPerceptualHasherTest {
  private final JImageHashPerceptualHasher hasher = new JImageHashPerceptualHasher();

  private static int distance(ImageHash a, ImageHash b) {
    return Long.bitCount(a.words()[0] ^ b.words()[0]);
  }

  @Test
  void hashesHeadlessWithJavaFxOnTheClassPath() {
    // JImageHash reaches into JavaFX classes on its first hash; CI has no display.
    assertThat(GraphicsEnvironment.isHeadless()).isTrue();
    ImageHash hash = hasher.hash(TestImages.scene(1, 640, 480));
    assertThat(hash.signalType()).isEqualTo("phash64");
    assertThat(hash.bits()).isEqualTo(64);
    assertThat(hash.toHex()).matches("[0-9a-f]{16}");
  }

  @Test
  void reEncodedCopyIsNearAndOtherImageIsFar() {
    BufferedImage original = TestImages.scene(7, 800, 600);
    ImageHash a = hasher.hash(TestImages.decode(TestImages.jpeg(original, 0.95f)));
    ImageHash reEncoded = hasher.hash(TestImages.decode(TestImages.jpeg(original, 0.4f)));
    ImageHash other = hasher.hash(TestImages.decode(TestImages.jpeg(TestImages.scene(8, 800, 600), 0.95f)));

    assertThat(distance(a, reEncoded)).isLessThanOrEqualTo(hasher.defaultRadius());
    assertThat(distance(a, other)).isGreaterThan(hasher.defaultRadius());
  }

  @Test
  void sameImageHashesTheSame() {
    BufferedImage image = TestImages.scene(3, 300, 200);
    assertThat(hasher.hash(image)).isEqualTo(hasher.hash(image));
  }

  @Test
  void isFoundByServiceLoader() {
    assertThat(ServiceLoader.load(ImageHasher.class).stream().map(p -> p.type().getName()))
        .contains(JImageHashPerceptualHasher.class.getName());
  }
}
