package io.tripline.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tripline.spi.Dihedral;
import io.tripline.spi.ImageHash;
import io.tripline.spi.ImageHasher;
import io.tripline.testkit.TestImages;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PdqHasherTest {

  private final PdqHasher hasher = new PdqHasher();

  @Test
  void describesItselfAsPdq() {
    assertThat(hasher.signalType()).isEqualTo("pdq");
    assertThat(hasher.bits()).isEqualTo(256);
    assertThat(hasher.defaultRadius()).isEqualTo(31);
    assertThat(hasher.minQuality()).isEqualTo(50);
    ImageHash hash = hasher.hash(TestImages.scene(1, 320, 240));
    assertThat(hash.signalType()).isEqualTo("pdq");
    assertThat(hash.bits()).isEqualTo(256);
    assertThat(hash.toHex()).matches("[0-9a-f]{64}");
    // Half the 256 DCT values lie above their median: 128 bits set, give or take ties.
    assertThat(PdqHasher.distance(hash, PdqHasher.parse("0".repeat(64)))).isBetween(120, 128);
  }

  @ParameterizedTest(name = "{0}x{1}")
  @CsvSource({"4,100", "100,4", "1,1", "4,4", "4,4000", "3000,2"})
  void imagesUnderFivePixelsHashToZerosWithQualityZero(int width, int height) {
    BufferedImage image = noise(width, height);
    ImageHash zero = new ImageHash("pdq", new long[4], 256, 0);

    assertThat(hasher.hash(image)).isEqualTo(zero);
    Map<Dihedral, ImageHash> variants = hasher.hashWithVariants(image);
    assertThat(variants).hasSize(8).containsOnlyKeys(Dihedral.values());
    assertThat(variants.values()).containsOnly(zero);
  }

  private static BufferedImage noise(int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    java.util.Random random = new java.util.Random(width * 7919L + height);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        image.setRGB(x, y, random.nextInt(1 << 24));
      }
    }
    return image;
  }

  @Test
  void fiveByFiveIsHashed() {
    ImageHash hash = hasher.hash(noise(5, 5));
    assertThat(hash.toHex()).isNotEqualTo("0".repeat(64));
    assertThat(hash.quality()).isPositive();
  }

  @Test
  void variantsHoldAllEightAndTheOriginalIsTheHash() {
    BufferedImage image = TestImages.scene(3, 640, 480);
    Map<Dihedral, ImageHash> variants = hasher.hashWithVariants(image);

    assertThat(variants).containsOnlyKeys(Dihedral.values());
    assertThat(variants.get(Dihedral.ORIGINAL)).isEqualTo(hasher.hash(image));
    assertThat(variants.values()).extracting(ImageHash::quality).containsOnly(hasher.hash(image).quality());
    // Each variant is a different hash of the same picture.
    assertThat(variants.values().stream().map(ImageHash::toHex).distinct()).hasSize(8);
  }

  @Test
  void variantsAreNearTheHashesOfTheTurnedPixels() {
    // pdq.md: close to, not equal to, the hash of the really rotated pixels on photo-like images.
    BufferedImage photo = grey(TestImages.scene(4, 800, 600));
    Map<Dihedral, ImageHash> variants = hasher.hashWithVariants(photo);
    for (Dihedral d : Dihedral.values()) {
      ImageHash turned = hasher.hash(PdqVectors.turnGrey(photo, d));
      assertThat(PdqHasher.distance(variants.get(d), turned)).as(d.name()).isLessThanOrEqualTo(16);
    }
  }

  private static BufferedImage grey(BufferedImage image) {
    BufferedImage grey = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int rgb = image.getRGB(x, y);
        grey.getRaster().setSample(x, y, 0, ((rgb >> 16 & 0xFF) + (rgb >> 8 & 0xFF) + (rgb & 0xFF)) / 3);
      }
    }
    return grey;
  }

  @Test
  void alphaIsIgnoredNotComposited() {
    BufferedImage opaque = TestImages.scene(5, 300, 200);
    BufferedImage translucent = new BufferedImage(300, 200, BufferedImage.TYPE_INT_ARGB);
    for (int y = 0; y < 200; y++) {
      for (int x = 0; x < 300; x++) {
        int alpha = (x * 7 + y * 3) & 0xFF;
        translucent.setRGB(x, y, alpha << 24 | (opaque.getRGB(x, y) & 0xFFFFFF));
      }
    }
    assertThat(hasher.hash(translucent)).isEqualTo(hasher.hash(opaque));
  }

  @Test
  void sixteenBitGreyIsClippedAt255NotRescaled() {
    BufferedImage deep = new BufferedImage(200, 120, BufferedImage.TYPE_USHORT_GRAY);
    BufferedImage clipped = new BufferedImage(200, 120, BufferedImage.TYPE_BYTE_GRAY);
    WritableRaster d = deep.getRaster();
    WritableRaster c = clipped.getRaster();
    for (int y = 0; y < 120; y++) {
      for (int x = 0; x < 200; x++) {
        int sample = (x * 3 + y * 5) % 600;
        d.setSample(x, y, 0, sample);
        c.setSample(x, y, 0, Math.min(sample, 255));
      }
    }
    assertThat(hasher.hash(deep)).isEqualTo(hasher.hash(clipped));
  }

  @Test
  void greyIsReadFromTheSamplesNotThroughGetRgb() {
    BufferedImage grey = grey(TestImages.scene(6, 400, 300));
    BufferedImage throughGetRgb = new BufferedImage(400, 300, BufferedImage.TYPE_INT_RGB);
    BufferedImage replicated = new BufferedImage(400, 300, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 300; y++) {
      for (int x = 0; x < 400; x++) {
        throughGetRgb.setRGB(x, y, grey.getRGB(x, y));
        int v = grey.getRaster().getSample(x, y, 0);
        replicated.setRGB(x, y, v << 16 | v << 8 | v);
      }
    }
    // getRGB brightens grey (linear to sRGB), which moves the hash; the samples do not.
    assertThat(PdqHasher.distance(hasher.hash(grey), hasher.hash(replicated))).isLessThanOrEqualTo(2);
    assertThat(PdqHasher.distance(hasher.hash(grey), hasher.hash(throughGetRgb))).isGreaterThan(2);
  }

  @Test
  void hashingIsRepeatableAcrossImageSizesSharingPooledScratch() {
    BufferedImage small = TestImages.scene(7, 97, 61);
    BufferedImage large = TestImages.scene(8, 2100, 1500);
    BufferedImage tall = TestImages.scene(9, 130, 2000);
    ImageHash smallFirst = hasher.hash(small);
    ImageHash largeFirst = hasher.hash(large);
    ImageHash tallFirst = hasher.hash(tall);

    assertThat(hasher.hash(small)).isEqualTo(smallFirst);
    assertThat(hasher.hash(tall)).isEqualTo(tallFirst);
    assertThat(hasher.hash(large)).isEqualTo(largeFirst);
    assertThat(hasher.hash(small)).isEqualTo(smallFirst);
    assertThat(smallFirst.toHex()).isEqualTo(PdqSlowReference.hash(small).original());
    assertThat(tallFirst.toHex()).isEqualTo(PdqSlowReference.hash(tall).original());
  }

  @Test
  void concurrentHashesAreTheSameAsSequentialOnes() throws Exception {
    List<BufferedImage> images = new ArrayList<>();
    List<ImageHash> expected = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      BufferedImage image = TestImages.scene(20 + i, 200 + 150 * i, 900 - 100 * i);
      images.add(image);
      expected.add(hasher.hash(image));
    }
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int task = 0; task < 48; task++) {
        int i = task % images.size();
        results.add(pool.submit(() -> hasher.hash(images.get(i)).equals(expected.get(i))));
      }
      for (Future<Boolean> result : results) {
        assertThat(result.get()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void nullImageIsRefused() {
    assertThatThrownBy(() -> hasher.hash(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> hasher.hashWithVariants(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void isFoundByServiceLoader() {
    assertThat(ServiceLoader.load(ImageHasher.class).stream().map(p -> p.type().getName()))
        .contains(PdqHasher.class.getName(), JImageHashPerceptualHasher.class.getName());
  }
}
