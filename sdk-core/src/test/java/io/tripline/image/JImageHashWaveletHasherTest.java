package io.tripline.image;

import static io.tripline.image.JImageHashDifferenceHasherTest.distance;
import static org.assertj.core.api.Assertions.assertThat;

import io.tripline.spi.ImageHash;
import io.tripline.spi.ImageHasher;
import io.tripline.testkit.TestImages;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class JImageHashWaveletHasherTest {
  private final JImageHashWaveletHasher hasher = new JImageHashWaveletHasher();

  @Test
  void isNamedByAlgorithmAndTheBitLengthJImageHashReallyProduces() {
    ImageHash hash = hasher.hash(TestImages.scene(1, 640, 480));
    assertThat(hasher.signalType()).isEqualTo("whash64");
    assertThat(hasher.bits()).isEqualTo(64);
    assertThat(hash.signalType()).isEqualTo("whash64");
    assertThat(hash.bits()).isEqualTo(64);
    assertThat(hash.toHex()).matches("[0-9a-f]{16}");
    assertThat(hash.quality()).isEqualTo(100);
  }

  @Test
  void theHexFormIsTheJImageHashValue() {
    BufferedImage image = TestImages.scene(2, 300, 200);
    var raw = new dev.brachtendorf.jimagehash.hashAlgorithms.WaveletHash(64, 3).hash(image);
    assertThat(new java.math.BigInteger(hasher.hash(image).toHex(), 16)).isEqualTo(raw.getHashValue());
  }

  @Test
  void reEncodedAndResizedCopiesAreNearAndOtherImageIsFar() {
    BufferedImage original = TestImages.scene(7, 800, 600);
    ImageHash a = hasher.hash(TestImages.decode(TestImages.jpeg(original, 0.95f)));
    ImageHash reEncoded = hasher.hash(TestImages.decode(TestImages.jpeg(original, 0.4f)));
    BufferedImage half = new BufferedImage(400, 300, BufferedImage.TYPE_INT_RGB);
    half.createGraphics().drawImage(original, 0, 0, 400, 300, null);
    ImageHash resized = hasher.hash(TestImages.decode(TestImages.jpeg(half, 0.7f)));
    ImageHash other = hasher.hash(TestImages.decode(TestImages.jpeg(TestImages.scene(8, 800, 600), 0.95f)));

    assertThat(distance(a, reEncoded)).isLessThanOrEqualTo(hasher.defaultRadius());
    assertThat(distance(a, resized)).isLessThanOrEqualTo(hasher.defaultRadius());
    assertThat(distance(a, other)).isGreaterThan(hasher.defaultRadius());
  }

  @Test
  void concurrentHashesAgree() throws Exception {
    // One hasher instance serves every upload concurrently.
    List<BufferedImage> images = IntStream.range(0, 8).mapToObj(i -> TestImages.scene(30 + i, 320, 240)).toList();
    List<ImageHash> expected = images.stream().map(hasher::hash).toList();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      for (int round = 0; round < 5; round++) {
        List<Future<ImageHash>> futures = images.stream().map(i -> pool.submit(() -> hasher.hash(i))).toList();
        for (int i = 0; i < futures.size(); i++) {
          assertThat(futures.get(i).get()).isEqualTo(expected.get(i));
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void isFoundByServiceLoader() {
    assertThat(ServiceLoader.load(ImageHasher.class).stream().map(p -> p.type().getName()))
        .contains(JImageHashWaveletHasher.class.getName());
  }
}
