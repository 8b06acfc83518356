package io.tripline.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.tripline.spi.ImageHash;
import io.tripline.spi.ImageHasher;
import io.tripline.testkit.TestImages;
import java.awt.image.BufferedImage;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class JImageHashDifferenceHasherTest {
  private final JImageHashDifferenceHasher hasher = new JImageHashDifferenceHasher();

  static int distance(ImageHash a, ImageHash b) {
    long[] x = a.words();
    long[] y = b.words();
    int distance = 0;
    for (int i = 0; i < x.length; i++) {
      distance += Long.bitCount(x[i] ^ y[i]);
    }
    return distance;
  }

  @Test
  void isNamedByAlgorithmAndTheBitLengthJImageHashReallyProduces() {
    ImageHash hash = hasher.hash(TestImages.scene(1, 640, 480));
    assertThat(hasher.signalType()).isEqualTo("dhash72");
    assertThat(hasher.bits()).isEqualTo(72);
    assertThat(hash.signalType()).isEqualTo("dhash72");
    assertThat(hash.bits()).isEqualTo(72);
    assertThat(hash.words()).hasSize(2);
    assertThat(hash.toHex()).matches("[0-9a-f]{18}");
    // The 56 unused low bits of the second word stay zero, so distances count only hash bits.
    assertThat(hash.words()[1] & ((1L << 56) - 1)).isZero();
    assertThat(hash.quality()).isEqualTo(100);
  }

  @Test
  void theHexFormIsTheJImageHashValue() {
    BufferedImage image = TestImages.scene(2, 300, 200);
    var raw = new dev.brachtendorf.jimagehash.hashAlgorithms.DifferenceHash(64,
        dev.brachtendorf.jimagehash.hashAlgorithms.DifferenceHash.Precision.Simple).hash(image);
    assertThat(new java.math.BigInteger(hasher.hash(image).toHex(), 16)).isEqualTo(raw.getHashValue());
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
        .contains(JImageHashDifferenceHasher.class.getName());
  }
}
